import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { AppError } from '../errors.ts';
import { assertCsrf, csrfToken } from '../http/csrf.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** What every interaction step shares, kept on ctx.state. */
export interface InteractionState {
  provider: Provider;
  interaction: Interaction;
  csrf: string;
  clientName: string;
}

export interface InteractionDeps {
  provider: () => Provider;
  csrfSecret: string;
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
        throw new AppError('This sign-in has expired. Go back to the app and start again.', {
          code: 'ERR_INTERACTION_EXPIRED',
          status: 400,
          cause: err,
        });
      }
      throw err;
    }
    if (interaction.uid !== ctx.params.uid) {
      throw new AppError('This sign-in page does not belong to your current sign-in.', {
        code: 'ERR_INTERACTION_MISMATCH',
        status: 400,
      });
    }
    const client = await provider.Client.find(String(interaction.params.client_id));
    const interactionState: InteractionState = {
      provider,
      interaction,
      csrf: csrfToken(deps.csrfSecret, interaction.uid),
      clientName: client?.clientName ?? String(interaction.params.client_id),
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
      throw new AppError('This page is out of date. Go back to the app and try again.', {
        code: 'ERR_PROMPT',
        status: 400,
      });
    }
    await next();
  };
}

/**
 * Hands the result to oidc-provider and redirects the browser back to the authorization endpoint. `merge`
 * keeps the earlier submission of this request (consent keeps the login it follows, so prompt=login is
 * satisfied when the request resumes instead of asking for the password again).
 */
export async function finish(
  ctx: Context,
  result: Parameters<Provider['interactionResult']>[2],
  merge = false,
): Promise<void> {
  const redirectTo = await state(ctx).provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: merge,
  });
  ctx.status = 303;
  ctx.redirect(redirectTo);
}
