import { FONT_STACK } from '../design.ts';
import { html, raw, type SafeHtml } from '../html.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 ${FONT_STACK};background:#f3f5f4;color:#1b1b1b}
header{background:#0f1a14;color:#fff;padding:.7rem 1.5rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
header a{color:#fff;display:inline-flex;align-items:center;min-height:44px}header .muted{color:#cfd8d3}header form{margin-left:auto}
header :focus-visible{outline-color:#fff}main{max-width:72rem;margin:1.5rem auto;padding:0 1.5rem}
section{background:#fff;border-radius:8px;padding:1rem 1.25rem;margin:0 0 1.25rem;box-shadow:0 1px 4px rgba(0,0,0,.12);overflow-x:auto}
h1{font-size:1.35rem}h2{font-size:1.1rem;margin:.2rem 0 .8rem}table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e3e3e3;vertical-align:top;font-size:.9rem}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}input,select{padding:.45rem .6rem;font-size:.95rem;border:1px solid #8a8a8a;border-radius:5px;width:100%;max-width:36rem}
input,select{min-height:44px}input[type=checkbox]{width:auto;min-height:0}
button{min-height:44px;padding:.45rem .9rem;font-size:.95rem;font-weight:600;border:0;border-radius:5px;background:#0b6e3a;color:#fff;cursor:pointer}
button.danger{background:#a31515}:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
@media (max-width:30rem){main{padding:0 .5rem}section{padding:.75rem}}
form.inline{display:inline}dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem;margin:0}
.figure{border:1px solid #e3e3e3;border-radius:6px;padding:.6rem .8rem}.figure dt{font-size:.85rem;color:#444}.figure dd{margin:.2rem 0 0;font-size:1.4rem}
.figure dd .muted{display:block;font-size:.8rem}svg.chart{display:block;margin-top:.3rem;max-width:100%;height:auto}.state-delivered{color:#0b6e3a;font-weight:600}
.state-failing,.state-failed{color:#a31515;font-weight:600}.state-queued{color:#7a5b00;font-weight:600}textarea{width:100%;max-width:36rem;min-height:4rem;padding:.45rem .6rem;font:inherit;border:1px solid #8a8a8a;border-radius:5px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem}.actions a.button{display:inline-flex;align-items:center;min-height:44px;padding:.45rem .9rem;border-radius:5px;background:#a31515;color:#fff;font-weight:600;text-decoration:none}
.actions a.button.safe{background:#0b6e3a}.table-wrap{overflow-x:auto}header nav a{margin-right:.8rem}.notice{background:#e6f4ea;padding:.6rem .8rem;border-radius:6px}
.error{background:#fde8e8;color:#8a1111;padding:.6rem .8rem;border-radius:6px}.muted{color:#555}code{word-break:break-all}
`;

/** An ISO time as the console shows it (`2026-11-30 14:40:16 UTC`), or `-`. */
export const when = (iso: string | null | undefined) =>
  iso
    ? iso
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
        .replace(/Z$/, ' UTC')
    : '-';

/** Who is signed in to the console: the header shows their email and the pages their role may open. */
export interface ConsoleNav {
  email?: string | undefined;
  csrf: string;
  role?: 'admin' | 'support' | undefined;
}

/** The admin console shell: no scripts, no external assets, one inline stylesheet (CSP allows inline styles only). */
export function adminLayout(
  title: string,
  body: SafeHtml,
  nav?: ConsoleNav,
  head: { refreshSeconds?: number } = {},
): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Pitboss admin</title>
${head.refreshSeconds ? html`<meta http-equiv="refresh" content="${head.refreshSeconds}">` : ''}
<style>${raw(STYLE)}</style>
</head>
<body>
<header><strong>Pitboss admin</strong>
${
  nav
    ? html`<nav aria-label="Console"><a href="/admin">Dashboard</a>${
        nav.role === 'support'
          ? ''
          : html` <a href="/admin/deliveries">Deliveries</a> <a href="/admin/audit">Audit</a> <a href="/admin/clients">Clients</a> <a href="/admin/brands">Brands</a>`
      }</nav>
<form method="post" action="/admin/logout"><input type="hidden" name="csrf" value="${nav.csrf}"><span class="muted">${nav.email ?? ''}${nav.role ? ` (${nav.role})` : ''}</span> <button type="submit">Sign out</button></form>`
    : ''
}
</header>
<main>
${body}
</main>
</body>
</html>`.value;
}

/** A one-button POST form carrying the CSRF token (every state change in the console is one of these). */
export function postButton(
  action: string,
  label: string,
  csrf: string,
  fields: Record<string, string> = {},
  danger = true,
): SafeHtml {
  return html`<form class="inline" method="post" action="${action}"><input type="hidden" name="csrf" value="${csrf}">${Object.entries(
    fields,
  ).map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
  )}<button type="submit"${danger ? html` class="danger"` : ''}>${label}</button></form>`;
}
