import { html } from '../html.ts';
import { adminLayout, postButton } from './layout.ts';

export interface ClientsView {
  clients: { clientId: string; metadata: Record<string, unknown> }[];
  created?: { clientId: string; clientSecret?: string | undefined } | undefined;
  error?: string | undefined;
  csrf: string;
  admin?: string | undefined;
  internal: ReadonlySet<string>;
  /** Brands a client can show (id, name). */
  brands: { id: string; name: string }[];
}

const list = (v: unknown) => (Array.isArray(v) ? v.join(' ') : '');
const brandName = (brands: ClientsView['brands'], id: unknown) =>
  typeof id === 'string' ? (brands.find((b) => b.id === id)?.name ?? id) : '-';

/** Registered clients and the registration form; a new secret is shown here once and never again. */
export function clientsPage(v: ClientsView): string {
  return adminLayout(
    'Clients',
    html`${
      v.created
        ? html`<section class="notice" role="status"><h2>Client registered</h2><p>Client id: <code>${v.created.clientId}</code></p>
${v.created.clientSecret ? html`<p>Client secret (shown once, copy it now): <code>${v.created.clientSecret}</code></p>` : html`<p>Public client: no secret.</p>`}</section>`
        : ''
    }
<section><h1>Register a game studio</h1>
${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
<form method="post" action="/admin/clients"><input type="hidden" name="csrf" value="${v.csrf}">
<label for="name">Name</label><input id="name" name="name" required maxlength="200">
<label for="redirectUris">Redirect URIs (space separated)</label><input id="redirectUris" name="redirectUris">
<label for="postLogoutRedirectUris">Post-logout redirect URIs (space separated)</label><input id="postLogoutRedirectUris" name="postLogoutRedirectUris">
<label for="backchannelLogoutUri">Back-channel logout URI</label><input id="backchannelLogoutUri" name="backchannelLogoutUri">
<label for="grantTypes">Grant types (space separated)</label><input id="grantTypes" name="grantTypes" value="authorization_code refresh_token">
<label for="scope">Scope</label><input id="scope" name="scope" value="openid profile email offline_access">
<label for="brandId">Brand</label><select id="brandId" name="brandId"><option value="">None (the platform's look)</option>${v.brands.map(
      (b) => html`<option value="${b.id}">${b.name}</option>`,
    )}</select>
<label><input type="checkbox" name="public" value="true"> Public client (SPA or mobile app, no secret)</label>
<p><button type="submit">Register client</button></p></form></section>
<section><h2>Clients (${v.clients.length})</h2><table><thead><tr><th>Name</th><th>Client id</th><th>Redirect URIs</th><th>Back-channel logout</th><th>Grant types</th><th>Brand</th><th></th></tr></thead><tbody>
${v.clients.map(
  (
    c,
  ) => html`<tr><td>${String(c.metadata.client_name ?? '')}</td><td><code>${c.clientId}</code></td><td>${list(c.metadata.redirect_uris)}</td><td>${String(c.metadata.backchannel_logout_uri ?? '-')}</td><td>${list(c.metadata.grant_types)}</td><td>${brandName(v.brands, c.metadata.brand_id)}</td>
<td>${v.internal.has(c.clientId) ? html`<span class="muted">built in</span>` : postButton(`/admin/clients/${encodeURIComponent(c.clientId)}/delete`, 'Delete', v.csrf)}</td></tr>`,
)}</tbody></table></section>`,
    { email: v.admin, csrf: v.csrf },
  );
}
