import type { z } from 'zod';
import type { Account } from '../accounts/account-store.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyAdmin } from '../passkeys/admin-passkeys.ts';
import type { rgSummary } from '../rg/admin-rg-routes.ts';
import type { SessionVersions } from '../sessions/session-versions.ts';
import type { Lockouts } from './lockouts.ts';
import type { AdminSessions } from './ports.ts';
import type { accountDetailSections } from './schemas.ts';

type Sections = typeof accountDetailSections;
/** One reader per section of GET /users/:id (the schema of each is in schemas.ts under the same key). */
export type SectionReaders = { [K in keyof Sections]: (account: Account) => Promise<z.output<Sections[K]>> };

export interface AccountDetailDeps {
  mfa: Pick<MfaService, 'status'>;
  /** The account's passkeys (name, created, last used; no key material). */
  passkeys: Pick<PasskeyAdmin, 'list'>;
  /** Responsible gambling as the RG service keeps it (server/rg/admin-rg-routes.ts rgSummary). */
  rg: (accountId: string) => ReturnType<typeof rgSummary>;
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
      const [status, passkeys] = await Promise.all([
        deps.mfa.status(account.id),
        deps.passkeys.list(account.id),
      ]);
      return {
        totp: status.totp,
        passkeys: passkeys.map(({ id, name, createdAt, lastUsedAt }) => ({
          id,
          name,
          createdAt,
          lastUsedAt,
        })),
        required: status.required,
        recoveryCodesLeft: status.recoveryCodesLeft,
      };
    },
    lockouts: (account) => deps.lockouts.status(account),
    async responsibleGambling(account) {
      const rg = await deps.rg(account.id);
      return {
        sessionLimitMinutes: rg.limits.session_minutes,
        limits: {
          sessionMinutes: rg.limits.session_minutes,
          realityCheckMinutes: rg.limits.reality_check_minutes,
        },
        pending: rg.limits.pending.map((p) => ({
          name: p.name,
          value: p.value,
          effectiveAt: iso(p.effective_at),
        })),
        restriction: rg.restriction
          ? { kind: rg.restriction.kind, since: iso(rg.restriction.since), until: iso(rg.restriction.until) }
          : await legacyExclusion(account),
      };
    },
    async sessions(account) {
      const page = await deps.sessions.listForAccount(account.id, { limit: 1, offset: 0 });
      return { live: page.total };
    },
  };

  /** An account self-excluded through `disable` with status self_excluded (before rg_restrictions existed). */
  async function legacyExclusion(account: Account) {
    if (account.status !== 'self_excluded') return null;
    const state = await deps.versions.current(account.id);
    return { kind: 'self_exclusion', since: null, until: iso(state?.excludedUntil ?? null) };
  }
}

/** Reads every section of one account at once. */
export async function readSections(readers: SectionReaders, account: Account) {
  const entries = await Promise.all(
    Object.entries(readers).map(async ([name, read]) => [name, await read(account)] as const),
  );
  return Object.fromEntries(entries) as { [K in keyof Sections]: z.output<Sections[K]> };
}
