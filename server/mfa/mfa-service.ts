import type { AuditLog } from '../audit/audit-log.ts';
import type { ExpiringValues } from '../sessions/expiring-values.ts';
import { type Attempt, type AttemptLimiter, accountLockout } from './attempt-limiter.ts';
import type { MfaStore } from './mfa-store.ts';
import { qrDataUri } from './qr-code.ts';
import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.ts';
import type { ReplayGuard } from './replay-guard.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

/** A TOTP code stays valid for at most three steps (±1 drift), so 120 s outlives every window it is in. */
const REPLAY_TTL_SECONDS = 120;
/** How long a secret shown for enrolment stays confirmable: one enrolment flow, not a standing secret. */
const PENDING_TTL_MS = 10 * 60 * 1000;
/** The label issuer shown in authenticator apps. */
const ISSUER_NAME = 'Pitboss';

/** Who is acting, for the audit trail (never codes or secrets). */
export interface MfaContext {
  accountId: string;
  /** Interaction uid or account-page session: the per-flow attempt counter. */
  flowId: string;
  clientId?: string | undefined;
  sessionId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export type CodeOutcome =
  | { outcome: 'ok'; method: 'totp' | 'recovery' }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; scope: 'interaction' | 'account' };

/** Enrolment confirmed: the recovery codes, to be shown once. */
export type EnrolOutcome =
  | Exclude<CodeOutcome, { outcome: 'ok' }>
  | { outcome: 'enrolled'; recoveryCodes: string[] };

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrDataUri: string;
}

export interface MfaStatus {
  /** Any second factor: TOTP or at least one passkey. */
  enrolled: boolean;
  totp: boolean;
  passkeys: number;
  required: boolean;
  recoveryCodesLeft: number;
}

export type MfaService = ReturnType<typeof createMfaService>;

