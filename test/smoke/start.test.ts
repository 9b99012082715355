import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `npm start` on the embedded defaults (PGlite + memory store), and the CLI against it while it runs. */
describe('npm start with embedded defaults', () => {
  let server: ChildProcess;
  let dataDir: string;
  let url: string;
  let output = '';
  const env = () => ({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    DATABASE_URL: '',
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pitboss-start-'));
    server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 45_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/listening on (http:\/\/localhost:\d+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      server.stdout!.on('data', onData);
      server.stderr!.on('data', onData);
      server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    });
  }, 60_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    await new Promise((resolve) => server?.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says where it listens and that the embedded defaults are single-instance', async () => {
    expect(output).toMatch(/Pitboss listening on http:\/\/localhost:\d+/);
    expect(output).toMatch(/embedded defaults.*Single-instance only/s);
    const discovery = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.backchannel_logout_supported).toBe(true);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('sees a client the CLI adds while it runs, without a restart', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/cli/pitboss.ts',
        'client',
        'add',
        '--name',
        'Live Add',
        '--redirect-uri',
        'http://127.0.0.1:9/cb',
      ],
      { env: env() },
    );
    const { client_id: clientId } = JSON.parse(stdout) as { client_id: string };
    const auth = await fetch(
      `${url}/auth?client_id=${clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
      { redirect: 'manual' },
    );
    expect(auth.status).toBe(303);
    expect(auth.headers.get('location')).toMatch(/\/interaction\//);
  });
});
