import type Router from '@koa/router';
import type { Context } from 'koa';
import { type BrandFormValues, brandPage, brandsPage } from '../../../views/admin/brands.ts';
import type { BrandPatch, NewBrand } from '../../brands/brand.ts';
import { ConflictError, InvalidInputError } from '../../errors.ts';
import { parseInput as parse } from '../../parse-input.ts';
import type { AdminActions } from '../actions.ts';
import type { BrandActions } from '../brand-actions.ts';
import { brandCreateBody, brandIdParams, brandPatchBody } from '../schemas.ts';
import { type ConsoleKit, form, nav, page, ui } from './console-kit.ts';

const FIELDS = ['name', 'logoUrl', 'primaryColor', 'supportUrl', 'minAge', 'defaultLocale'] as const;
const OPTIONAL = new Set<string>(['logoUrl', 'supportUrl', 'minAge']);

/** What the operator typed, trimmed (shown again when the form is refused). */
const typed = (ctx: Context): BrandFormValues =>
  Object.fromEntries(FIELDS.map((k) => [k, (form(ctx)[k] ?? '').trim()]));

/** The operator, with the form's reason when one was given (kept in the audit row). */
const actor = (ctx: Context) => {
  const reason = (form(ctx).reason ?? '').trim();
  return reason ? { ...ui(ctx).actor, reason } : ui(ctx).actor;
};

/** The Brands pages (admins): list, add, edit; every change a CSRF-checked POST, audited. */
export function brandRoutes(
  router: Router,
  deps: { brands: BrandActions; actions: AdminActions; kit: ConsoleKit },
): void {
  const { kit, brands } = deps;
  const admins = [kit.session(false), kit.allowRoles()] as const;
  const changes = [kit.parseForm, ...admins, kit.csrf] as const;
  /** A refused form is shown again with the reason and what was typed; other errors go to the boundary. */
  const refused = (err: unknown) => err instanceof InvalidInputError || err instanceof ConflictError;

  const list = async (
    ctx: Context,
    extra: { values?: BrandFormValues; error?: string } = {},
    status = 200,
  ) => {
    const { items } = await brands.listBrands({ limit: 200, offset: 0 });
    page(ctx, brandsPage({ brands: items, ...extra, nav: nav(ctx) }), status);
  };
  const show = async (
    ctx: Context,
    id: string,
    extra: { values?: BrandFormValues; error?: string; saved?: boolean } = {},
    status = 200,
  ) => {
    const brand = await brands.getBrand(id);
    const clientNames: Record<string, string> = {};
    for (const clientId of brand.clients) {
      const name = (await deps.actions.getClient(clientId).catch(() => undefined))?.metadata.client_name;
      if (typeof name === 'string') clientNames[clientId] = name;
    }
    page(ctx, brandPage({ brand, clientNames, ...extra, nav: nav(ctx) }), status);
  };

  router.get('/brands', ...admins, async function listBrands(ctx) {
    await list(ctx);
  });
  router.post('/brands', ...changes, async function addBrand(ctx) {
    const values = typed(ctx);
    // Empty optional fields are left out: the brand has none (the platform's minimum age, no logo).
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    try {
      const { reason: _reason, ...input } = parse(brandCreateBody, given);
      const created = await brands.createBrand(actor(ctx), input as NewBrand);
      ctx.status = 303;
      ctx.redirect(`/admin/brands/${encodeURIComponent(created.id)}?saved=1`);
    } catch (err) {
      if (!refused(err)) throw err;
      await list(ctx, { values, error: (err as Error).message }, err instanceof ConflictError ? 409 : 400);
    }
  });
  router.get('/brands/:id', ...admins, async function showBrand(ctx) {
    const { id } = parse(brandIdParams, ctx.params);
    await show(ctx, id, { saved: ctx.query.saved === '1' });
  });
  router.post('/brands/:id', ...changes, async function editBrand(ctx) {
    const { id } = parse(brandIdParams, ctx.params);
    const values = typed(ctx);
    // Every field is on the form: an emptied optional one is cleared.
    const patch = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v === '' && OPTIONAL.has(k) ? null : v]),
    );
    try {
      const { reason: _reason, ...input } = parse(brandPatchBody, patch);
      await brands.updateBrand(actor(ctx), id, input as BrandPatch);
      ctx.status = 303;
      ctx.redirect(`/admin/brands/${encodeURIComponent(id)}?saved=1`);
    } catch (err) {
      if (!refused(err)) throw err;
      await show(
        ctx,
        id,
        { values, error: (err as Error).message },
        err instanceof ConflictError ? 409 : 400,
      );
    }
  });
}
