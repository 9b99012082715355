import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A server under test, running in a process of its own. */
export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A free TCP port on loopback (the issuer must name its port before the server starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts `node --import tsx <entry>` with `env` and waits until discovery answers. With BENCH_CPU_PROF set,
 * the server writes V8 CPU profiles to bench/profiles/<name>/ when stopped.
 */
export async function startServer(
  name: string,
  entry: string,
  env: Record<string, string>,
  root = ROOT,
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const profile = process.env.BENCH_CPU_PROF
    ? // One directory per server: tsx's loader thread writes a profile of its own next to the main one.
      ['--cpu-prof', '--cpu-prof-dir', `${ROOT}bench/profiles/${name}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), ISSUER: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = () => stopChild(child);
  try {
    await waitReady(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { name, url, child, stop };
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  // Start-up is mostly tsx compiling, three servers at once: on a loaded 2-core machine that took over 60 s.
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${url}/.well-known/openid-configuration`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${url} not ready within 180 s:\n${output()}`);
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
