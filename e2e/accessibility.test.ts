import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { axeViolations } from './page-check.ts';

describe('the accessibility check the e2e suite runs on every page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('catches an unlabelled field and low-contrast text (so a clean page means something)', async () => {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html lang="en"><title>t</title><main><h1>Broken</h1>
      <p style="color:#bbb;background:#fff">Faint text</p><input name="email"></main>`);
    const ids = (await axeViolations(page)).map((v) => v.id);
    expect(ids).toContain('color-contrast');
    expect(ids).toContain('label');
    await page.close();
  });
});
