import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadTask } from './load-tasks.ts';
import type { Measurement } from './measure.ts';
import { stopChild } from './servers.ts';

/** The forked load generator: one task at a time. */
export interface LoadProcess {
  /** The load generator's process id (its CPU time is the argon2id scenario's cost). */
  pid: number | undefined;
  run(task: LoadTask): Promise<Measurement>;
  stop(): Promise<void>;
}

/** Forks bench/load.ts (node --import tsx) with an IPC channel. */
export function startLoadProcess(): LoadProcess {
  const child: ChildProcess = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (m: Measurement) => void; reject: (e: Error) => void }>();
  child.on('message', (message: { id: number; result?: Measurement; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(`load generator: ${message.error}`));
    else waiter?.resolve(message.result!);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`load generator exited (${code})`));
    pending.clear();
  });
  return {
    pid: child.pid,
    run(task) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, task });
      });
    },
    stop: () => stopChild(child),
  };
}
