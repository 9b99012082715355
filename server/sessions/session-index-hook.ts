import Provider from 'oidc-provider';
import type { AdapterFactory, AdapterPayload, PitbossAdapter } from '../provider/token-store.ts';
import type { SessionIndex, SessionInfo } from './session-index.ts';

type SessionPayload = AdapterPayload & {
  accountId?: string;
  uid?: string;
  loginTs?: number;
  amr?: string[];
  authorizations?: Record<string, unknown>;
};

interface RequestView {
  ip?: string;
  get?(name: string): string;
  oidc?: { session?: { oldId?: string } };
}

export interface SessionIndexHookOptions {
  index: SessionIndex;
  /** How long an account's index lives after its last write (the absolute session lifetime). */
  retainMs: number;
  /** Called after a logged-in session was written; `isNew` on its first write (a login). */
  onRecorded?: (info: Omit<SessionInfo, 'createdAt'>, isNew: boolean) => Promise<void>;
}

/**
 * Keeps the per-account session index in step with oidc-provider's Session records, at the storage seam
 * (every save of a logged-in session, every destroy). Request details (IP, user agent) come from the
 * provider's request context. Session-id regeneration (destroy old id, save new) keeps the entry.
 */
export function indexSessions(factory: AdapterFactory, options: SessionIndexHookOptions): AdapterFactory {
  return (model) => {
    const inner = factory(model);
    if (model !== 'Session') return inner;
    const hooked: Partial<PitbossAdapter> = {
      async upsert(id, payload: SessionPayload, expiresIn) {
        await inner.upsert(id, payload, expiresIn);
        if (!payload.accountId || !payload.uid) return;
        const ctx = Provider.ctx as RequestView | undefined;
        const now = Date.now();
        const info = {
          uid: payload.uid,
          sessionId: id,
          accountId: payload.accountId,
          lastActiveAt: now,
          expiresAt: now + (expiresIn ?? 0) * 1000,
          loginTs: payload.loginTs,
          userAgent: ctx?.get?.('user-agent')?.slice(0, 200) || undefined,
          ip: ctx?.ip,
          clientIds: Object.keys(payload.authorizations ?? {}),
          amr: payload.amr,
        };
        const isNew = await options.index.record(info, options.retainMs);
        await options.onRecorded?.(info, isNew);
      },
      async destroy(id) {
        const payload = (await inner.find(id)) as SessionPayload | undefined;
        await inner.destroy(id);
        const regenerating = (Provider.ctx as RequestView | undefined)?.oidc?.session?.oldId === id;
        if (!payload?.accountId || !payload.uid || regenerating) return;
        const entry = await options.index.get(payload.accountId, payload.uid);
        if (entry?.sessionId === id) await options.index.remove(payload.accountId, payload.uid);
      },
    };
    return Object.assign(Object.create(inner), hooked);
  };
}
