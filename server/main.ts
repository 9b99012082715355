import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';

/** `npm start`: validate config, build, listen, and shut down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`pitboss: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  // Loaded after the config is known to be valid, so a bad variable is reported at once.
  const { buildPitboss } = await import('./compose.ts');
  const pitboss = await buildPitboss(config, log);
  const server = pitboss.app.listen(config.PORT);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const embedded = [
    !config.DATABASE_URL && `embedded Postgres (PGlite) in ${config.DATA_DIR}`,
    !config.REDIS_URL && !config.REDIS_CLUSTER_NODES && 'in-memory token store',
  ].filter(Boolean);
  const lines = [`Pitboss listening on http://localhost:${port} (issuer ${config.ISSUER})`];
  if (embedded.length) {
    lines.push(
      `Using embedded defaults: ${embedded.join(', ')}. Single-instance only; set DATABASE_URL and REDIS_URL to run several instances.`,
    );
  }
  if (pitboss.players.demo) {
    lines.push(
      `Demo casino: http://localhost:${port}/demo (sign in, or create an account; mail goes to ${config.SMTP_URL ? 'SMTP_URL' : `${config.DATA_DIR}/mail/ and the log`})`,
    );
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close();
    server.closeAllConnections();
    await pitboss.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
