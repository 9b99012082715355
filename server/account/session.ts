import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { signedOutAccountPage } from '../../views/account.ts';
import type { PageBrand, Ui } from '../../views/ui.ts';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import { assertCsrf, csrfToken } from '../http/csrf.ts';
import { pageUi } from '../http/page-ui.ts';
import type { MfaContext } from '../mfa/mfa-service.ts';
import { startAccountSignIn } from './account-sign-in.ts';

/** The signed-in player as the account routes see it. */
export interface AccountState {
  account: Account;
  sessionUid: string;
  /** The Session record id (kept alive by a password change made on this page). */
  sessionId: string;
  csrf: string;
  /** The page language (?ui_locales, then Accept-Language) and the brand (?client_id's, else the platform's). */
  ui: Ui;
}

export interface AccountDeps {
  provider: () => Provider;
  accounts: AccountStore;
  csrfSecret: string;
  brandOf?: ((clientId: string) => Promise<PageBrand | undefined>) | undefined;
  /** With the issuer, GET /account without a session starts a sign-in (account-sign-in.ts) and comes back. */
  issuer?: string | undefined;
}

/** The Ui of an account page: ?ui_locales and ?client_id (the app that linked here) choose language and brand. */
export async function accountUi(ctx: Context, deps: Pick<AccountDeps, 'brandOf'>): Promise<Ui> {
  const clientId = typeof ctx.query.client_id === 'string' ? ctx.query.client_id.slice(0, 200) : undefined;
  const brand = clientId ? await deps.brandOf?.(clientId) : undefined;
  return pageUi(ctx, { brand });
}

/** The state loaded by `loadSignedIn`. */
export function signedIn(ctx: Context): AccountState {
  return ctx.state.account as AccountState;
}

/**
 * Reads oidc-provider's own session (its signed session cookie, via Session.get on our koa context, which
 * the provider's cookie keys verify); without a session for an active account, shows the signed-out page.
 */
export function loadSignedIn(deps: AccountDeps) {
  return async function loadSignedIn(ctx: Context, next: Next) {
    const session = await deps.provider().Session.get(ctx);
    const account = session.accountId ? await deps.accounts.findById(session.accountId) : undefined;
    const ui = await accountUi(ctx, deps);
    if (account?.status !== 'active') {
      if (ctx.method === 'GET' && deps.issuer) return startAccountSignIn(ctx, deps.issuer);
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = signedOutAccountPage(ui);
      return;
    }
    // The CSRF token is bound to the session uid, which stays stable when the session id is regenerated.
    const state: AccountState = {
      account,
      sessionUid: session.uid,
      sessionId: session.jti,
      csrf: csrfToken(deps.csrfSecret, `account:${session.uid}`),
      ui,
    };
    ctx.state.account = state;
    await next();
  };
}

/** Rejects account form posts without this session's CSRF token. */
export function checkAccountCsrf(deps: AccountDeps) {
  return async function checkAccountCsrf(ctx: Context, next: Next) {
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    assertCsrf(deps.csrfSecret, `account:${signedIn(ctx).sessionUid}`, body.csrf);
    await next();
  };
}

/** Audit and attempt-counting context for an account-page action. */
export function accountMfaContext(ctx: Context): MfaContext {
  const { account, sessionUid } = signedIn(ctx);
  return {
    accountId: account.id,
    flowId: `account:${sessionUid}`,
    sessionId: sessionUid,
    ip: ctx.ip,
    userAgent: ctx.get('user-agent'),
  };
}

/** The posted form field as a bounded string. */
export function field(ctx: Context, name: string, max = 1024): string {
  const value = (ctx.request as { body?: Record<string, unknown> }).body?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}
