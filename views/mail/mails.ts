import { brandPalette } from '../design.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import type { MessageKey } from '../i18n/catalogs.ts';
import { formatTime } from '../i18n/format-time.ts';
import type { Ui } from '../ui.ts';

/** A rendered mail: subject, plain text (the link is its first URL) and HTML, in the player's language. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface MailContent {
  subject: MessageKey;
  lead: MessageKey;
  /** A second paragraph before the link. */
  more?: MessageKey;
  link: string;
  button: MessageKey;
  after?: string | undefined;
}

/** One mail layout for every kind: greeting, lead, the link (as text and as a button), the brand's sign-off. */
function render(ui: Ui, content: MailContent): RenderedMail {
  const { t, brand } = ui;
  const params = { brand: brand.name };
  const { brand: color, onBrand } = brandPalette(brand.color);
  const support = brand.supportUrl ? t('mail.support', { url: brand.supportUrl }) : undefined;
  const lines = [
    t('mail.greeting'),
    '',
    t(content.lead, params),
    '',
    ...(content.more ? [t(content.more, params), ''] : []),
    content.link,
    '',
    ...(content.after ? [content.after, ''] : []),
    t('mail.signoff', params),
    t('layout.playResponsibly', { age: brand.minAge }),
    ...(support ? [support] : []),
  ];
  const paragraph = (text: string | SafeHtml) => html`<p style="margin:0 0 16px">${text}</p>`;
  const body = html`<!doctype html><html lang="${ui.locale}"><head><meta charset="utf-8"><title>${t(content.subject, params)}</title></head>
<body style="margin:0;padding:24px;background:#f3f5f4;font:16px/1.5 Arial,Helvetica,sans-serif;color:#1b1b1b">
<div style="max-width:32rem;margin:0 auto;padding:24px;background:#fff;border-top:6px solid ${raw(color)};border-radius:8px">
${brand.logoUrl ? html`<p style="margin:0 0 16px"><img src="${brand.logoUrl}" alt="${brand.name}" style="max-height:48px"></p>` : html`<p style="margin:0 0 16px;font-weight:bold">${brand.name}</p>`}
${paragraph(t('mail.greeting'))}
${paragraph(t(content.lead, params))}
${content.more ? paragraph(t(content.more, params)) : ''}
<p style="margin:0 0 16px"><a href="${content.link}" style="display:inline-block;padding:12px 20px;background:${raw(color)};color:${raw(onBrand)};font-weight:bold;text-decoration:none;border-radius:6px">${t(content.button)}</a></p>
<p style="margin:0 0 16px;font-size:14px;word-break:break-all"><a href="${content.link}" style="color:#1b1b1b">${content.link}</a></p>
${content.after ? paragraph(content.after) : ''}
${paragraph(t('mail.signoff', params))}
<p style="margin:0;font-size:14px;color:#4d4d4d">${t('layout.playResponsibly', { age: brand.minAge })}${support ? html`<br>${support}` : ''}</p>
</div></body></html>`;
  return { subject: t(content.subject, params), text: lines.join('\n'), html: body.value };
}

/** After registration: the single-use verification link. */
export function verifyEmailMail(ui: Ui, link: string, ttlSeconds: number): RenderedMail {
  const hours = Math.max(1, Math.round(ttlSeconds / 3600));
  return render(ui, {
    subject: 'mail.verify.subject',
    lead: 'mail.verify.text',
    link,
    button: 'mail.verify.button',
    after: ui.t('mail.verify.expires', { hours }),
  });
}

/** Forgot password: the single-use reset link. */
export function passwordResetMail(ui: Ui, link: string, ttlSeconds: number): RenderedMail {
  const minutes = Math.max(1, Math.round(ttlSeconds / 60));
  return render(ui, {
    subject: 'mail.reset.subject',
    lead: 'mail.reset.text',
    link,
    button: 'mail.reset.button',
    after: ui.t('mail.reset.expires', { minutes }),
  });
}

/** After a password change or reset; `resetLink` is where to go if it was not the player. */
export function passwordChangedMail(ui: Ui, resetLink: string): RenderedMail {
  return render(ui, {
    subject: 'mail.changed.subject',
    lead: 'mail.changed.text',
    more: 'mail.changed.notYou',
    link: resetLink,
    button: 'mail.reset.button',
  });
}

/** Registration with an address that already has an account: its owner is told instead (no enumeration). */
export function alreadyRegisteredMail(ui: Ui, resetLink: string): RenderedMail {
  return render(ui, {
    subject: 'mail.exists.subject',
    lead: 'mail.exists.text',
    link: resetLink,
    button: 'mail.reset.button',
    after: ui.t('mail.exists.notYou'),
  });
}

/** A sign-in from a browser the player had not used with this account: when, where from, what to do if not them. */
export function newDeviceMail(
  ui: Ui,
  sign: { link: string; at: Date; ip: string; userAgent: string },
): RenderedMail {
  return render(ui, {
    subject: 'mail.newDevice.subject',
    lead: 'mail.newDevice.text',
    more: 'mail.newDevice.notYou',
    link: sign.link,
    button: 'mail.newDevice.button',
    after: whenAndWhere(ui, sign),
  });
}

/** When (in the player's language, UTC, to the minute), from which IP and browser: the line that lets a player judge "was this me?". */
function whenAndWhere(ui: Ui, at: { at: Date; ip: string; userAgent: string }): string {
  const time = formatTime(ui.locale, at.at);
  return ui.t('mail.newDevice.details', { time, ip: at.ip, device: at.userAgent.slice(0, 200) || '-' });
}

/** What changed among the player's sign-in factors (server/account/factor-mail.ts). */
export type FactorChange =
  | 'totp_added'
  | 'totp_removed'
  | 'recovery_codes'
  | 'passkey_added'
  | 'passkey_removed';

const FACTOR_LEADS: Record<FactorChange, MessageKey> = {
  totp_added: 'mail.factor.totpAdded',
  totp_removed: 'mail.factor.totpRemoved',
  recovery_codes: 'mail.factor.recoveryCodes',
  passkey_added: 'mail.factor.passkeyAdded',
  passkey_removed: 'mail.factor.passkeyRemoved',
};

/** A second factor was added or removed (or recovery codes replaced): what, when, where from, what to do if not them. */
export function factorChangedMail(
  ui: Ui,
  change: { kind: FactorChange; link: string; at: Date; ip: string; userAgent: string },
): RenderedMail {
  return render(ui, {
    subject: 'mail.factor.subject',
    lead: FACTOR_LEADS[change.kind],
    more: 'mail.newDevice.notYou',
    link: change.link,
    button: 'mail.newDevice.button',
    after: whenAndWhere(ui, change),
  });
}
