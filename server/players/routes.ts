import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { forgotPasswordPage, newPasswordPage, passwordResetDonePage } from '../../views/password-reset.ts';
import { checkEmailPage, registerPage } from '../../views/register.ts';
import type { PageBrand, Ui } from '../../views/ui.ts';
import { verifyEmailPage } from '../../views/verify-email.ts';
import { pageUi } from '../http/page-ui.ts';
import { checkCsrf, type InteractionDeps, loadInteraction, state } from '../interactions/context.ts';
import { showLogin } from '../interactions/login.ts';
import { resendVerification, verifyEmail } from './email-verification.ts';
import { assertPageCsrf, pageCsrfToken } from './page-csrf.ts';
import { completePasswordReset, requestPasswordReset, resetLinkAccount } from './password-reset.ts';
import type { SelfServiceDeps } from './ports.ts';
import { register } from './registration.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

export interface PlayerRouteDeps extends SelfServiceDeps, InteractionDeps {
  /** The brand of a client's pages; the platform's when the client has none or is unknown. */
  brandFor: (clientId: string | undefined) => Promise<PageBrand>;
}

/** Where a player's page is: inside an authorization request (interaction) or standalone (with ?client_id). */
interface PageContext {
  ui: Ui;
  csrf: string;
  clientId: string | undefined;
  /** The form's own URL and the way back to sign-in. */
  base: string;
  loginUrl: string | undefined;
  /** The authorization request to resume after verification (inside an interaction only). */
  continueUrl: string | undefined;
}

