import type { AuditLog } from '../audit/audit-log.ts';
import { type AttemptLimiter, accountLockout } from './attempt-limiter.ts';
import type { MfaStore } from './mfa-store.ts';
import { qrDataUri } from './qr-code.ts';
import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.ts';
import type { ReplayGuard } from './replay-guard.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

/** A TOTP code stays valid for at most three steps (±1 drift), so 120 s outlives every window it is in. */
const REPLAY_TTL_SECONDS = 120;
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
  enrolled: boolean;
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
}) {
  const { store, key, guard, limiter, audit } = deps;
  const record = (type: string, outcome: string, c: MfaContext, detail?: Record<string, unknown>) => {
    const { flowId: _flow, ...who } = c;
    return audit.record({ type, outcome, ...who, ...(detail && { detail }) });
  };

  /** Counts a wrong code; ends in a lockout (audited) once a limit is exhausted. */
  const fail = async (c: MfaContext, reason: string): Promise<CodeOutcome> => {
    const scope = await limiter.fail(c.accountId, c.flowId);
    await record('mfa', 'failure', c, { reason });
    if (!scope) return { outcome: 'invalid' };
    await record('mfa.lockout', 'failure', c, { scope });
    return { outcome: 'locked', scope };
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
      return { enrolled: !!r.totpSecret, required: r.mfaRequired, recoveryCodesLeft: r.recoveryCodesLeft };
    },

    /** The pending secret (made once, reused on reload so a scanned QR code stays valid) and its QR code. */
    async beginEnrolment(account: { id: string; email: string }): Promise<Enrolment> {
      const r = await store.find(account.id);
      let secret = r.pendingSecret ? openSecret(key, account.id, r.pendingSecret) : undefined;
      if (!secret) {
        secret = newTotpSecret();
        await store.setPending(account.id, sealSecret(key, account.id, secret));
      }
      const uri = otpauthUri(ISSUER_NAME, account.email, secret);
      return { secret, otpauthUri: uri, qrDataUri: await qrDataUri(uri) };
    },

    /** Completes enrolment with a valid code for the pending secret; returns the recovery codes (shown once). */
    async confirmEnrolment(c: MfaContext, input: string): Promise<EnrolOutcome> {
      const locked = await limiter.locked(c.accountId, c.flowId);
      if (locked) return { outcome: 'locked', scope: locked };
      const r = await store.find(c.accountId);
      const failed = (reason: string) => fail(c, reason) as Promise<EnrolOutcome>;
      if (!r.pendingSecret) return failed('no_pending_enrolment');
      const match = await totpMatches(c, r.pendingSecret, input.replace(/\s/g, ''));
      if (match !== 'ok') return failed(match);
      const { codes, hashes } = freshCodes();
      if (!(await store.confirmPending(c.accountId, r.pendingSecret, hashes))) return failed('superseded');
      await limiter.succeed(c.accountId);
      await record('mfa.enrol', 'success', c, { method: 'totp' });
      return { outcome: 'enrolled', recoveryCodes: codes };
    },

    /** Checks a TOTP code or a recovery code for an enrolled account; counts and limits wrong ones. */
    async verify(c: MfaContext, input: string): Promise<CodeOutcome> {
      const locked = await limiter.locked(c.accountId, c.flowId);
      if (locked) return { outcome: 'locked', scope: locked };
      const r = await store.find(c.accountId);
      if (!r.totpSecret) return fail(c, 'not_enrolled');
      const code = input.replace(/\s/g, '');
      if (/^\d{6}$/.test(code)) {
        const match = await totpMatches(c, r.totpSecret, code);
        if (match !== 'ok') return fail(c, match);
        await limiter.succeed(c.accountId);
        await record('mfa', 'success', c, { method: 'totp' });
        return { outcome: 'ok', method: 'totp' };
      }
      const recovery = normaliseRecoveryCode(input);
      if (!recovery) return fail(c, 'format');
      if (!(await store.consumeRecoveryCode(c.accountId, hashRecoveryCode(recovery)))) {
        return fail(c, 'recovery_code');
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
