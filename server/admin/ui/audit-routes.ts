import type Router from '@koa/router';
import type { Context } from 'koa';
import { type AuditFilterForm, auditPage } from '../../../views/admin/audit.ts';
import { InvalidInputError } from '../../errors.ts';
import type { AdminActions } from '../actions.ts';
import { sendNdjson } from '../ndjson.ts';
import { auditQuery } from '../schemas.ts';
import { type ConsoleKit, nav, page } from './console-kit.ts';

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The console's audit view (admins): filters by account, type, IP, client and time; NDJSON export. */
export function auditRoutes(router: Router, deps: { actions: AdminActions; kit: ConsoleKit }): void {
  const { actions, kit } = deps;
  const admins = [kit.session(false), kit.allowRoles()] as const;
  const parse = (ctx: Context) => {
    const filters: AuditFilterForm = {
      account: text(ctx.query.account),
      type: text(ctx.query.type),
      ip: text(ctx.query.ip),
      client: text(ctx.query.client),
      since: text(ctx.query.since),
      until: text(ctx.query.until),
    };
    const checked = auditQuery.safeParse({ ...filters, offset: text(ctx.query.offset), limit: '50' });
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      return { filters, error: new InvalidInputError(String(issue.path[0] ?? 'query'), issue.message) };
    }
    const q = checked.data;
    const filter = {
      accountId: q.account,
      type: q.type,
      ip: q.ip,
      clientId: q.client,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
    };
    return { filters, filter, page: { limit: q.limit, offset: q.offset } };
  };

  router.get('/audit', ...admins, async function auditView(ctx) {
    const parsed = parse(ctx);
    if (parsed.error)
      return page(
        ctx,
        auditPage({ filters: parsed.filters, error: parsed.error.message, nav: nav(ctx) }),
        400,
      );
    const rows = await actions.queryAudit({ ...parsed.filter!, ...parsed.page! });
    page(ctx, auditPage({ filters: parsed.filters, rows, nav: nav(ctx) }));
  });

  router.get('/audit/export', ...admins, async function auditExport(ctx) {
    const parsed = parse(ctx);
    if (parsed.error) throw parsed.error;
    await sendNdjson(ctx, actions.exportAudit(parsed.filter!), 'pitboss-audit.ndjson');
  });
}
