import { build } from 'esbuild';
import { expect, test } from './fixtures';

test('recordUserAction is all or nothing in Chromium’s own IndexedDB, read back through a fresh connection', async ({ page }) => {
  const bundle = await build({
    entryPoints: ['test/e2e/harness/ledger-harness.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.text;
  await page.route('http://ledger-harness.test/**', (route) =>
    route.request().url().endsWith('.js')
      ? route.fulfill({ contentType: 'text/javascript', body: js })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><meta charset="utf-8"><body><script type="module" src="/harness.js"></script></body>',
        }),
  );
  await page.goto('http://ledger-harness.test/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const r = await page.evaluate(() => (window as unknown as { harness: { allOrNothing(): Promise<Record<string, unknown>> } }).harness.allOrNothing());
  const one = { printJobs: 1, auditEvents: 1, outbox: 1 };
  expect(r).toEqual({
    afterOne: one,
    throwInWork: 'the clerk cancelled',
    afterThrowInWork: one,
    badOutbox: 'outbox type no.such.type has no schema in shared/sync',
    afterBadOutbox: one,
    duplicate: 'ConstraintError',
    afterDuplicate: one,
    chain: null,
    reopened: one,
    ids: ['J1'],
  });
});
