import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { tryLogin } from './login-page.ts';
import { startRegister } from './register-server.ts';

const GERMAN_MONTHS =
  'Januar Februar März April Mai Juni Juli August September Oktober November Dezember'.split(' ');
const two = (n: number) => String(n).padStart(2, '0');
/** How a German reader writes a moment (written out here, not by the code under test). */
const german = (d: Date) =>
  `${d.getUTCDate()}. ${GERMAN_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} um ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;

describe('sign-in refusals in the player language (login page over HTTP)', () => {
  let app: TestPitboss;
  let rp: TestRp;
  let register: Awaited<ReturnType<typeof startRegister>>;
  let n = 0;
  const player = async () => {
    const p = { email: `refused-${n++}@example.com`, password: 'a long enough password' };
    return { ...p, account: await app.pitboss.accounts.create(p) };
  };
  const by = { actor: 'test', surface: 'cli' as const };

  beforeAll(async () => {
    register = await startRegister();
    app = await startTestPitboss({ redis: false, env: { EXCLUSION_REGISTER_URL: register.url } });
    rp = await registerRp(app, { scope: 'openid email' });
  });
  afterAll(async () => {
    await rp?.close();
    await app?.close();
    await register?.close();
  });

  it('ui_locales=de: a time-out is refused in German, with the end written as Germans write dates', async () => {
    const p = await player();
    const { restriction } = await app.pitboss.rg.rg.restrict(p.account.id, 'timeout', '7d', by);
    const refused = await tryLogin(rp.config, p.email, p.password, {
      params: { ui_locales: 'de' },
      button: 'Anmelden',
    });
    expect(refused.status).toBe(403);
    expect(refused.page).toContain('<html lang="de"');
    expect(refused.page).toContain(
      `Du hast eine Auszeit genommen: Eine Anmeldung ist bis ${german(restriction.endsAt!)} nicht möglich.`,
    );
    // English stays the default, with the unambiguous ISO form.
    const english = await tryLogin(rp.config, p.email, p.password);
    const iso = restriction.endsAt!.toISOString().slice(0, 16).replace('T', ' ');
    expect(english.page).toContain(`You took a time-out: sign-in is not possible until ${iso} UTC.`);
    // Each refusal is in the audit trail: the restricted player tried and was turned away.
    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.db.pool.query(
      `select client_id, detail from audit_log where type = 'login' and outcome = 'failure' and account_id = $1 order by id`,
      [p.account.id],
    );
    expect(rows).toEqual([
      { client_id: rp.clientId, detail: { reason: 'ERR_RESTRICTED', amr: 'pwd', kind: 'timeout' } },
      { client_id: rp.clientId, detail: { reason: 'ERR_RESTRICTED', amr: 'pwd', kind: 'timeout' } },
    ]);
  });

  it('ui_locales=sv: a permanent self-exclusion and the panic lock are refused in Swedish', async () => {
    const excluded = await player();
    await app.pitboss.rg.rg.restrict(excluded.account.id, 'self_exclusion', 'permanent', by);
    const refused = await tryLogin(rp.config, excluded.email, excluded.password, {
      params: { ui_locales: 'sv' },
      button: 'Logga in',
    });
    expect(refused.status).toBe(403);
    expect(refused.page).toContain('Det här kontot är självavstängt: inloggning är inte möjlig, permanent.');

    const panicked = await player();
    await app.pitboss.rg.rg.restrict(panicked.account.id, 'panic', '24h', by);
    const locked = await tryLogin(rp.config, panicked.email, panicked.password, {
      params: { ui_locales: 'sv' },
      button: 'Logga in',
    });
    expect(locked.page).toMatch(
      /Du har låst kontot med panikknappen: inloggning är inte möjlig förrän \d{1,2} \p{L}+ \d{4} kl\. \d{2}:\d{2} UTC\./u,
    );
  });

  it('ui_locales=de: the exclusion register refusal and its retry message are German too', async () => {
    const p = await player();
    register.answer('excluded');
    const listed = await tryLogin(rp.config, p.email, p.password, {
      params: { ui_locales: 'de' },
      button: 'Anmelden',
    });
    expect(listed.status).toBe(403);
    expect(listed.page).toContain(
      'Dieses Konto ist in der nationalen Sperrdatei eingetragen, daher ist keine',
    );
    register.answer('error');
    const down = await tryLogin(rp.config, p.email, p.password, {
      params: { ui_locales: 'de' },
      button: 'Anmelden',
    });
    expect(down.status).toBe(503);
    expect(down.page).toContain('Wir können die nationale Sperrdatei gerade nicht prüfen.');
    register.answer('not_excluded');
  });
});
