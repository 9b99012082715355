import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { connectRedis, pingRedis } from '../../adapters/redis/connect.ts';

const run = promisify(execFile);
const REDIS_SERVER = process.env['REDIS_SERVER_BIN'] ?? 'redis-server';
const REDIS_CLI = process.env['REDIS_CLI_BIN'] ?? 'redis-cli';
const FORM_TIMEOUT_MS = 20_000;
const HOST = '127.0.0.1';

type Node = { host: string; port: number };

/**
 * Starts a throwaway 3-master Redis Cluster on spare loopback ports (with `replicas` replicas per master);
 * stop() kills it and its files; kill(port) SIGKILLs one node (failover tests).
 */
export async function startRedisCluster(
  options: { replicas?: number; nodeTimeoutMs?: number } = {},
): Promise<{
  nodes: Node[];
  cluster: Cluster;
  stop(): Promise<void>;
  kill(port: number): Promise<void>;
}> {
  const replicas = options.replicas ?? 0;
  const count = 3 * (1 + replicas);
  await run(REDIS_SERVER, ['--version']).catch((err: unknown) => {
    throw new Error(`startRedisCluster: cannot run ${REDIS_SERVER} (install redis-server 7+)`, {
      cause: err,
    });
  });
  const dir = await mkdtemp(join(tmpdir(), 'pitboss-cluster-'));
  // One port per node for clients and one for its cluster bus (cluster-port), so no port+10000 overflow.
  const ports = await freePorts(2 * count);
  const nodes = ports.slice(0, count).map((port) => ({ host: HOST, port }));
  const timeout = options.nodeTimeoutMs ?? 5000;
  const procs = nodes.map((node, i) => startServer(dir, node.port, ports[count + i]!, timeout));
  const killAll = () => {
    for (const p of procs) p.kill('SIGKILL');
  };
  process.once('exit', killAll);
  let cluster: Cluster | undefined;
  const stop = async () => {
    cluster?.disconnect();
    await Promise.all(procs.map(stopProcess));
    process.off('exit', killAll);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + FORM_TIMEOUT_MS;
    for (const node of nodes)
      await waitFor(deadline, `redis-server on ${node.port} to accept`, () => ping(node));
    const addresses = nodes.map((n) => `${n.host}:${n.port}`);
    await run(REDIS_CLI, [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    for (const node of nodes)
      await waitFor(deadline, `cluster_state:ok on ${node.port}`, () => clusterOk(node));
    // A replica that never synced cannot be promoted: wait until every replica's link is up.
    for (const node of nodes)
      await waitFor(deadline, `replication link up on ${node.port}`, () => replicaSynced(node));
    const client = connectRedis({ redisClusterNodes: nodes });
    if (!(client instanceof Cluster))
      throw new Error('startRedisCluster: connectRedis did not return a Cluster');
    cluster = client;
    await pingRedis(cluster, Math.max(1000, deadline - Date.now()));
    const kill = async (port: number) => {
      const proc = procs[nodes.findIndex((n) => n.port === port)]!;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      await exited;
    };
    return { nodes, cluster, stop, kill };
  } catch (err) {
    const logs = procs.map((p) => (p as ChildProcess & { log?: string }).log ?? '').join('\n');
    await stop();
    throw new Error(`startRedisCluster: the cluster did not form: ${String(err)}\n${logs.slice(-2000)}`, {
      cause: err,
    });
  }
}

function startServer(dir: string, port: number, busPort: number, nodeTimeoutMs: number): ChildProcess {
  const args = ['--port', String(port), '--cluster-enabled', 'yes', '--cluster-port', String(busPort)];
  args.push('--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '');
  args.push('--appendonly', 'no', '--bind', HOST, '--daemonize', 'no');
  // Replicas sync at once (the default waits 5 s for more replicas before a diskless full sync).
  args.push('--cluster-node-timeout', String(nodeTimeoutMs), '--repl-diskless-sync-delay', '0');
  const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & {
    log?: string;
  };
  proc.log = '';
  const keep = (chunk: Buffer) => {
    proc.log = (proc.log + chunk.toString()).slice(-4000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  proc.on('error', (err) => keep(Buffer.from(`spawn error on port ${port}: ${err.message}\n`)));
  return proc;
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

async function ping(node: Node): Promise<boolean> {
  const { stdout } = await run(REDIS_CLI, ['-h', node.host, '-p', String(node.port), 'ping']);
  return stdout.trim() === 'PONG';
}

async function clusterOk(node: Node): Promise<boolean> {
  const { stdout } = await run(REDIS_CLI, ['-h', node.host, '-p', String(node.port), 'cluster', 'info']);
  return stdout.includes('cluster_state:ok');
}

async function replicaSynced(node: Node): Promise<boolean> {
  const { stdout } = await run(REDIS_CLI, ['-h', node.host, '-p', String(node.port), 'info', 'replication']);
  return stdout.includes('role:master') || stdout.includes('master_link_status:up');
}

async function waitFor(deadline: number, what: string, check: () => Promise<boolean>): Promise<void> {
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Ports the OS hands out for listen(0), held open together so the same port is not returned twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, HOST, () => resolve(server));
      });
    }),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
