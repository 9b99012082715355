import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { confirmPage } from '../../../views/admin/confirm.ts';
import { playerPage } from '../../../views/admin/player.ts';
import type { RgSummary } from '../../../views/admin/player-rg.ts';
import { resultPage } from '../../../views/admin/result.ts';
import { searchResultsPage } from '../../../views/admin/search.ts';
import { InvalidInputError, NotFoundError } from '../../errors.ts';
import { parseInput as parse } from '../../parse-input.ts';
import type { AdminActions } from '../actions.ts';
import { accountIdParams, pageOnlyQuery, reasonBody } from '../schemas.ts';
import { CONSOLE_ACTIONS, type ConsoleAction, mayRun } from './console-actions.ts';
import { type ConsoleKit, form, nav, page, ui } from './console-kit.ts';
import type { UiStore } from './ui-session.ts';

const RESULT_TTL_MS = 60 * 60 * 1000;
const PAGE_ALL = { limit: 200, offset: 0 };
const AUDIT_PAGE = 25;

/** Search, the player page, and every player action (confirmation page -> POST -> result page). */
export function playerRoutes(
  router: Router,
  deps: {
    actions: AdminActions;
    kit: ConsoleKit;
    store: UiStore;
    newId: () => string;
    rgSummary: (accountId: string) => Promise<RgSummary>;
  },
): void {
  const { actions, kit, store } = deps;
  const signedIn = kit.session(false);

  /** client_id -> client_name, so support staff see studios by name. */
  const namesOf = async (clientIds: Iterable<string>) => {
    const names: Record<string, string> = {};
    await Promise.all(
      [...new Set(clientIds)].map(async (clientId) => {
        const name = (await actions.getClient(clientId).catch(() => undefined))?.metadata.client_name;
        if (typeof name === 'string') names[clientId] = name;
      }),
    );
    return names;
  };

  router.get('/players', signedIn, async function searchPlayers(ctx) {
    const raw =
      typeof ctx.query.q === 'string'
        ? ctx.query.q
        : typeof ctx.query.email === 'string'
          ? ctx.query.email
          : '';
    const q = raw.trim().slice(0, 254);
    if (!q) return ctx.redirect('/admin');
    const { offset } = parse(pageOnlyQuery, { offset: ctx.query.offset });
    const results = await actions.searchUsers(q, { limit: 25, offset });
    const only = results.total === 1 ? results.items[0] : undefined;
    // An exact email or id goes straight to the player.
    if (only && (only.id === q || only.email === q.toLowerCase())) {
      return ctx.redirect(`/admin/players/${encodeURIComponent(only.id)}`);
    }
    page(ctx, searchResultsPage({ q, results, nav: nav(ctx) }), results.total ? 200 : 404);
  });

  router.get('/players/:id', signedIn, async function showPlayer(ctx) {
    const { id } = parse(accountIdParams, ctx.params);
    const role = ui(ctx).actor.role;
    const auditOffset = parse(pageOnlyQuery, { offset: ctx.query.audit }).offset;
    const [detail, sessions, grants, audit, rg] = await Promise.all([
      actions.getUser(id),
      actions.listSessions(id, PAGE_ALL),
      actions.listGrants(id, PAGE_ALL),
      // The audit trail is for admins; support sees the account, its sessions and grants.
      role === 'admin'
        ? actions.queryAudit({ accountId: id, limit: AUDIT_PAGE, offset: auditOffset })
        : Promise.resolve(undefined),
      deps.rgSummary(id),
    ]);
    const clientNames = await namesOf([
      ...sessions.items.flatMap((x) => x.clients),
      ...grants.items.map((g) => g.clientId),
      ...(audit?.items.flatMap((e) => (e.clientId ? [e.clientId] : [])) ?? []),
    ]);
    const allowed = new Set(
      Object.entries(CONSOLE_ACTIONS)
        .filter(([, a]) => mayRun(a, role))
        .map(([name]) => name),
    );
    page(
      ctx,
      playerPage({
        detail,
        sessions: sessions.items,
        grants: grants.items,
        audit,
        rg,
        clientNames,
        allowed,
        nav: nav(ctx),
      }),
    );
  });

  /** Finds the action named in the path and checks the operator may run it. */
  const loadAction = async function loadAction(ctx: Context, next: Next) {
    const action = CONSOLE_ACTIONS[String(ctx.params.action)];
    if (!action) throw new NotFoundError('action');
    await kit.allowRoles(...action.roles)(ctx, async () => {
      ctx.state.action = action;
      await next();
    });
  };

  /** The player and, for a session or grant action, what exactly is acted on (must be the player's). */
  const describeTarget = async (action: ConsoleAction, accountId: string, targetId: string) => {
    const user = (await actions.getUser(accountId)).user;
    if (action.target === 'account') return { user, target: undefined };
    if (!targetId) throw new InvalidInputError('target', 'is required');
    const list =
      action.target === 'session'
        ? (await actions.listSessions(accountId, PAGE_ALL)).items.map((s) => ({
            id: s.id,
            detail: [s.userAgent, s.ip].filter(Boolean).join(', '),
          }))
        : (await actions.listGrants(accountId, PAGE_ALL)).items.map((g) => ({
            id: g.id,
            detail: g.clientId,
          }));
    const found = list.find((x) => x.id === targetId);
    if (!found) throw new NotFoundError(action.target);
    return { user, target: { kind: action.target === 'session' ? 'Session' : 'Grant', ...found } };
  };

  router.get('/players/:id/confirm/:action', signedIn, loadAction, async function confirm(ctx) {
    const { id } = parse(accountIdParams, ctx.params);
    const action = ctx.state.action as ConsoleAction;
    const targetId = typeof ctx.query.target === 'string' ? ctx.query.target : '';
    const { user, target } = await describeTarget(action, id, targetId);
    page(
      ctx,
      confirmPage({
        label: action.label,
        effect: action.effect,
        player: user,
        target,
        action: `/admin/players/${encodeURIComponent(id)}/do/${ctx.params.action}`,
        nav: nav(ctx),
      }),
    );
  });

  router.post(
    '/players/:id/do/:action',
    kit.parseForm,
    signedIn,
    kit.csrf,
    loadAction,
    async function act(ctx) {
      const { id } = parse(accountIdParams, ctx.params);
      const action = ctx.state.action as ConsoleAction;
      const targetId = form(ctx).target ?? '';
      const { user, target } = await describeTarget(action, id, targetId);
      const checked = reasonBody.safeParse({ reason: form(ctx).reason ?? '' });
      if (!checked.success) {
        const error = `Reason: ${checked.error.issues[0]!.message}`;
        return page(
          ctx,
          confirmPage({
            label: action.label,
            effect: action.effect,
            player: user,
            target,
            action: ctx.path,
            error,
            nav: nav(ctx),
          }),
          400,
        );
      }
      const { reason } = checked.data;
      const outcome = await action.run(actions, { ...ui(ctx).actor, reason }, { accountId: id, targetId });
      const rid = deps.newId();
      await store.put(
        rid,
        {
          kind: 'result',
          result: {
            owner: ui(ctx).sessionId,
            label: action.label,
            summary: outcome.summary,
            reason,
            player: { id: user.id, email: user.email },
            deliveryIds: outcome.ended?.logouts.map((l) => l.deliveryId),
          },
        },
        RESULT_TTL_MS,
      );
      ctx.status = 303;
      ctx.redirect(`/admin/results/${encodeURIComponent(rid)}`);
    },
  );

  router.get('/results/:rid', signedIn, async function showResult(ctx) {
    const record = await store.get(String(ctx.params.rid));
    const result = record?.kind === 'result' ? record.result : undefined;
    if (!result || result.owner !== ui(ctx).sessionId) throw new NotFoundError('result');
    const logouts = result.deliveryIds ? await actions.logouts(result.deliveryIds) : undefined;
    page(ctx, resultPage({ ...result, logouts, nav: nav(ctx) }));
  });
}
