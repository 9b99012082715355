import type { z } from 'zod';
import type { Account } from '../accounts/account-store.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { SessionVersions } from '../sessions/session-versions.ts';
import type { Lockouts } from './lockouts.ts';
import type { AdminSessions } from './ports.ts';
import type { accountDetailSections } from './schemas.ts';

type Sections = typeof accountDetailSections;
/** One reader per section of GET /users/:id (the schema of each is in schemas.ts under the same key). */
export type SectionReaders = { [K in keyof Sections]: (account: Account) => Promise<z.output<Sections[K]>> };

export interface AccountDetailDeps {
  mfa: Pick<MfaService, 'status'>;
  lockouts: Lockouts;
  versions: Pick<SessionVersions, 'current'>;
  sessions: Pick<AdminSessions, 'listForAccount'>;
}

const iso = (epochSeconds: number | null) =>
  epochSeconds === null ? null : new Date(epochSeconds * 1000).toISOString();

/** The readers of every account-detail section. */
export function accountDetailReaders(deps: AccountDetailDeps): SectionReaders {
  return {
    async mfa(account) {
      const status = await deps.mfa.status(account.id);
      return {
        totp: status.enrolled,
        required: status.required,
        recoveryCodesLeft: status.recoveryCodesLeft,
      };
    },
    lockouts: (account) => deps.lockouts.status(account),
    async responsibleGambling(account) {
      const state = await deps.versions.current(account.id);
      const excluded = account.status === 'self_excluded';
      return {
        sessionLimitMinutes: state?.limitMinutes ?? null,
        restriction: excluded ? { kind: 'self_exclusion', until: iso(state?.excludedUntil ?? null) } : null,
      };
    },
    async sessions(account) {
      const page = await deps.sessions.listForAccount(account.id, { limit: 1, offset: 0 });
      return { live: page.total };
    },
  };
}

/** Reads every section of one account at once. */
export async function readSections(readers: SectionReaders, account: Account) {
  const entries = await Promise.all(
    Object.entries(readers).map(async ([name, read]) => [name, await read(account)] as const),
  );
  return Object.fromEntries(entries) as { [K in keyof Sections]: z.output<Sections[K]> };
}
