import { createStores, type Stores } from '../../adapters/create-stores.ts';
import {
  type AccountCommands,
  type AccountEndings,
  createAccountCommands,
} from '../accounts/account-commands.ts';
import { loadConfig } from '../config.ts';
import { MAIL_DEADLINE_SECONDS } from '../mail/mailer.ts';
import { passwordChangedMailer } from '../players/password-changed-mail.ts';
import { createQueuedEndings } from '../sessions/queued-endings.ts';
import { createSessionVersions, type SessionVersions } from '../sessions/session-versions.ts';

/** What a CLI command works on: every store, and the account commands. */
export interface CliStores extends Stores {
  /**
   * The one path for account changes, as in the server. Its endings are queued for the running server
   * (session_end_requests), which ends them through its terminator on Redis and the embedded defaults alike.
   */
  readonly commands: AccountCommands;
  /** The session-version cache (rewritten after a change the running instances must see at once). */
  readonly versions: SessionVersions;
  /** Endings and changes queued for the running server (what the commands use). */
  readonly endings: AccountEndings;
}

/**
 * The CLI's composition root: builds the stores through the registry (sharing a running embedded server's
 * database over its socket), runs `work`, closes. `redis: true` for commands whose effect the running
 * instances must see at once through Redis (version cache, client change announcements); others stay on
 * Postgres alone, so they work while Redis is down.
 */
export async function withStores<T>(
  env: NodeJS.ProcessEnv,
  work: (stores: CliStores) => Promise<T>,
  options: { redis?: boolean } = {},
): Promise<T> {
  const config = loadConfig(env);
  const stores = await createStores(config, { poolMax: 2, withoutRedis: !options.redis }).catch((err) => {
    if (!options.redis) throw err;
    // Best effort: the change still reaches the instances, within their caches' safety TTLs.
    process.stderr.write(`pitboss: warning: Redis unreachable, running without it: ${String(err)}\n`);
    return createStores(config, { poolMax: 2, withoutRedis: true });
  });
  try {
    const versions = createSessionVersions({
      states: stores.sessionStates,
      cache: stores.values('ver'),
      cacheTtlMs: 10 * 60_000,
    });
    const endings = createQueuedEndings(stores.endRequests, { surface: 'cli' });
    const commands = createAccountCommands({
      accounts: stores.accounts,
      states: stores.sessionStates,
      versions,
      endings,
      audit: stores.audit.direct,
      mfa: stores.mfa,
      passkeys: stores.passkeys,
      devices: stores.devices,
      restrictions: stores.rg,
      // Queued in the outbox only: the running server's mailer delivers it.
      tell: passwordChangedMailer({
        send: async (mail) => {
          await stores.mailOutbox.enqueue(mail, new Date(Date.now() + MAIL_DEADLINE_SECONDS * 1000));
        },
        issuer: config.ISSUER,
        onError: (err) => process.stderr.write(`pitboss: warning: mail not queued: ${String(err)}\n`),
      }),
    });
    return await work({ ...stores, commands, versions, endings });
  } finally {
    await stores.close();
  }
}
