import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/database.ts';
import { migrate } from '../../adapters/postgres/migrate.ts';
import { testDatabase } from '../helpers/database.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Each CLI run is a fresh Node process (tsx transform included): several per test need more than 30 s on a
// loaded 2-core machine.
describe('pitboss CLI', { timeout: 90_000 }, () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db?.close());

  const run = (env: NodeJS.ProcessEnv, args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'server/cli/pitboss.ts', ...args],
        { cwd: root, env: { ...process.env, NODE_ENV: 'test', ...env } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  const pitboss = (...args: string[]) => run({ DATABASE_URL: db.url }, args);
  const json = async (...args: string[]) => {
    const run = await pitboss(...args);
    expect(run.stderr.replace(/.*nodedir.*\n/g, ''), run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  };
  const rows = async (sql: string) => (await db.pool.query(sql)).rowCount;
  /** A usage or input error: non-zero exit, one line on stderr naming the flag, nothing on stdout. */
  const fails = async (args: string[], pattern: RegExp, code = 1) => {
    const run = await pitboss(...args);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((l) => l && !l.includes('nodedir'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pitboss: /);
    expect(lines[0]).toMatch(pattern);
  };

  it('migrate reports nothing left to apply on a migrated schema', async () => {
    expect(await json('migrate')).toEqual({ applied: [] });
  });

  it('user add / user disable', async () => {
    const added = await json(
      'user',
      'add',
      '--email',
      'Op@Example.com',
      '--password',
      'hunter2hunter2',
      '--role',
      'admin',
      '--role',
      'support',
    );
    expect(added).toEqual({
      id: expect.any(String),
      email: 'op@example.com',
      roles: ['admin', 'support'],
      status: 'active',
    });
    const disabled = await json('user', 'disable', '--email', 'op@example.com');
    // No server runs here: the ending waits in session_end_requests for the next one to start.
    expect(disabled).toEqual({
      ...added,
      status: 'disabled',
      ended: { sessions: 0, grants: 0, queued: true },
    });
    const {
      rows: [row],
    } = await db.pool.query('select session_version from accounts where id = $1', [added.id]);
    expect(row.session_version).toBe(2);
  });

  it('client add (confidential and public), list, delete', async () => {
    const confidential = await json(
      'client',
      'add',
      '--name',
      'Studio',
      '--redirect-uri',
      'https://studio.example/cb',
      '--redirect-uri',
      'https://studio.example/cb2',
      '--backchannel-logout-uri',
      'https://studio.example/bc',
    );
    expect(Object.keys(confidential).sort()).toEqual(['client_id', 'client_secret']);
    const pub = await json(
      'client',
      'add',
      '--name',
      'App',
      '--public',
      '--redirect-uri',
      'com.example.app:/cb',
      '--grant-types',
      'authorization_code,refresh_token',
      '--scope',
      'openid offline_access',
    );
    expect(Object.keys(pub)).toEqual(['client_id']);
    const listed = await json('client', 'list');
    expect(listed.map((c: { client_id: string }) => c.client_id)).toEqual([
      confidential.client_id,
      pub.client_id,
    ]);
    for (const client of listed) expect(client).not.toHaveProperty('client_secret');
    expect(await json('client', 'delete', '--client-id', pub.client_id)).toEqual({ deleted: pub.client_id });
  });

  it('keys rotate', async () => {
    const { kid } = await json('keys', 'rotate');
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await rows(`select 1 from signing_keys where kid = '${kid}' and retired_at is null`)).toBe(1);
  });

  it('rejects bad input with one line naming the flag and writes nothing', async () => {
    const accounts = await rows('select 1 from accounts');
    const clients = await rows('select 1 from clients');
    await fails(['user', 'add', '--password', 'long enough'], /--email: required/, 2);
    await fails(['user', 'add', '--email', 'x@example.com', '--password', 'short'], /--password: .*8/);
    await fails(
      ['client', 'add', '--name', 'Evil', '--redirect-uri', 'http://evil.example/cb'],
      /^pitboss: --redirect-uri: must be an absolute https URL/,
    );
    await fails(
      ['client', 'add', '--name', 'X', '--redirect-uri', 'https://x.example/cb', '--grant-types', 'password'],
      /--grant-types: /,
    );
    await fails(
      ['client', 'add', '--name', 'X', '--redirect-uri', 'https://x.example/cb', '--colour', 'red'],
      /--colour: unknown option/,
      2,
    );
    await fails(['client', 'add', '--name'], /--name/, 2);
    await fails(['user', 'disable', '--email', 'nobody@example.com'], /--email: no such account/);
    await fails(
      ['user', 'add', '--email', 'r@example.com', '--password', 'long enough', '--role', 'suport'],
      /--role: must be admin or support/,
    );
    expect(await rows('select 1 from accounts')).toBe(accounts);
    expect(await rows('select 1 from clients')).toBe(clients);
  });

  it('pitboss help and pitboss <group> --help list every command with its flags', async () => {
    for (const args of [['help'], ['--help']]) {
      const run = await pitboss(...args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('pitboss client add --name N --redirect-uri U');
      expect(run.stdout).toContain('pitboss user add --email E --password P [--role admin|support]');
      expect(run.stdout).toContain('pitboss keys rotate');
    }
    for (const args of [
      ['user', '--help'],
      ['help', 'user'],
      ['user', 'help'],
    ]) {
      const run = await pitboss(...args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: pitboss user <command>');
      expect(run.stdout).toContain('pitboss user disable --email E');
      expect(run.stdout).not.toContain('pitboss client add');
    }
    const one = await pitboss('user', 'add', '--help');
    expect(one).toMatchObject({ code: 0 });
    expect(one.stdout).toContain('--role admin|support');
  });

  it('an unknown or incomplete command prints the list and exits non-zero, touching nothing', async () => {
    const cases: [string[], RegExp, RegExp][] = [
      [[], /a command is required/, /pitboss client add/],
      [['frobnicate'], /unknown command: frobnicate/, /pitboss client add/],
      [['user'], /incomplete command: pitboss user needs a command/, /pitboss user disable/],
      [['user', '--email', 'x@example.com'], /incomplete command/, /pitboss user add/],
      [['user', 'remove'], /unknown command: user remove/, /pitboss user totp/],
      [['help', 'nothing'], /unknown command group: nothing/, /pitboss keys rotate/],
    ];
    for (const [args, error, listed] of cases) {
      const run = await pitboss(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(error);
      expect(run.stderr).toMatch(listed);
    }
  });

  it('works on the embedded database a running server holds, through its socket', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pb-cli-'));
    const server = await openDatabase({ dataDir });
    try {
      await migrate(server.pool);
      const result = await run({ DATABASE_URL: '', DATA_DIR: dataDir }, [
        'client',
        'add',
        '--name',
        'Live',
        '--redirect-uri',
        'https://live.example/cb',
      ]);
      expect(result.code).toBe(0);
      const { client_id } = JSON.parse(result.stdout);
      // The server's own pool sees the new client at once: no restart, no second PGlite.
      expect(
        (await server.pool.query('select 1 from clients where client_id = $1', [client_id])).rowCount,
      ).toBe(1);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
