import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Challenges } from './challenges.ts';
import type { PasskeyLimits } from './passkey-limits.ts';
import type { PasskeyMetrics } from './passkey-metrics.ts';
import type { NewPasskey, Passkey, PasskeyStore } from './passkey-store.ts';
import { type RefusalReason, refusalReason } from './refusal-reason.ts';

/** Who is acting, for audit rows (never a credential's key material). */
export interface PasskeyActor {
  clientId?: string | undefined;
  sessionId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface RelyingParty {
  rpId: string;
  origins: readonly string[];
  /** Shown by the browser while registering. */
  name: string;
}

export type Mode = 'second_factor' | 'passwordless';

export type SignInOutcome =
  | { outcome: 'ok'; accountId: string; passkey: Passkey }
  | { outcome: 'refused'; reason: RefusalReason }
  | { outcome: 'locked'; retryAfter: number };

export type AddOutcome =
  | { outcome: 'added'; passkey: Passkey }
  | { outcome: 'refused'; reason: RefusalReason };

/** The WebAuthn user handle for an account: its id, which carries nothing personal. */
const userHandleOf = (accountId: string) => new TextEncoder().encode(accountId);
const MAX_NAME = 64;

/** Passkey ceremonies (via @simplewebauthn/server), their limits, audit events and metrics. */
export function createPasskeyService(deps: {
  store: PasskeyStore;
  challenges: Challenges;
  limits: PasskeyLimits;
  audit: AuditLog;
  metrics: PasskeyMetrics;
  rp: RelyingParty;
}) {
  const { store, challenges, limits, audit, metrics, rp } = deps;
  const record = (
    type: string,
    outcome: string,
    accountId: string | undefined,
    who: PasskeyActor,
    detail = {},
  ) => audit.record({ type, outcome, accountId, ...who, detail });

  const refuse = async (reason: RefusalReason, mode: Mode, who: PasskeyActor, accountId?: string) => {
    metrics.failures.inc({ reason });
    await record('mfa.passkey.used', 'failure', accountId, who, { reason, mode });
    return { outcome: 'refused', reason } as const;
  };

  /** Counts the attempt before any check (per IP, and per account once it is known); the lockout is audited. */
  const admit = async (key: { ip?: string; accountId?: string | undefined }, who: PasskeyActor) => {
    const results = await Promise.all([
      key.ip !== undefined ? limits.ip.consume(key.ip) : undefined,
      key.accountId ? limits.account.consume(key.accountId) : undefined,
    ]);
    const blocked = results.filter((r) => r && !r.allowed);
    if (blocked.length === 0) return undefined;
    const retryAfter = Math.max(...blocked.map((r) => r!.retryAfter));
    metrics.failures.inc({ reason: 'locked' });
    await record('mfa.passkey.lockout', 'failure', key.accountId, who, { retryAfter });
    return { outcome: 'locked', retryAfter } as const;
  };

  return {
    list: (accountId: string) => store.list(accountId),
    count: (accountId: string) => store.count(accountId),

    /** Options for navigator.credentials.create: user verification required, a resident key preferred. */
    async registrationOptions(
      account: { id: string; email: string },
      binding: string,
    ): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await store.list(account.id);
      const options = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.rpId,
        userName: account.email,
        userID: userHandleOf(account.id),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.id, transports: [...p.transports] })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      });
      await challenges.issue('register', binding, { challenge: options.challenge, accountId: account.id });
      return options;
    },

    /**
     * Verifies a registration response for the account whose ceremony this binding started, then stores it
     * with `save` (the account command on /account; false when the credential is already registered).
     */
    async add(
      accountId: string,
      binding: string,
      raw: string,
      name: string,
      who: PasskeyActor,
      save: (passkey: NewPasskey) => Promise<boolean> = (p) => store.add(p),
    ): Promise<AddOutcome> {
      const pending = await challenges.take('register', binding);
      const fail = async (reason: RefusalReason) => {
        await record('mfa.passkey.added', 'failure', accountId, who, { reason });
        return { outcome: 'refused', reason } as const;
      };
      if (!pending || pending.accountId !== accountId) return fail('challenge_expired');
      let response: RegistrationResponseJSON;
      try {
        response = JSON.parse(raw) as RegistrationResponseJSON;
      } catch {
        return fail('malformed');
      }
      let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
      try {
        const verified = await verifyRegistrationResponse({
          response,
          expectedChallenge: pending.challenge,
          expectedOrigin: [...rp.origins],
          expectedRPID: rp.rpId,
          requireUserVerification: true,
        });
        info = verified.registrationInfo;
      } catch (error) {
        return fail(refusalReason(error));
      }
      if (!info) return fail('invalid');
      const passkey = {
        id: info.credential.id,
        accountId,
        publicKey: info.credential.publicKey,
        signCount: info.credential.counter,
        transports: info.credential.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        name: name.trim().slice(0, MAX_NAME) || 'Passkey',
        aaguid: info.aaguid,
      };
      if (!(await save(passkey))) return fail('duplicate');
      metrics.registrations.inc();
      await record('mfa.passkey.added', 'success', accountId, who, {
        name: passkey.name,
        credential: passkey.id,
      });
      return { outcome: 'added', passkey: { ...passkey, createdAt: new Date(), lastUsedAt: undefined } };
    },

    /**
     * Options for navigator.credentials.get. With an account (second factor) its passkeys are listed; without
     * one (passwordless) none are, so the browser offers the discoverable credentials it holds for us.
     */
    async authenticationOptions(
      binding: string,
      accountId?: string,
    ): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const allow = accountId ? await store.list(accountId) : [];
      const options = await generateAuthenticationOptions({
        rpID: rp.rpId,
        userVerification: 'required',
        allowCredentials: allow.map((p) => ({ id: p.id, transports: [...p.transports] })),
      });
      await challenges.issue('authenticate', binding, { challenge: options.challenge, accountId });
      return options;
    },

    /** Verifies an assertion against the challenge this binding was given; the counter only moves forward. */
    async authenticate(
      binding: string,
      raw: string,
      who: PasskeyActor & { ip: string },
    ): Promise<SignInOutcome> {
      const pending = await challenges.take('authenticate', binding);
      const mode: Mode = pending?.accountId ? 'second_factor' : 'passwordless';
      const locked = await admit({ ip: who.ip, accountId: pending?.accountId }, who);
      if (locked) return locked;
      if (!pending) return refuse('challenge_expired', mode, who);
      let response: AuthenticationResponseJSON;
      try {
        response = JSON.parse(raw) as AuthenticationResponseJSON;
      } catch {
        return refuse('malformed', mode, who, pending.accountId);
      }
      const passkey = typeof response?.id === 'string' ? await store.find(response.id) : undefined;
      if (!passkey) return refuse('unknown_credential', mode, who, pending.accountId);
      if (pending.accountId && passkey.accountId !== pending.accountId) {
        return refuse('wrong_account', mode, who, pending.accountId);
      }
      if (!pending.accountId) {
        const lockedAccount = await admit({ accountId: passkey.accountId }, who);
        if (lockedAccount) return lockedAccount;
      }
      const handle = response.response?.userHandle;
      if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.accountId) {
        return refuse('user_handle', mode, who, passkey.accountId);
      }
      let info: Awaited<ReturnType<typeof verifyAuthenticationResponse>>['authenticationInfo'];
      try {
        const verified = await verifyAuthenticationResponse({
          response,
          expectedChallenge: pending.challenge,
          expectedOrigin: [...rp.origins],
          expectedRPID: rp.rpId,
          credential: { id: passkey.id, publicKey: passkey.publicKey, counter: passkey.signCount },
          requireUserVerification: true,
        });
        if (!verified.verified) return refuse('signature', mode, who, passkey.accountId);
        info = verified.authenticationInfo;
      } catch (error) {
        return refuse(refusalReason(error), mode, who, passkey.accountId);
      }
      if (!(await store.recordUse(passkey.id, info.newCounter, info.credentialBackedUp))) {
        return refuse('stale_counter', mode, who, passkey.accountId);
      }
      await Promise.all([limits.account.reset(passkey.accountId), limits.ip.refund(who.ip)]);
      metrics.signIns.inc({ mode });
      await record('mfa.passkey.used', 'success', passkey.accountId, who, { mode, name: passkey.name });
      return { outcome: 'ok', accountId: passkey.accountId, passkey };
    },

    /**
     * Removes one of the account's passkeys (after re-authentication, checked by the caller) with `drop` (the
     * account command on /account); undefined when it is not the account's.
     */
    async remove(
      accountId: string,
      credentialId: string,
      who: PasskeyActor,
      drop: (credentialId: string) => Promise<Pick<Passkey, 'id' | 'name'> | undefined> = (id) =>
        store.remove(accountId, id),
    ): Promise<Pick<Passkey, 'id' | 'name'> | undefined> {
      const removed = await drop(credentialId);
      if (removed) {
        await record('mfa.passkey.removed', 'success', accountId, who, {
          name: removed.name,
          credential: removed.id,
        });
      }
      return removed;
    },

    /** Removes every passkey of the account (MFA reset by an operator); how many. */
    async removeAll(
      accountId: string,
      who: PasskeyActor & { reason?: string; adminId?: string },
    ): Promise<number> {
      const { reason, adminId, ...actor } = who;
      const count = await store.removeAll(accountId);
      if (count > 0) {
        await record('mfa.passkey.removed', 'success', accountId, actor, {
          all: true,
          count,
          reason,
          adminId,
        });
      }
      return count;
    },
  };
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;
