import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMailOutboxStore } from '../../adapters/postgres/mail-outbox-store.ts';
import type { OutgoingMail } from '../../server/mail/mail-outbox.ts';
import { createMailTransport } from '../../server/mail/mail-transport.ts';
import { createMailer, type Mailer } from '../../server/mail/mailer.ts';
import { testDatabase } from '../helpers/database.ts';
import { sentTo, startSmtp } from '../helpers/smtp-server.ts';

const ISSUER = 'http://localhost:4000';
const silent = { info() {}, warn() {} };

const mail = (to: string, n = 0): OutgoingMail => ({
  kind: 'verify_email',
  to,
  subject: `Confirm ${n}`,
  text: `Hello,\n\n${ISSUER}/verify-email?token=t${n}\n`,
  html: `<p><a href="${ISSUER}/verify-email?token=t${n}">Confirm</a></p>`,
});

describe('durable mail: Postgres outbox, nodemailer, a real SMTP server', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await testDatabase();
  });
  // Each test's mailers and servers stop with it, so no worker from one test claims another's mail.
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(async () => {
    await db?.close();
  });

  function mailer(smtpUrl: string, backoffMs = 50): Mailer {
    const m = createMailer({
      outbox: createMailOutboxStore(db.pool),
      transport: createMailTransport(
        { SMTP_URL: smtpUrl, MAIL_FROM: 'Casino <no-reply@casino.test>', DATA_DIR: '', ISSUER },
        silent,
      ),
      log: silent,
      pollMs: 100,
      backoff: { baseMs: backoffMs, maxMs: backoffMs * 4 },
    });
    m.start();
    stops.push(() => m.stop());
    return m;
  }

  it('queues before answering, delivers over SMTP, and keeps no body once sent', async () => {
    const smtp = await startSmtp();
    stops.push(() => smtp.stop());
    await mailer(smtp.url).send(mail('first@example.com', 1));
    const received = await smtp.waitFor(sentTo('first@example.com'));
    expect(received.subject).toBe('Confirm 1');
    expect(received.from?.text).toContain('no-reply@casino.test');
    expect(received.text).toContain(`${ISSUER}/verify-email?token=t1`);
    await vi.waitFor(async () => {
      const { rows } = await db.pool.query(
        `select status, text_body, html_body from mail_outbox where subject = 'Confirm 1'`,
      );
      expect(rows).toEqual([{ status: 'sent', text_body: null, html_body: null }]);
    });
  });

  it('keeps mail while the SMTP server is down and delivers it once it is back', async () => {
    const probe = await startSmtp();
    const port = probe.port;
    await probe.stop();
    await mailer(`smtp://127.0.0.1:${port}`).send(mail('later@example.com', 2));
    await vi.waitFor(async () => {
      const { rows } = await db.pool.query(
        `select status, attempts, last_error from mail_outbox where subject = 'Confirm 2'`,
      );
      expect(rows[0].status).toBe('pending');
      expect(rows[0].attempts).toBeGreaterThanOrEqual(2);
      expect(rows[0].last_error).toBeTruthy();
    });
    const smtp = await startSmtp(port);
    stops.push(() => smtp.stop());
    expect((await smtp.waitFor(sentTo('later@example.com'))).subject).toBe('Confirm 2');
  });

  it('two instances working one outbox send every mail exactly once', async () => {
    const smtp = await startSmtp();
    stops.push(() => smtp.stop());
    const a = mailer(smtp.url);
    const b = mailer(smtp.url);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).send(mail(`many-${i}@example.com`, 100 + i))),
    );
    await vi.waitFor(
      () => expect(smtp.received.filter((m) => m.subject?.startsWith('Confirm 1')).length).toBe(20),
      {
        timeout: 20_000,
      },
    );
    const subjects = smtp.received.map((m) => m.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('without SMTP_URL writes each mail as a private .eml file under DATA_DIR/mail and logs the link', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pitboss-mail-'));
    const lines: Record<string, unknown>[] = [];
    const transport = createMailTransport(
      { SMTP_URL: undefined, MAIL_FROM: 'Pitboss <no-reply@localhost>', DATA_DIR: dataDir, ISSUER },
      { info: (o: Record<string, unknown>) => lines.push(o) } as never,
    );
    await transport.send(mail('dev@example.com', 7));
    const dir = join(dataDir, 'mail');
    const [file] = await readdir(dir);
    expect(file).toMatch(/verify_email\.eml$/);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, file!))).mode & 0o777).toBe(0o600);
    const eml = await readFile(join(dir, file!), 'utf8');
    expect(eml).toContain('To: dev@example.com');
    expect(eml).toContain('Subject: Confirm 7');
    expect(lines[0]?.link).toBe(`${ISSUER}/verify-email?token=t7`);
  });
});
