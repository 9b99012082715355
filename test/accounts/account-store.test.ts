import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountStore } from '../../adapters/postgres/account-store.ts';
import type { AccountStore } from '../../server/accounts/account-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../server/errors.ts';
import { testDatabase } from '../helpers/database.ts';

describe('postgres account store', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let accounts: AccountStore;

  beforeAll(async () => {
    db = await testDatabase();
    accounts = createAccountStore(db.pool);
  });
  afterAll(() => db?.close());

  it('creates an account with a lowercased email and an argon2id hash', async () => {
    const account = await accounts.create({
      email: ' Ada@Example.COM ',
      password: 'correct horse',
      roles: ['admin'],
    });
    expect(account).toMatchObject({
      email: 'ada@example.com',
      roles: ['admin'],
      status: 'active',
      sessionVersion: 1,
    });
    expect(account).not.toHaveProperty('passwordHash');
    const { rows } = await db.pool.query('select password_hash from accounts where id = $1', [account.id]);
    const hash: string = rows[0].password_hash;
    expect(hash.startsWith('$argon2id$v=19$')).toBe(true);
    expect(hash.split('$')[3]!.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(await accounts.findById(account.id)).toEqual(account);
    expect(await accounts.findByEmail('ADA@example.com')).toEqual(account);
  });

  it('rejects a duplicate email case-insensitively', async () => {
    await accounts.create({ email: 'dup@example.com', password: 'password-1' });
    await expect(
      accounts.create({ email: 'DUP@Example.com', password: 'password-2' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it.each([
    ['email', { email: 'not-an-email', password: 'long enough' }],
    ['password', { email: 'short@example.com', password: 'short' }],
    ['password', { email: 'long@example.com', password: 'x'.repeat(1025) }],
    ['roles', { email: 'roles@example.com', password: 'long enough', roles: ['Bad Role'] }],
  ])('rejects a bad %s', async (field, input) => {
    const error = await accounts.create(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    const { rowCount } = await db.pool.query('select 1 from accounts where email = $1', [input.email]);
    expect(rowCount).toBe(0);
  });

  it('authenticates only the right password of an active account', async () => {
    const account = await accounts.create({ email: 'auth@example.com', password: 'right password' });
    expect((await accounts.authenticate('AUTH@example.com', 'right password'))?.id).toBe(account.id);
    expect(await accounts.authenticate('auth@example.com', 'wrong password')).toBeUndefined();
    expect(await accounts.authenticate('nobody@example.com', 'right password')).toBeUndefined();
    await accounts.setStatus(account.id, 'disabled');
    expect(await accounts.authenticate('auth@example.com', 'right password')).toBeUndefined();
  });

  it('spends comparable time on an unknown email and a wrong password', async () => {
    await accounts.create({ email: 'timing@example.com', password: 'right password' });
    await accounts.authenticate('warmup@example.com', 'x'); // builds the dummy hash once
    const time = async (email: string) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) await accounts.authenticate(email, 'wrong password');
      return performance.now() - start;
    };
    const known = await time('timing@example.com');
    const unknown = await time('nobody-else@example.com');
    expect(unknown).toBeGreaterThan(known / 3);
  });

  it('bumps session_version on every status change', async () => {
    const account = await accounts.create({ email: 'status@example.com', password: 'long enough' });
    const disabled = await accounts.setStatus(account.id, 'disabled');
    expect(disabled).toMatchObject({ status: 'disabled', sessionVersion: 2 });
    const excluded = await accounts.setStatus(account.id, 'self_excluded');
    expect(excluded).toMatchObject({ status: 'self_excluded', sessionVersion: 3 });
    await expect(accounts.setStatus('00000000-0000-0000-0000-000000000000', 'active')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(accounts.setStatus('not-a-uuid', 'active')).rejects.toBeInstanceOf(NotFoundError);
    expect(await accounts.findById('not-a-uuid')).toBeUndefined();
  });
});
