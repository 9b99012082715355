import type { Page } from 'playwright-core';
import type { adminFixture } from '../test/admin/admin-fixture.ts';
import { totpCode } from '../test/mfa/journey.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** Signs an operator in to /admin through Pitboss's own login, MFA and consent pages. */
export async function consoleSignIn(
  page: Page,
  f: Fixture,
  operator: { email: string; password: string; secret: string },
) {
  await page.goto(`${f.app.url}/admin`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(operator.email);
  await page.getByLabel('Password').fill(operator.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The console asks for acr urn:pitboss:acr:mfa: two-step verification before consent.
  await page.getByLabel('Authentication code').fill(await totpCode(operator.secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByLabel('Search players').waitFor();
}
