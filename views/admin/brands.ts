import type { brandView } from '../../server/admin/brand-actions.ts';
import { html } from '../html.ts';
import { LOCALES } from '../i18n/catalogs.ts';
import { adminLayout, type ConsoleNav } from './layout.ts';
import { when } from './player.ts';

type BrandRow = ReturnType<typeof brandView>;

/** What the brand form shows: a brand's values, or what the operator typed when it was refused. */
export type BrandFormValues = Partial<
  Record<'name' | 'logoUrl' | 'primaryColor' | 'supportUrl' | 'minAge' | 'defaultLocale', string>
>;

const LOCALE_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch', sv: 'Svenska' };

/** The form values of a stored brand. */
export const formValues = (b: BrandRow): BrandFormValues => ({
  name: b.name,
  logoUrl: b.logoUrl ?? '',
  primaryColor: b.primaryColor,
  supportUrl: b.supportUrl ?? '',
  minAge: b.minAge === null ? '' : String(b.minAge),
  defaultLocale: b.defaultLocale,
});

/** The create/edit form (the same fields as `pitboss brand add`); posts with the console's CSRF token. */
function brandForm(action: string, submit: string, values: BrandFormValues, csrf: string, error?: string) {
  const v = (k: keyof BrandFormValues) => values[k] ?? '';
  return html`${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="${action}"><input type="hidden" name="csrf" value="${csrf}">
<label for="name">Name</label><input id="name" name="name" required maxlength="100" value="${v('name')}">
<label for="logoUrl">Logo URL</label><input id="logoUrl" name="logoUrl" type="url" maxlength="2000" value="${v('logoUrl')}" aria-describedby="logo-hint">
<p id="logo-hint" class="muted">https address of the logo shown on the brand's sign-in pages; empty for none.</p>
<label for="primaryColor">Primary colour</label><input id="primaryColor" name="primaryColor" required pattern="#[0-9a-fA-F]{6}" value="${v('primaryColor') || '#0b6e3a'}" aria-describedby="colour-hint">
<p id="colour-hint" class="muted">#RRGGBB, e.g. #0b6e3a.</p>
<label for="supportUrl">Support link</label><input id="supportUrl" name="supportUrl" type="url" maxlength="2000" value="${v('supportUrl')}">
<label for="minAge">Minimum age</label><input id="minAge" name="minAge" type="number" min="16" max="25" value="${v('minAge')}" aria-describedby="age-hint">
<p id="age-hint" class="muted">Raises the platform's MIN_AGE for this brand's registrations (never lowers it); empty for the platform's.</p>
<label for="defaultLocale">Default language</label><select id="defaultLocale" name="defaultLocale">${LOCALES.map(
    (l) =>
      html`<option value="${l}"${v('defaultLocale') === l ? html` selected` : ''}>${LOCALE_NAMES[l] ?? l}</option>`,
  )}</select>
<label for="reason">Reason (optional, kept in the audit trail)</label><textarea id="reason" name="reason" maxlength="500"></textarea>
<p><button type="submit">${submit}</button></p></form>`;
}

/** Every brand with the clients that show it, and the form to add one. */
export function brandsPage(v: {
  brands: BrandRow[];
  values?: BrandFormValues | undefined;
  error?: string | undefined;
  nav: ConsoleNav;
}): string {
  return adminLayout(
    'Brands',
    html`<section><h1>Brands</h1>
${
  v.brands.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Name</th><th>Colour</th><th>Minimum age</th><th>Language</th><th>Support link</th><th>Clients</th><th></th></tr></thead><tbody>
${v.brands.map(
  (b) =>
    html`<tr><td>${b.name}</td><td><code>${b.primaryColor}</code></td><td>${b.minAge ?? 'platform'}</td><td>${b.defaultLocale}</td><td>${b.supportUrl ?? '-'}</td><td>${b.clients.length}</td><td><a class="button safe" href="/admin/brands/${encodeURIComponent(b.id)}">Edit ${b.name}</a></td></tr>`,
)}</tbody></table></div>`
    : html`<p class="muted">No brands yet: clients show the platform's own look.</p>`
}</section>
<section><h2>Add a brand</h2>
${brandForm('/admin/brands', 'Add brand', v.values ?? {}, v.nav.csrf, v.error)}</section>`,
    v.nav,
  );
}

/** One brand: its edit form and the clients that show it. */
export function brandPage(v: {
  brand: BrandRow;
  values?: BrandFormValues | undefined;
  clientNames: Record<string, string>;
  saved?: boolean;
  error?: string | undefined;
  nav: ConsoleNav;
}): string {
  const b = v.brand;
  return adminLayout(
    b.name,
    html`${v.saved ? html`<p class="notice" role="status">Brand saved. Its clients' pages and mails show it from now on.</p>` : ''}
<section><h1>${b.name}</h1>
<dl class="facts"><dt>Brand id</dt><dd><code>${b.id}</code></dd><dt>Created</dt><dd>${when(b.createdAt)}</dd>
<dt>Clients</dt><dd>${b.clients.length ? b.clients.map((c) => v.clientNames[c] ?? c).join(', ') : "none (set a client's brand id to show it)"}</dd></dl>
<p><a href="/admin/brands">All brands</a></p></section>
<section><h2>Edit</h2>
${brandForm(`/admin/brands/${encodeURIComponent(b.id)}`, 'Save brand', v.values ?? formValues(b), v.nav.csrf, v.error)}</section>`,
    v.nav,
  );
}
