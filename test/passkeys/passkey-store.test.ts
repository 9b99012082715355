import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasskeyStore } from '../../adapters/postgres/passkey-store.ts';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';

describe('passkey storage and the admin hook (Postgres)', () => {
  let app: RunningPitboss;
  let n = 0;
  const newAccount = () =>
    app.pitboss.accounts.create({
      email: `pk-store-${n++}-${Date.now()}@example.com`,
      password: 'long enough pw',
    });
  const passkey = (accountId: string, name: string) => ({
    id: randomBytes(16).toString('base64url'),
    accountId,
    publicKey: new Uint8Array(randomBytes(77)),
    signCount: 5,
    transports: ['internal', 'hybrid'],
    deviceType: 'multiDevice',
    backedUp: true,
    name,
    aaguid: '00000000-0000-0000-0000-000000000000',
  });

  beforeAll(async () => {
    app = await startTestPitboss({ redis: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps key bytes and metadata, refuses a duplicate credential id, moves the counter forward only once', async () => {
    const store = createPasskeyStore(app.pitboss.database.pool);
    const account = await newAccount();
    const key = passkey(account.id, 'Phone');
    expect(await store.add(key)).toBe(true);
    expect(await store.add({ ...key, name: 'again' })).toBe(false);
    const found = (await store.find(key.id))!;
    expect(Buffer.from(found.publicKey).equals(Buffer.from(key.publicKey))).toBe(true);
    expect(found).toMatchObject({
      signCount: 5,
      transports: ['internal', 'hybrid'],
      name: 'Phone',
      backedUp: true,
    });
    expect(found.lastUsedAt).toBeUndefined();

    // Two responses carrying the same counter race: exactly one is accepted.
    const results = await Promise.all([store.recordUse(key.id, 6, true), store.recordUse(key.id, 6, true)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.recordUse(key.id, 4, true)).toBe(false);
    expect((await store.find(key.id))!.signCount).toBe(6);
    expect((await store.find(key.id))!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('lists passkeys for the admin API and removes them, and the remembered browsers, on MFA reset', async () => {
    const store = createPasskeyStore(app.pitboss.database.pool);
    const account = await newAccount();
    await store.add(passkey(account.id, 'Laptop'));
    await store.add(passkey(account.id, 'Phone'));
    expect((await app.pitboss.mfa.status(account.id)).enrolled).toBe(true);

    const listed = await app.pitboss.passkeyAdmin.list(account.id);
    expect(listed.map((p) => p.name).sort()).toEqual(['Laptop', 'Phone']);
    expect(listed[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastUsedAt: null,
      backedUp: true,
      deviceType: 'multiDevice',
    });

    // The account command for an MFA reset (admin API, console, CLI) removes passkeys too.
    const other = await newAccount();
    await store.add(passkey(other.id, 'Tablet'));
    await app.pitboss.commands.resetMfa(other.id, {
      surface: 'admin_api',
      id: 'admin-1',
      reason: 'lost all',
    });
    expect(await store.count(other.id)).toBe(0);
    expect((await app.pitboss.mfa.status(other.id)).enrolled).toBe(false);

    const result = await app.pitboss.passkeyAdmin.reset(account.id, {
      adminId: 'admin-1',
      reason: 'lost phone',
    });
    expect(result.passkeysRemoved).toBe(2);
    expect(await app.pitboss.passkeyAdmin.list(account.id)).toEqual([]);
    expect((await app.pitboss.mfa.status(account.id)).enrolled).toBe(false);
    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.pitboss.database.pool.query<{ detail: Record<string, unknown> }>(
      `select detail from audit_log where type = 'mfa.passkey.removed' and account_id::text = $1`,
      [account.id],
    );
    expect(rows.map((r) => r.detail)).toEqual([
      expect.objectContaining({ all: true, count: 2, reason: 'lost phone', adminId: 'admin-1' }),
    ]);
  });
});
