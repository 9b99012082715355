import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLogin } from '../hardening/login-page.ts';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';

/** Finding 3: with TRUST_PROXY the leftmost X-Forwarded-For entry, written by the client, was trusted. */
describe('client IP behind TRUST_PROXY: taken TRUST_PROXY_HOPS entries from the right, an IP or nothing', () => {
  let app: RunningPitboss & { db: { pool: import('pg').Pool }; close(): Promise<void> };
  let rp: client.Configuration;

  beforeAll(async () => {
    app = await startTestPitboss({
      env: { TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2', LOGIN_IP_MAX_ATTEMPTS: '3', LOGIN_DELAY_MS: '0' },
    });
    const created = await app.pitboss.clients.create({ name: 'Slots', redirectUris: [REDIRECT_URI] });
    rp = await discover(app.url, created.clientId, created.clientSecret);
  });
  afterAll(() => app.close());

  it('rotating the client-written part of X-Forwarded-For does not escape the per-IP lockout', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // The client writes the first entry; the edge proxy appends the client's address, the inner proxy its own.
      const login = await openLogin(rp, { 'x-forwarded-for': `10.9.9.${i}, 198.51.100.50, 10.0.0.2` });
      statuses.push(
        (await login.post({ email: `rotate-${i}@example.com`, password: 'wrong password' })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('a forged value that is not an IP never reaches the audit trail', async () => {
    const login = await openLogin(rp, { 'x-forwarded-for': '<b>1.2.3.4</b>, 10.0.0.2' });
    expect((await login.post({ email: 'forged@example.com', password: 'wrong password' })).status).toBe(401);
    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.db.pool.query<{ ip: string }>(
      "select ip from audit_log where type = 'login' and outcome = 'failure' order by id desc limit 1",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ip).not.toContain('<b>');
    expect(rows[0]!.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });
});
