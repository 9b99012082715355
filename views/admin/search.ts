import type { AccountSummary, PageOf } from '../../server/admin/ports.ts';
import { html, type SafeHtml } from '../html.ts';
import { adminLayout, type ConsoleNav } from './layout.ts';

/** Landing page before sign-in. */
export function signInPage(): string {
  return adminLayout(
    'Sign in',
    html`<section><h1>Pitboss admin</h1><p>Operators sign in with their Pitboss admin or support account.</p>
<p><a href="/admin/login">Sign in</a></p></section>`,
  );
}

/** The player search form: email prefix, account id or sub. */
export function searchForm(q = ''): SafeHtml {
  return html`<form method="get" action="/admin/players" role="search">
  <label for="q">Search players</label>
  <input id="q" name="q" type="search" required maxlength="254" value="${q}" placeholder="email prefix, account id or sub">
  <p><button type="submit">Search</button></p>
</form>`;
}

const pager = (q: string, page: PageOf<unknown>) => {
  const link = (offset: number, label: string) =>
    html`<a href="/admin/players?q=${encodeURIComponent(q)}&amp;offset=${offset}">${label}</a>`;
  const prev = page.offset > 0 ? link(Math.max(0, page.offset - page.limit), 'Previous page') : '';
  const next = page.offset + page.limit < page.total ? link(page.offset + page.limit, 'Next page') : '';
  return html`<p>${prev} ${next}</p>`;
};

/** Search results: one row a player, linked to the player page. */
export function searchResultsPage(v: {
  q: string;
  results: PageOf<AccountSummary>;
  nav: ConsoleNav;
}): string {
  const { results } = v;
  const first = results.total === 0 ? 0 : results.offset + 1;
  return adminLayout(
    'Players',
    html`<section><h1>Find a player</h1>${searchForm(v.q)}</section>
<section aria-labelledby="results"><h2 id="results">${results.total} player${results.total === 1 ? '' : 's'} matching “${v.q}”</h2>
${
  results.items.length
    ? html`<p class="muted">Showing ${first}-${results.offset + results.items.length}.</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Email</th><th>Status</th><th>Roles</th><th>Account id (sub)</th><th>Created</th></tr></thead><tbody>
${results.items.map(
  (a) =>
    html`<tr><td><a href="/admin/players/${encodeURIComponent(a.id)}">${a.email}</a></td><td>${a.status}</td><td>${a.roles.join(', ') || '-'}</td><td><code>${a.id}</code></td><td>${a.createdAt.slice(0, 10)}</td></tr>`,
)}</tbody></table></div>${pager(v.q, results)}`
    : html`<p class="error" role="alert">No player matches.</p>`
}</section>`,
    v.nav,
  );
}
