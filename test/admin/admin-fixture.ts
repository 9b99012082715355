import * as client from 'openid-client';
import { registerRp, startTestPitboss } from '../helpers/app.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { consoleToken } from './console-login.ts';

/**
 * One Pitboss on real Postgres + Redis with an admin (TOTP enrolled), a studio RP and an admin service client.
 * Admin user tokens come the only way the admin API accepts them: the console's own client after an MFA sign-in.
 */
export async function adminFixture(env?: Record<string, string>) {
  const app = await startTestPitboss(env ? { env } : {});
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const credentials = { email: `admin-${stamp}@example.com`, password: 'admin horse battery staple' };
  const adminAccount = await app.pitboss.accounts.create({ ...credentials, roles: ['admin'] });
  const admin = { ...credentials, secret: (await app.pitboss.mfa.enrolDirect(adminAccount)).secret };
  const rp = (
    await registerRp(app, {
      name: 'Lucky Slots Studio',
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: 'openid email offline_access admin',
    })
  ).config;
  const service = (name: string, scope: string) =>
    registerRp(app, { name, grantTypes: ['client_credentials'], scope });
  const opsRp = (await service('Ops tooling', 'admin')).config;
  const noAdminRp = (await service('Reports', 'email')).config;

  const newPlayer = async (name: string, roles: string[] = []) => {
    const creds = { email: `${name}-${stamp}@example.com`, password: 'player horse battery staple' };
    const account = await app.pitboss.accounts.create({ ...creds, roles });
    return { ...creds, id: account.id };
  };
  /** A further operator account with TOTP enrolled (its own, so each sign-in spends a fresh code). */
  const newMfaAdmin = async (name: string, role: 'admin' | 'support' = 'admin') => {
    const creds = { email: `${name}-${stamp}@example.com`, password: 'admin horse battery staple' };
    const account = await app.pitboss.accounts.create({ ...creds, roles: [role] });
    const { secret } = await app.pitboss.mfa.enrolDirect(account);
    return { ...creds, id: account.id, secret };
  };
  const serviceToken = async () =>
    (await client.clientCredentialsGrant(opsRp, { scope: 'admin' })).access_token;
  const viaConsole = (operator: { email: string; password: string; secret: string }, agent?: UserAgent) =>
    consoleToken(app, operator, { agent, cookieKeys: env?.COOKIE_KEYS });
  // One browser for the fixture's admin: later tokens reuse its MFA session while it lasts.
  const adminAgent = new UserAgent();
  const adminUserToken = () => viaConsole(admin, adminAgent);
  const api = (token: string | undefined, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${app.url}/admin/api${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
      },
      body:
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
            ? init.body
            : JSON.stringify(init.body),
    });
  const active = async (token: string) => (await client.tokenIntrospection(rp, token)).active;
  /** A user access token with scope admin (through the console, after MFA) for a new operator with this role. */
  const operatorToken = async (name: string, role: 'admin' | 'support') => {
    const operator = await newMfaAdmin(name, role);
    return { ...operator, token: await viaConsole(operator) };
  };

  return {
    app,
    /** The shared stores, for a second instance on the same database, Redis and prefix. */
    stores: { database: app.db, redis: app.redis!.redis, prefix: app.redis!.prefix },
    rp,
    noAdminRp,
    admin: { ...admin, id: adminAccount.id },
    newPlayer,
    newMfaAdmin,
    serviceToken,
    adminUserToken,
    operatorToken,
    api,
    active,
    close: () => app.close(),
  };
}