/** TOTP enrolment and verification, recovery codes, attempt limits and their audit events. */
export function createMfaService(deps: {
  store: MfaStore;
  key: Buffer;
  guard: ReplayGuard;
  limiter: AttemptLimiter;
  audit: AuditLog;
  /** Pending secrets, one per enrolment flow (interaction or account-page session), sealed, short TTL. */
  pending: ExpiringValues;
  /** Counts the account's passkeys, which are a second factor beside TOTP (server/passkeys). */
  passkeys?: { count(accountId: string): Promise<number> } | undefined;
}) {
  const { store, key, guard, limiter, audit, pending } = deps;
  /** The secret shown in this flow for this account, if it has not expired. */
  const pendingSecret = async (accountId: string, flowId: string) => {
    const saved = JSON.parse((await pending.get(flowId)) ?? 'null') as {
      accountId: string;
      sealed: string;
    } | null;
    return saved?.accountId === accountId ? saved.sealed : undefined;
  };
  const record = (type: string, outcome: string, c: MfaContext, detail?: Record<string, unknown>) => {
    const { flowId: _flow, ...who } = c;
    return audit.record({ type, outcome, ...who, ...(detail && { detail }) });
  };

  /** A wrong code (already counted by its attempt); the attempt that spends the last point starts a lockout, audited. */
  const fail = async (
    c: MfaContext,
    attempt: Extract<Attempt, { accountCount: number }>,
    reason: string,
  ): Promise<CodeOutcome> => {
    await record('mfa', 'failure', c, { reason });
    const lockout = await limiter.failed(attempt);
    if (!lockout) return { outcome: 'invalid' };
    await record('mfa.lockout', 'failure', c, {
      scope: lockout.scope,
      level: lockout.started?.level,
      lockoutSeconds: lockout.started?.seconds,
    });
    return { outcome: 'locked', scope: lockout.scope };
  };

  /** A 6-digit code against `sealed`, accepted once only (the time step it matched is claimed). */
  const totpMatches = async (c: MfaContext, sealed: string, code: string) => {
    const step = await verifyTotp(openSecret(key, c.accountId, sealed), code);
    if (step === undefined) return 'wrong';
    return (await guard.claim(`${c.accountId}:${step}`, REPLAY_TTL_SECONDS)) ? 'ok' : 'replay';
  };

  const freshCodes = () => {
    const codes = generateRecoveryCodes();
    return { codes, hashes: codes.map(hashRecoveryCode) };
  };

  return {
    async status(accountId: string): Promise<MfaStatus> {
      const r = await store.find(accountId);
      // Passkeys count only where they are served; the store's count is from the same read when it has one.
      const passkeys = deps.passkeys ? (r.passkeys ?? (await deps.passkeys.count(accountId))) : 0;
      return {
        enrolled: !!r.totpSecret || passkeys > 0,
        totp: !!r.totpSecret,
        passkeys,
        required: r.mfaRequired,
        recoveryCodesLeft: r.recoveryCodesLeft,
      };
    },

    /**
     * The pending secret of this enrolment flow (made once per flow, reused on reload so a scanned QR code
     * stays valid) and its QR code. Another flow, even of the same account, gets a secret of its own, so a
     * secret someone saw and abandoned can never become the one the player enrols.
     */
    async beginEnrolment(account: { id: string; email: string }, flowId: string): Promise<Enrolment> {
      const sealed = await pendingSecret(account.id, flowId);
      let secret = sealed ? openSecret(key, account.id, sealed) : undefined;
      if (!secret) {
        secret = newTotpSecret();
        const value = JSON.stringify({ accountId: account.id, sealed: sealSecret(key, account.id, secret) });
        await pending.set(flowId, value, PENDING_TTL_MS);
      }
      const uri = otpauthUri(ISSUER_NAME, account.email, secret);
      return { secret, otpauthUri: uri, qrDataUri: await qrDataUri(uri) };
    },

    /** Completes enrolment with a valid code for the pending secret; returns the recovery codes (shown once). */
    async confirmEnrolment(c: MfaContext, input: string): Promise<EnrolOutcome> {
      const attempt = await limiter.attempt(c.accountId, c.flowId);
      if (attempt.lockout) return { outcome: 'locked', scope: attempt.lockout.scope };
      const sealed = await pendingSecret(c.accountId, c.flowId);
      const failed = (reason: string) => fail(c, attempt, reason) as Promise<EnrolOutcome>;
      if (!sealed) return failed('no_pending_enrolment');
      const match = await totpMatches(c, sealed, input.replace(/\s/g, ''));
      if (match !== 'ok') return failed(match);
      const { codes, hashes } = freshCodes();
      if (!(await store.enrol(c.accountId, sealed, hashes))) return failed('already_enrolled');
      await pending.delete(c.flowId);
      await limiter.succeed(c.accountId);
      await record('mfa.enrol', 'success', c, { method: 'totp' });
      return { outcome: 'enrolled', recoveryCodes: codes };
    },

    /**
     * Checks a TOTP code or a recovery code (which also stands in for a lost passkey) for an enrolled
     * account; counts and limits wrong ones.
     */
    async verify(c: MfaContext, input: string): Promise<CodeOutcome> {
      // Counted before the code is looked at, so parallel guesses cannot outrun the limit.
      const attempt = await limiter.attempt(c.accountId, c.flowId);
      if (attempt.lockout) return { outcome: 'locked', scope: attempt.lockout.scope };
      const r = await store.find(c.accountId);
      if (!r.totpSecret && r.recoveryCodesLeft === 0) return fail(c, attempt, 'not_enrolled');
      const code = input.replace(/\s/g, '');
      if (/^\d{6}$/.test(code)) {
        if (!r.totpSecret) return fail(c, attempt, 'not_enrolled');
        const match = await totpMatches(c, r.totpSecret, code);
        if (match !== 'ok') return fail(c, attempt, match);
        await limiter.succeed(c.accountId);
        await record('mfa', 'success', c, { method: 'totp' });
        return { outcome: 'ok', method: 'totp' };
      }
      const recovery = normaliseRecoveryCode(input);
      if (!recovery) return fail(c, attempt, 'format');
      if (!(await store.consumeRecoveryCode(c.accountId, hashRecoveryCode(recovery)))) {
        return fail(c, attempt, 'recovery_code');
      }
      await limiter.succeed(c.accountId);
      await record('mfa.recovery_code', 'success', c, { left: r.recoveryCodesLeft - 1 });
      return { outcome: 'ok', method: 'recovery' };
    },

    /** Replaces every recovery code; the new ones are returned to be shown once. */
    async regenerateRecoveryCodes(c: MfaContext): Promise<string[]> {
      const { codes, hashes } = freshCodes();
      await store.replaceRecoveryCodes(c.accountId, hashes);
      await record('mfa.recovery_codes_regenerated', 'success', c);
      return codes;
    },

    async remove(c: MfaContext): Promise<void> {
      await store.removeTotp(c.accountId);
      await record('mfa.removed', 'success', c);
    },

    /** Operator enrolment (CLI): no confirmation step, the operator hands the secret over. */
    async enrolDirect(account: {
      id: string;
      email: string;
    }): Promise<{ secret: string; otpauthUri: string }> {
      const secret = newTotpSecret();
      await store.setSecret(account.id, sealSecret(key, account.id, secret));
      await audit.record({
        type: 'mfa.enrol',
        outcome: 'success',
        accountId: account.id,
        detail: { via: 'cli' },
      });
      return { secret, otpauthUri: otpauthUri(ISSUER_NAME, account.email, secret) };
    },

    setRequired: (accountId: string, required: boolean) => store.setMfaRequired(accountId, required),

    /** The account-wide wrong-code lockout, as operators see and lift it (admin unlock). */
    ...accountLockout(limiter),
  };
}
