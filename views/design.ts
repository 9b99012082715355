/**
 * The design system of every player page, as one inline stylesheet (the CSP allows inline styles only):
 * a type scale, a spacing scale, the brand's colour with a text colour chosen for contrast, a focus ring
 * that meets WCAG 2.2 AA non-text contrast on the white card, 44 px touch targets, and a single column that
 * works from 390 px up.
 */

/** System fonts only (no web fonts to fetch); shared with the admin console. */
export const FONT_STACK = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';

const HEX = /^#[0-9a-fA-F]{6}$/;
const FALLBACK = '#0b6e3a';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #RRGGBB colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colours derived from a brand colour: text on it is white or black, whichever contrasts more (always
 * at least 4.58:1); links keep the brand colour only where it reads on white at 4.5:1.
 */
export function brandPalette(color: string): { brand: string; onBrand: string; link: string } {
  const brand = HEX.test(color) ? color.toLowerCase() : FALLBACK;
  const onBrand = contrastRatio(brand, '#ffffff') >= contrastRatio(brand, '#000000') ? '#ffffff' : '#000000';
  const link = contrastRatio(brand, '#ffffff') >= 4.5 ? brand : '#1b1b1b';
  return { brand, onBrand, link };
}

/** The stylesheet for one brand colour. */
export function designSystem(color: string): string {
  const { brand, onBrand, link } = brandPalette(color);
  return `
:root{--brand:${brand};--on-brand:${onBrand};--link:${link};--ink:#1b1b1b;--muted:#4d4d4d;--line:#6b6b6b;
--page:#14181f;--card:#fff;--focus:#1b1b1b;--danger:#a31515;--danger-bg:#fde8e8;--ok-bg:#e6f4ea;
--fs-sm:.875rem;--fs-md:1rem;--fs-lg:1.25rem;--fs-xl:1.5625rem;
--sp-1:.25rem;--sp-2:.5rem;--sp-3:.75rem;--sp-4:1rem;--sp-5:1.5rem;--sp-6:2rem;--sp-7:3rem;--target:44px;--radius:10px}
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;font:var(--fs-md)/1.5 ${FONT_STACK};background:var(--page);color:var(--ink)}
main{width:100%;max-width:28rem;margin:var(--sp-7) auto var(--sp-4);padding:var(--sp-6);background:var(--card);border-top:6px solid var(--brand);border-radius:var(--radius);box-shadow:0 8px 30px rgba(0,0,0,.35)}
.brand-logo{display:block;max-height:48px;max-width:60%;margin:0 0 var(--sp-4)}
h1{font-size:var(--fs-xl);line-height:1.25;margin:0 0 var(--sp-4)}
h1 .brand-name{display:block;margin-bottom:var(--sp-1);font-size:var(--fs-sm);font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
h2{font-size:var(--fs-lg);line-height:1.3;margin:var(--sp-6) 0 var(--sp-3)}
p{margin:0 0 var(--sp-4)}ul{margin:0 0 var(--sp-4);padding-left:var(--sp-5)}
dl{margin:0 0 var(--sp-4)}dt{font-weight:600}dd{margin:0 0 var(--sp-2)}
label{display:block;font-weight:600;margin:var(--sp-4) 0 var(--sp-1)}
input,select{width:100%;min-height:var(--target);padding:var(--sp-2) var(--sp-3);font:inherit;color:inherit;background:#fff;border:1px solid var(--line);border-radius:6px}
label.check{display:flex;gap:var(--sp-3);align-items:center;min-height:var(--target);font-weight:400}
label.check input{width:24px;height:24px;min-height:0;margin:0;flex:none;accent-color:var(--brand)}
button,.button{display:flex;align-items:center;justify-content:center;width:100%;min-height:var(--target);margin-top:var(--sp-5);padding:var(--sp-2) var(--sp-4);font:inherit;font-weight:600;text-align:center;text-decoration:none;border:0;border-radius:6px;background:var(--brand);color:var(--on-brand);cursor:pointer}
button.secondary,.button.secondary{background:#e8e8e8;color:var(--ink)}button.danger{background:var(--danger);color:#fff}
form+form button{margin-top:var(--sp-3)}
a{color:var(--link);text-underline-offset:2px}
.links{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 var(--sp-4);margin:var(--sp-4) 0 0}
.links a,a.target{display:inline-flex;align-items:center;min-height:var(--target)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.error{background:var(--danger-bg);color:#8a1111;padding:var(--sp-3) var(--sp-4);border-radius:6px}
.notice{background:var(--ok-bg);color:#14532d;padding:var(--sp-3) var(--sp-4);border-radius:6px}
.muted{color:var(--muted);font-size:var(--fs-sm)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{width:100%;max-width:28rem;padding:0 var(--sp-6) var(--sp-6);display:flex;flex-wrap:wrap;gap:0 var(--sp-4);justify-content:space-between;align-items:center;font-size:var(--fs-sm);color:#e6e8eb}
footer a{color:#fff;display:inline-flex;align-items:center;min-height:var(--target)}footer :focus-visible{outline-color:#fff}
@media (max-width:30rem){main{margin:0;padding:var(--sp-5) var(--sp-4);border-radius:0;box-shadow:none}footer{padding:var(--sp-4)}}
`;
}
