import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { PageBrand, Ui } from '../../views/ui.ts';
import { AppError } from '../errors.ts';
import { assertCsrf, csrfToken } from '../http/csrf.ts';
import { pageUi } from '../http/page-ui.ts';
import { sendSignedInPlayerBack } from './back-to-app.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** What every interaction step shares, kept on ctx.state. */
export interface InteractionState {
  provider: Provider;
  interaction: Interaction;
  csrf: string;
  clientName: string;
  /** The page language (ui_locales of the authorization request, then Accept-Language) and the client's brand. */
  ui: Ui;
  /** Registration and password reset are served (the login page links them). */
  selfService: boolean;
}

export interface InteractionDeps {
  provider: () => Provider;
  csrfSecret: string;
  /** The brand a client's pages show (server/brands/); absent or undefined: the platform's own look. */
  brandOf?: ((clientId: string) => Promise<PageBrand | undefined>) | undefined;
  /** Registration and password reset routes are mounted. */
  selfService?: boolean | undefined;
}

/** The interaction state loaded by `loadInteraction`. */
export function state(ctx: Context): InteractionState {
  return ctx.state.interaction as InteractionState;
}

/** Loads the interaction bound to this browser (cookie) and checks it matches the uid in the URL. */
export function loadInteraction(deps: InteractionDeps) {
  return async function loadInteraction(ctx: Context, next: Next) {
    const provider = deps.provider();
    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (err) {
      if (err instanceof errors.SessionNotFound) {
        if (await sendSignedInPlayerBack(ctx, provider)) return;
        throw new AppError('This sign-in has expired. Go back to the app and start again.', {
          code: 'ERR_INTERACTION_EXPIRED',
          status: 400,
          cause: err,
          messageKey: 'error.interactionExpired',
        });
      }
      throw err;
    }
    if (interaction.uid !== ctx.params.uid) {
      throw new AppError('This sign-in page does not belong to your current sign-in.', {
        code: 'ERR_INTERACTION_MISMATCH',
        status: 400,
        messageKey: 'error.interactionMismatch',
      });
    }
    const clientId = String(interaction.params.client_id);
    const client = await provider.Client.find(clientId);
    const brand = await deps.brandOf?.(clientId);
    const interactionState: InteractionState = {
      provider,
      interaction,
      csrf: csrfToken(deps.csrfSecret, interaction.uid),
      clientName: client?.clientName ?? brand?.name ?? clientId,
      ui: pageUi(ctx, { uiLocales: interaction.params.ui_locales, brand }),
      selfService: deps.selfService === true,
    };
    ctx.state.interaction = interactionState;
    await next();
  };
}

/** Rejects form posts without this interaction's CSRF token. */
export function checkCsrf(deps: InteractionDeps) {
  return async function checkCsrf(ctx: Context, next: Next) {
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    assertCsrf(deps.csrfSecret, state(ctx).interaction.uid, body.csrf);
    await next();
  };
}

/** Guards a step so a stale form cannot post to the wrong prompt (e.g. consent while login is pending). */
export function requirePrompt(name: 'login' | 'consent') {
  return async function requirePrompt(ctx: Context, next: Next) {
    if (state(ctx).interaction.prompt.name !== name) {
      throw outOfDate();
    }
    await next();
  };
}

/** A form posted to a step the interaction is no longer at. */
export function outOfDate(): AppError {
  return new AppError('This page is out of date. Go back to the app and try again.', {
    code: 'ERR_PROMPT',
    status: 400,
    messageKey: 'error.outOfDate',
  });
}

/** Hands the result to oidc-provider and redirects the browser back to the authorization endpoint. */
export async function finish(
  ctx: Context,
  result: Parameters<Provider['interactionResult']>[2],
): Promise<void> {
  const redirectTo = await state(ctx).provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(redirectTo);
}
