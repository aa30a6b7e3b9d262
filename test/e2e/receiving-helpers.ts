import type { Page } from '@playwright/test';
import { sampleReference } from '../../shared/reference/sample-data';
import { expect, TEST_NOW, wedgeScan } from './fixtures';

/** The sample data as the page builds it on "Load sample data" (the page's clock is TEST_NOW). */
export const sample = sampleReference(TEST_NOW);
/** A sample product's GTIN-13, as printed on its box. */
export const gtinOf = (sku: string) => sample.catalog.find((c) => c.sku === sku)!.gtin.slice(1);

/** Counts what the clerk does: scans (wedge bursts) and single keys. */
export function clerk(page: Page) {
  const count = { scans: 0, keys: 0 };
  return {
    count,
    async scan(code: string) {
      count.scans++;
      await wedgeScan(page, code);
    },
    async key(key: string) {
      count.keys++;
      await page.keyboard.press(key);
    },
  };
}

/** Loads the sample data from Settings, opens Receive and signs clerk 王芳 in with her badge. */
export async function loadSample(page: Page, url: string) {
  await page.goto(`${url}#/settings`);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  // The sample brings manager 张伟: Settings is then a manager's, and the page asks for one.
  await expect(page.getByTestId('manager-gate')).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('step-signin')).toBeVisible();
  // The clerk signs in once for the shift: a badge scan (not counted in a parcel's inputs).
  await wedgeScan(page, 'BADGE-C001');
  await expect(page.getByTestId('signed-in')).toContainText('王芳 (clerk)');
  await expect(page.getByTestId('step-parcel')).toBeVisible();
}

/**
 * Sample data loaded and the clerk signed in, then a parcel scanned on a steady scale and its box confirmed
 * as shown (Enter): the station is at the parcel's items, or on its way there. Returns the clerk.
 */
export async function parcelAtItems(page: Page, url: string, scale: { set(grams: number): void }, code: string, grams = 480) {
  await loadSample(page, url);
  scale.set(grams);
  const c = clerk(page);
  await c.scan(code);
  await expect(page.getByTestId('step-condition')).toBeVisible();
  await c.key('Enter');
  return c;
}

/** A manager signs in at the manager gate (sample manager 张伟, PIN 9999). */
export async function signInManager(page: Page, pin = '9999') {
  await expect(page.getByTestId('manager-gate')).toBeVisible();
  await page.getByTestId('manager-pin').fill(pin);
  await page
    .getByTestId('manager-sign-in')
    .getByRole('button', { name: /Sign in|登录/ })
    .click();
}
