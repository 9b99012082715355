import type { AuditLog } from '../audit/audit-log.ts';
import { type ExclusionRegister, RegisterError, type RegisterSubject } from './exclusion-register.ts';
import type { RgMetrics } from './rg-metrics.ts';
import type { RgStore } from './rg-store.ts';

export type RegisterTrigger = 'registration' | 'login' | 'refresh';
/** What a check decided: excluded, clear, or (fail open) let through although the register did not answer. */
export type RegisterVerdict = 'excluded' | 'clear' | 'unavailable_open' | 'unavailable_closed';

export interface RegisterGateDeps {
  register: ExclusionRegister;
  store: Pick<RgStore, 'lastRegisterAnswer' | 'saveRegisterAnswer'>;
  audit: AuditLog;
  metrics: RgMetrics;
  /** EXCLUSION_REGISTER_FAIL. */
  failMode: 'closed' | 'open';
  /** EXCLUSION_REGISTER_TTL in seconds: how old a "not excluded" answer may be before a refresh asks again. */
  ttlSeconds: number;
}

/**
 * Asks the exclusion register and applies the failure policy. Every question is audited with the account id, the
 * trigger and the answer (never the email or date of birth sent to the register).
 */
export function createRegisterGate(deps: RegisterGateDeps) {
  /**
   * `audited.emailHash` (a keyed hash, server/audit/typed-email.ts) stands in for the account id at registration,
   * so an operator holding the address can find the check while the row itself names no one.
   */
  async function ask(
    subject: RegisterSubject,
    trigger: RegisterTrigger,
    audited: { emailHash?: string } = {},
  ): Promise<RegisterVerdict> {
    const started = performance.now();
    const accountId = subject.accountId ?? undefined;
    try {
      const excluded = await deps.register.isExcluded(subject);
      if (accountId) await deps.store.saveRegisterAnswer(accountId, excluded);
      deps.metrics.registerAnswers.inc({ answer: excluded ? 'excluded' : 'not_excluded', trigger });
      await deps.audit.record({
        type: 'rg.register_check',
        outcome: 'success',
        accountId,
        detail: { trigger, excluded, ...audited, ms: Math.round(performance.now() - started) },
      });
      return excluded ? 'excluded' : 'clear';
    } catch (err) {
      if (!(err instanceof RegisterError)) throw err;
      deps.metrics.registerAnswers.inc({ answer: 'error', trigger });
      const verdict: RegisterVerdict = deps.failMode === 'open' ? 'unavailable_open' : 'unavailable_closed';
      await deps.audit.record({
        type: 'rg.register_check',
        outcome: 'failure',
        accountId,
        detail: {
          trigger,
          ...audited,
          error: err.reason,
          policy: deps.failMode,
          ms: Math.round(performance.now() - started),
        },
      });
      return verdict;
    }
  }

  return {
    ask,
    /** On refresh: asks only when the last "not excluded" answer is older than the TTL (or there is none). */
    async askIfStale(subject: RegisterSubject & { accountId: string }): Promise<RegisterVerdict> {
      const last = await deps.store.lastRegisterAnswer(subject.accountId);
      const fresh = last && !last.excluded && Date.now() - last.checkedAt.getTime() < deps.ttlSeconds * 1000;
      return fresh ? 'clear' : ask(subject, 'refresh');
    },
  };
}

export type RegisterGate = ReturnType<typeof createRegisterGate>;
