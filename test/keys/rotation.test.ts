import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';

describe('signing key rotation on a running server', () => {
  let app: RunningPitboss;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'rotate@example.com', password: 'rotate password 1' };

  beforeAll(async () => {
    app = await startTestPitboss({ redis: false });
    cleanups.push(() => app.close());
    await app.pitboss.accounts.create(player);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('signs with the new key after rotation and keeps the old one published', async () => {
    const created = await app.pitboss.clients.create({ name: 'Keno Kings', redirectUris: [REDIRECT_URI] });
    const rp = await discover(app.url, created.clientId, created.clientSecret);
    const before = await login(rp, player);
    const oldKid = decodeProtectedHeader(before.tokens.id_token!).kid;
    const jwksBefore = (await (await fetch(`${app.url}/jwks`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwksBefore.keys.map((k) => k.kid)).toEqual([oldKid]);
    expect(jwksBefore.keys.every((k) => k.d === undefined)).toBe(true); // public parts only

    const rotated = await app.pitboss.keys.rotate();
    await app.pitboss.live.refresh(); // what the 10 s poll does on every instance

    const jwks = (await (await fetch(`${app.url}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([oldKid, rotated.kid].sort());
    // A fresh RP configuration (new JWKS fetch) verifies the new signature.
    const rp2 = await discover(app.url, created.clientId, created.clientSecret);
    const after = await login(rp2, player);
    expect(decodeProtectedHeader(after.tokens.id_token!).kid).toBe(rotated.kid);
  });
});
