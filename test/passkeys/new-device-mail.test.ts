import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailOutboxStore } from '../../adapters/postgres/mail-outbox-store.ts';
import { newDeviceMailNotifier } from '../../server/devices/new-device-mail.ts';
import { createMailTransport } from '../../server/mail/mail-transport.ts';
import { createMailer, type Mailer } from '../../server/mail/mailer.ts';
import { createUi } from '../../views/ui.ts';
import { testDatabase } from '../helpers/database.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';

const ISSUER = 'http://localhost:4017';
const silent = { info() {}, warn() {} };

describe('new-device mail over the durable outbox and a real SMTP server', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let smtp: TestSmtp;
  let mailer: Mailer;

  beforeAll(async () => {
    db = await testDatabase();
    smtp = await startSmtp();
    mailer = createMailer({
      outbox: createMailOutboxStore(db.pool),
      transport: createMailTransport(
        { SMTP_URL: smtp.url, MAIL_FROM: 'Casino <no-reply@casino.test>', DATA_DIR: '', ISSUER },
        silent,
      ),
      log: silent,
      pollMs: 100,
    });
    mailer.start();
  });
  afterAll(async () => {
    await mailer?.stop();
    await smtp?.stop();
    await db?.close();
  });

  it('tells the player when, from which IP and which browser, in the sign-in language, linking to /account', async () => {
    const notify = newDeviceMailNotifier({ send: (m) => mailer.send(m), issuer: ISSUER });
    const at = new Date('2026-11-30T12:34:56Z');
    const device = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (Travel tablet)', at };
    await notify({ accountId: 'a1', email: 'traveller@example.com', ...device });
    const english = await smtp.waitFor(sentTo('traveller@example.com'));
    expect(english.subject).toBe('New sign-in to your Pitboss account');
    expect(english.text).toContain(
      'When: 2026-11-30 12:34 UTC. IP address: 203.0.113.9. Browser: Mozilla/5.0 (Travel tablet).',
    );
    expect(linkIn(english, ISSUER)).toBe(`${ISSUER}/account`);

    await notify({ accountId: 'a2', email: 'reisende@example.com', ...device, ui: createUi('de') });
    const german = await smtp.waitFor(sentTo('reisende@example.com'));
    expect(german.subject).toBe('Neue Anmeldung bei deinem Pitboss-Konto');
    expect(german.text).toContain('IP-Adresse: 203.0.113.9');
    expect(german.html).toContain('lang="de"');
  });
});
