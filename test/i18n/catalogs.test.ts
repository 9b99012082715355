import { describe, expect, it } from 'vitest';
import { html } from '../../views/html.ts';
import { CATALOGS, LOCALES } from '../../views/i18n/catalogs.ts';
import { pickLocale } from '../../views/i18n/pick-locale.ts';
import { translator } from '../../views/i18n/translate.ts';

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const keys = Object.keys(CATALOGS.en).sort();

  it.each(LOCALES)('%s has exactly the English keys, each non-empty with the same placeholders', (locale) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    expect(Object.keys(catalog).sort()).toEqual(keys);
    for (const key of keys) {
      expect(catalog[key]?.trim(), `${locale} ${key}`).toBeTruthy();
      expect(placeholders(catalog[key]!), `${locale} ${key}`).toEqual(
        placeholders(CATALOGS.en[key as 'login.title']),
      );
    }
  });

  it('translates German and Swedish for real (no English copied over)', () => {
    for (const locale of ['de', 'sv'] as const) {
      const catalog = CATALOGS[locale] as Record<string, string>;
      const same = keys.filter((k) => catalog[k] === (CATALOGS.en as Record<string, string>)[k]);
      // Only pure templates (the page title pattern) may read the same in every language.
      expect(same, locale).toEqual(['layout.title']);
    }
  });

  it('fills placeholders, escapes markup and keeps SafeHtml params', () => {
    const t = translator('de');
    expect(t('login.continueTo', { client: 'Roulette' })).toBe('um mit Roulette fortzufahren');
    expect(t.html('account.signedInAs', { email: '<b>x</b>' }).value).toBe(
      'Angemeldet als &lt;b&gt;x&lt;/b&gt;',
    );
    expect(t.html('account.mfa.status', { state: html`<strong>an</strong>` }).value).toBe(
      'Die Bestätigung in zwei Schritten ist <strong>an</strong>.',
    );
    expect(translator('en').plural('error.tooManyAttempts', 1)).toBe(
      'Too many attempts, try again in 1 minute',
    );
    expect(translator('sv').plural('error.tooManyAttempts', 3)).toBe(
      'För många försök, försök igen om 3 minuter',
    );
  });
});

describe('pickLocale', () => {
  // Accept-Language negotiation is koa's own and is exercised over HTTP in pages.test.ts.
  it('prefers ui_locales (first tag we speak, region ignored), then the brand default', () => {
    expect(pickLocale({ uiLocales: 'fr-CA sv-FI de' })).toBe('sv');
    expect(pickLocale({ uiLocales: 'fr', fallback: 'de' })).toBe('de');
    expect(pickLocale({ uiLocales: ['de'] })).toBe('en');
    expect(pickLocale({})).toBe('en');
  });
});