const form = (ctx: Context, name: string, max = 1024) => {
  const v = (ctx.request as { body?: Record<string, unknown> }).body?.[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
};
const who = (ctx: Context, clientId?: string) => ({ ip: ctx.ip, userAgent: ctx.get('user-agent'), clientId });

/**
 * Registration, email verification and password reset pages, standalone and inside a sign-in (the login
 * page's Create account / Forgot password? links keep the authorization request).
 */
export function playerRoutes(deps: PlayerRouteDeps): Router {
  const router = new Router();
  const load = loadInteraction(deps);
  const interactionCsrf = checkCsrf(deps);

  const standalone = async (ctx: Context, path: string): Promise<PageContext> => {
    const clientId = typeof ctx.query.client_id === 'string' ? ctx.query.client_id.slice(0, 200) : undefined;
    const brand = await deps.brandFor(clientId);
    const query = new URLSearchParams();
    if (clientId) query.set('client_id', clientId);
    if (typeof ctx.query.ui_locales === 'string') query.set('ui_locales', ctx.query.ui_locales.slice(0, 100));
    return {
      ui: pageUi(ctx, { brand }),
      csrf: pageCsrfToken(ctx, deps.csrfSecret),
      clientId,
      base: `${path}${query.size ? `?${query}` : ''}`,
      loginUrl: undefined,
      continueUrl: undefined,
    };
  };
  const inSignIn = (ctx: Context, path: string): PageContext => {
    const { interaction, ui, csrf } = state(ctx);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(interaction.params))
      if (typeof v === 'string' && k !== 'prompt') params.set(k, v);
    return {
      ui,
      csrf,
      clientId: String(interaction.params.client_id),
      base: `/interaction/${interaction.uid}/${path}`,
      loginUrl: `/interaction/${interaction.uid}`,
      continueUrl: `${deps.issuer}/auth?${params}`,
    };
  };
  const standaloneCsrf = async (ctx: Context, next: Next) => {
    assertPageCsrf(ctx, deps.csrfSecret, form(ctx, 'csrf'));
    await next();
  };

  // Registration
  const showRegister = (page: (ctx: Context) => Promise<PageContext> | PageContext) =>
    async function showRegister(ctx: Context) {
      const p = await page(ctx);
      ctx.type = 'html';
      ctx.body = registerPage(p.ui, { action: p.base, csrf: p.csrf, loginUrl: p.loginUrl });
    };
  const submitRegister = (page: (ctx: Context) => Promise<PageContext> | PageContext) =>
    async function submitRegister(ctx: Context) {
      const p = await page(ctx);
      const fields = {
        email: form(ctx, 'email', 254),
        password: form(ctx, 'password'),
        dateOfBirth: form(ctx, 'date_of_birth', 20),
        termsAccepted: form(ctx, 'terms') === 'accepted',
      };
      const result = await register(deps, fields, p.ui, {
        ...who(ctx, p.clientId),
        continueUrl: p.continueUrl,
      });
      ctx.type = 'html';
      if (result.outcome === 'check_email') {
        ctx.body = checkEmailPage(p.ui, fields.email.trim());
        return;
      }
      ctx.status = result.status;
      if (result.status === 503) ctx.set('Retry-After', '60');
      ctx.body = registerPage(p.ui, {
        action: p.base,
        csrf: p.csrf,
        loginUrl: p.loginUrl,
        email: fields.email,
        dateOfBirth: fields.dateOfBirth,
        error: p.ui.t.message(result.message),
      });
    };
  router.get(
    '/register',
    showRegister((ctx) => standalone(ctx, '/register')),
  );
  router.post(
    '/register',
    parseForm,
    standaloneCsrf,
    submitRegister((ctx) => standalone(ctx, '/register')),
  );
  router.get(
    '/interaction/:uid/register',
    load,
    showRegister((ctx) => inSignIn(ctx, 'register')),
  );
  router.post(
    '/interaction/:uid/register',
    parseForm,
    load,
    interactionCsrf,
    submitRegister((ctx) => inSignIn(ctx, 'register')),
  );

  // Email verification (GET: the link in the mail; single use)
  router.get('/verify-email', async function followVerificationLink(ctx) {
    const p = await standalone(ctx, '/verify-email');
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
    const result = await verifyEmail(deps, token, who(ctx, p.clientId));
    if (!result) ctx.status = 400;
    ctx.type = 'html';
    ctx.body = verifyEmailPage(p.ui, { ok: Boolean(result), continueUrl: result?.continueUrl ?? undefined });
  });

  // "Send a new link" from the login page (after the right password of an unverified account)
  router.post(
    '/interaction/:uid/resend-verification',
    parseForm,
    load,
    interactionCsrf,
    async function resendLink(ctx: Context) {
      const p = inSignIn(ctx, '');
      const email = form(ctx, 'email', 254).trim();
      const result = await resendVerification(deps, email, p.ui, {
        ...who(ctx, p.clientId),
        continueUrl: p.continueUrl,
      });
      if (result === 'limited') {
        ctx.status = 429;
        return showLogin(ctx, p.ui.t('verify.tooMany'), email);
      }
      showLogin(ctx, undefined, email, { notice: p.ui.t('verify.resent') });
    },
  );

  // Forgot password
  const showForgot = (page: (ctx: Context) => Promise<PageContext> | PageContext) =>
    async function showForgot(ctx: Context) {
      const p = await page(ctx);
      ctx.type = 'html';
      ctx.body = forgotPasswordPage(p.ui, { action: p.base, csrf: p.csrf, loginUrl: p.loginUrl });
    };
  const submitForgot = (page: (ctx: Context) => Promise<PageContext> | PageContext) =>
    async function submitForgot(ctx: Context) {
      const p = await page(ctx);
      const email = form(ctx, 'email', 254).trim();
      const result = await requestPasswordReset(deps, email, p.ui, who(ctx, p.clientId));
      ctx.type = 'html';
      if (result === 'limited') {
        ctx.status = 429;
        ctx.body = forgotPasswordPage(p.ui, {
          action: p.base,
          csrf: p.csrf,
          loginUrl: p.loginUrl,
          error: p.ui.t('reset.tooMany'),
        });
        return;
      }
      const minutes = Math.round(deps.resetTokenTtl / 60);
      ctx.body = forgotPasswordPage(p.ui, {
        action: p.base,
        csrf: p.csrf,
        loginUrl: p.loginUrl,
        sent: { email, minutes },
      });
    };
  router.get(
    '/forgot-password',
    showForgot((ctx) => standalone(ctx, '/forgot-password')),
  );
  router.post(
    '/forgot-password',
    parseForm,
    standaloneCsrf,
    submitForgot((ctx) => standalone(ctx, '/forgot-password')),
  );
  router.get(
    '/interaction/:uid/forgot-password',
    load,
    showForgot((ctx) => inSignIn(ctx, 'forgot-password')),
  );
  router.post(
    '/interaction/:uid/forgot-password',
    parseForm,
    load,
    interactionCsrf,
    submitForgot((ctx) => inSignIn(ctx, 'forgot-password')),
  );

  // The reset link: the form (GET), then the new password (POST; the unguessable token is the form's guard)
  router.get('/reset-password', async function showNewPassword(ctx) {
    const p = await standalone(ctx, '/reset-password');
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
    const account = await resetLinkAccount(deps, token);
    if (!account) ctx.status = 400;
    ctx.type = 'html';
    ctx.body = newPasswordPage(p.ui, { action: p.base, token, email: account?.email, invalid: !account });
  });
  router.post('/reset-password', parseForm, async function setNewPassword(ctx) {
    const p = await standalone(ctx, '/reset-password');
    const token = form(ctx, 'token', 100);
    const result = await completePasswordReset(
      deps,
      token,
      form(ctx, 'password'),
      p.ui,
      who(ctx, p.clientId),
    );
    ctx.type = 'html';
    if (result.outcome === 'done') {
      ctx.body = passwordResetDonePage(p.ui);
      return;
    }
    ctx.status = 400;
    ctx.body =
      result.outcome === 'invalid_link'
        ? newPasswordPage(p.ui, { action: p.base, token: '', invalid: true })
        : newPasswordPage(p.ui, { action: p.base, token, error: p.ui.t.message(result.message) });
  });

  return router;
}
