import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { Locale } from '../../views/i18n/catalogs.ts';
import type { Ui } from '../../views/ui.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeviceStore } from './device-store.ts';

/** The long-lived device cookie: a random id, signed with COOKIE_KEYS (koa's keygrip), HttpOnly. */
export const DEVICE_COOKIE = 'pitboss.device';
/** Chromium caps cookie lifetimes at 400 days; a year keeps every browser below the cap. */
const DEVICE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
/** Browsers remembered per account; the least recently seen are forgotten first. */
const DEVICES_PER_ACCOUNT = 20;

/** What the player is told about a sign-in from a new browser (mail, when mail exists). */
export interface NewDeviceNotice {
  accountId: string;
  email: string;
  ip: string;
  userAgent: string;
  at: Date;
  /** The account's own language, when no page's is known. */
  locale?: Locale | null | undefined;
  /** The language and brand of the sign-in's pages. */
  ui?: Ui | undefined;
  /** The sign-in before this one, when this sign-in's checks already read it (null: none). */
  previousLoginAt?: Date | null | undefined;
}

export type NewDeviceNotifier = (notice: NewDeviceNotice) => Promise<void>;

const hashOf = (deviceId: string) => createHash('sha256').update(deviceId).digest('base64url');

/**
 * Recognises browsers a player has signed in from before. A browser is known to an account only after a
 * completed sign-in to that account from it, so the cookie alone (or a cookie from another account's
 * sign-in) never counts as recognition.
 */
export function createDeviceRecognition(deps: {
  store: DeviceStore;
  audit: AuditLog;
  /** NEW_DEVICE_MFA: ask an enrolled player for the second factor on a new browser. */
  stepUp: boolean;
  notify?: NewDeviceNotifier | undefined;
  onNotifyError?: (err: unknown) => void;
}) {
  const deviceId = (ctx: Context) => ctx.cookies.get(DEVICE_COOKIE, { signed: true }) || undefined;
  const isNew = async (ctx: Context, accountId: string) => {
    const id = deviceId(ctx);
    return !id || !(await deps.store.isKnown(accountId, hashOf(id)));
  };

  return {
    stepUp: deps.stepUp,
    isNew,
    /** Whether this sign-in must ask an enrolled player for the second factor because the browser is new. */
    async needsStepUp(ctx: Context, accountId: string): Promise<boolean> {
      return deps.stepUp && (await isNew(ctx, accountId));
    },

    /**
     * After a completed sign-in: a new browser is audited as login.new_device (and the player told), then
     * remembered for the account; the cookie is (re)issued with a fresh lifetime.
     */
    async signedIn(
      ctx: Context,
      account: {
        id: string;
        email: string;
        locale?: Locale | null | undefined;
        previousLoginAt?: Date | null | undefined;
      },
      detail: { clientId?: string | undefined; amr: readonly string[]; ui?: Ui | undefined },
    ): Promise<void> {
      let id = deviceId(ctx);
      const known = id ? await deps.store.isKnown(account.id, hashOf(id)) : false;
      id ??= randomBytes(32).toString('base64url');
      const userAgent = ctx.get('user-agent');
      if (!known) {
        await deps.audit.record({
          type: 'login.new_device',
          outcome: 'success',
          accountId: account.id,
          clientId: detail.clientId,
          ip: ctx.ip,
          userAgent,
          detail: { amr: [...detail.amr], stepUp: deps.stepUp },
        });
        const notice = {
          accountId: account.id,
          email: account.email,
          locale: account.locale,
          ip: ctx.ip,
          userAgent,
          at: new Date(),
          ui: detail.ui,
          previousLoginAt: account.previousLoginAt,
        };
        // A mail problem must not fail the sign-in; the mail outbox retries on its own once it has the row.
        await deps.notify?.(notice).catch((err: unknown) => deps.onNotifyError?.(err));
      }
      await deps.store.remember(account.id, hashOf(id), userAgent, DEVICES_PER_ACCOUNT);
      ctx.cookies.set(DEVICE_COOKIE, id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.secure,
        path: '/',
        signed: true,
        overwrite: true,
        maxAge: DEVICE_COOKIE_MAX_AGE_MS,
      });
    },

    /** Forgets every browser of the account (MFA reset): the next sign-in anywhere is a new device. */
    forgetAll: (accountId: string) => deps.store.forgetAll(accountId),
  };
}

export type DeviceRecognition = ReturnType<typeof createDeviceRecognition>;
