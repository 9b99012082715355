import { html, type SafeHtml } from './html.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#0f1a14;color:#1b1b1b}
main{max-width:26rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.35)}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;font-weight:600;margin:.9rem 0 .3rem}
input{width:100%;padding:.6rem .7rem;font-size:1rem;border:1px solid #8a8a8a;border-radius:6px}
input:focus,button:focus{outline:3px solid #e0b400;outline-offset:1px}
button{margin-top:1.2rem;width:100%;padding:.7rem;font-size:1rem;font-weight:600;border:0;border-radius:6px;background:#0b6e3a;color:#fff;cursor:pointer}
button.secondary{background:#e8e8e8;color:#1b1b1b}
.error{background:#fde8e8;color:#8a1111;padding:.6rem .8rem;border-radius:6px;margin:0 0 1rem}
.muted{color:#555;font-size:.9rem}ul{padding-left:1.2rem}
`;

/** The page shell shared by every interaction page: no external assets, one inline stylesheet. */
export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Pitboss</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`.value;
}
