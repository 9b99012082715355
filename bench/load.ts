import type { LoadTask } from './load-tasks.ts';
import { runTask } from './load-tasks.ts';

/**
 * The load generator process (forked by bench/run.ts so it does not share an event loop with any server):
 * receives one task at a time over IPC and answers with its measurement.
 */
process.on('message', (message: { id: number; task: LoadTask }) => {
  runTask(message.task).then(
    (result) => process.send!({ id: message.id, result }),
    (err: Error) => process.send!({ id: message.id, error: err.stack ?? err.message }),
  );
});
process.on('disconnect', () => process.exit(0));
