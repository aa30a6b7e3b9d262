import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { DAY_CSV_COLUMNS } from '../../shared/reports/day-csv';
import { expect, screenshot, SCREENSHOT_DIR, test, wedgeScan } from './fixtures';
import { gtinOf, loadSample, signInManager } from './receiving-helpers';

/** Scans a return's parcel, then puts it on the (empty) simulated scale; leaves it at the box-condition step. */
async function openParcel(page: Page, scale: { set(grams: number, state: 'stable'): void }, rma: string, grams: number) {
  await wedgeScan(page, rma);
  scale.set(0, 'stable');
  await expect(page.getByTestId('scale-state')).toContainText('reads 0 g');
  scale.set(grams, 'stable');
  await expect(page.getByTestId('step-condition')).toBeVisible();
}

/** Box intact, each item graded A, completed. */
async function finishParcel(page: Page, skus: string[]) {
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-items')).toBeVisible();
  for (const sku of skus) {
    await wedgeScan(page, gtinOf(sku));
    await expect(page.getByTestId('step-inspect')).toBeVisible();
    await wedgeScan(page, '#CMD:GRADE-A');
    await expect(page.getByTestId('step-items')).toBeVisible();
  }
  await wedgeScan(page, '#CMD:COMPLETE');
  await expect(page.getByTestId('completed')).toBeVisible();
}

test.describe("the manager's day", () => {
  test.use({ simulated: true, withPrinter: true });

  test('a day with known totals: the page, the CSV and the PDF agree; close refuses while a parcel is open and locks the day after', async ({
    page,
    station,
    sims,
  }) => {
    await loadSample(page, station.url);
    await openParcel(page, sims!.scale, 'RMA-2026A0003', 790);
    await finishParcel(page, ['RUN-SHOE-42']);
    await expect(page.getByTestId('refund-total')).toHaveText('Refund recommended: CN¥569.00');
    await openParcel(page, sims!.scale, 'RMA-2026A0001', 480);

    // The clerk cannot reach Reconcile, Settings or Devices without a manager.
    for (const key of ['3', '4', '5']) {
      await page.keyboard.press(`Alt+${key}`);
      await expect(page.getByTestId('manager-gate')).toBeVisible();
    }
    await expect(page.getByTestId('reference-data')).toHaveCount(0);
    await page.keyboard.press('Alt+3');
    await signInManager(page);
    await expect(page.getByTestId('manager-session')).toContainText('张伟');
    const day = page.getByTestId('reconcile');
    await expect(day.getByTestId('units-total')).toHaveText('1');
    await expect(day.getByTestId('parcels-opened')).toContainText('2');
    await expect(day.getByTestId('blocker-unfinishedParcels')).toContainText('1 parcel not finished');
    // The close cannot even be pressed while something of the day holds it, and says what.
    await expect(page.getByTestId('day-close')).toBeDisabled();
    await expect(page.getByTestId('day-close')).toHaveAttribute('title', '1 parcel not finished');
    await expect(day).toHaveAttribute('data-state', 'open');
    // Every number opens its records.
    await day.getByTestId('parcels-unfinished').getByRole('button').click();
    await expect(page.getByTestId('records')).toContainText('RMA-2026A0001');

    // The clerk finishes the parcel; the day then closes.
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await finishParcel(page, ['DRESS-RED-M', 'SCARF-GIFT']);
    await expect(page.getByTestId('refund-total')).toHaveText('Refund recommended: CN¥387.00');
    await page.keyboard.press('Alt+3');
    await expect(day.getByTestId('units-total')).toHaveText('3');
    await expect(day.getByTestId('refund-total-CNY')).toContainText('CN¥956.00');
    await expect(day.getByTestId('refunds-table')).toContainText('RMA-2026A0001');
    await expect(day.getByTestId('returns-table')).toContainText('complete');
    await expect(page.getByTestId('day-blockers')).toHaveCount(0);
    await expect(page.getByTestId('chart-grade').locator('svg').first()).toBeVisible();
    await screenshot(page, 'en-reconcile');

    // The CSV: one row per unit, UTF-8 with BOM, Chinese intact, refunds adding up to the page's total.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csvPath = path.join(await mkdtemp(path.join(tmpdir(), 'day-csv-')), download.suggestedFilename());
    await download.saveAs(csvPath);
    const bytes = await readFile(csvPath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...DAY_CSV_COLUMNS]);
    expect(parsed.data.map((r) => r.sku).sort()).toEqual(['DRESS-RED-M', 'RUN-SHOE-42', 'SCARF-GIFT']);
    expect(parsed.data.find((r) => r.sku === 'DRESS-RED-M')).toMatchObject({
      'product-name': '真丝连衣裙 红色 M',
      rma: 'RMA-2026A0001',
      'weight-g': '480',
      clerk: '王芳',
      currency: 'CNY',
    });
    expect(parsed.data.reduce((n, r) => n + Math.round(Number(r['refund-amount']) * 100), 0)).toBe(95600);

    // Export PDF in browser mode: the page says what to choose in the print dialog (which says nothing of it).
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByTestId('export-pdf').click();
    await expect(page.getByRole('status').filter({ hasText: 'Save as PDF' })).toContainText(
      /choose “Save as PDF” as the printer and save it as returns-STATION-01-\d{4}-\d{2}-\d{2}\.pdf/,
    );
    // The PDF, as Chromium prints the page with its print stylesheet: the same numbers, and the charts.
    await page.emulateMedia({ media: 'print' });
    const pdfPath = path.join(path.dirname(csvPath), 'day.pdf');
    await writeFile(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('CN¥956.00');
    expect(text).toContain('RMA-2026A0001');
    expect(text).toContain('RMA-2026A0003');
    expect(text).toContain('Units by grade');
    expect(text).not.toContain('Export CSV');
    // Its first page as a picture beside the screenshots, to look at.
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath, path.join(SCREENSHOT_DIR, 'en-reconcile-pdf-page1')]);

    // Asked once more, with the day's figures, before the day is locked.
    await page.getByTestId('day-close').click();
    await expect(page.getByTestId('day-close-confirm-figures')).toContainText('3 units');
    await expect(day).toHaveAttribute('data-state', 'open');
    await page.getByTestId('day-close-confirm').click();
    await expect(page.getByTestId('day-closed')).toContainText('Closed by 张伟');
    await expect(day).toHaveAttribute('data-state', 'closed');
    await screenshot(page, 'en-reconcile-closed');

    // Nothing more is recorded in a closed day.
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('step-parcel')).toBeVisible();
    await wedgeScan(page, 'RMA-2026A0008');
    await expect(page.getByTestId('flash')).toContainText('is closed');
    await expect(page.getByTestId('step-parcel')).toBeVisible();

    // Reopened with a reason, it takes work again.
    await page.keyboard.press('Alt+3');
    await page.getByTestId('reopen-reason').fill('late truck from SF');
    await page.getByTestId('day-reopen').click();
    await expect(day).toHaveAttribute('data-state', 'open');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '对账' })).toBeVisible();
    await expect(day.getByTestId('refund-total-CNY')).toContainText('¥956.00');
    await screenshot(page, 'zh-CN-reconcile');
  });
});

test.describe('manager sign-in', () => {
  // The page's clock jumps minutes ahead here, so its connection watchdog reconnects; at teardown the
  // station stops before the page does, and that last reconnect attempt fails: expected, named here.
  test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  test('PIN lock-out: five wrong PINs lock PIN entry with a countdown, audited; a manager session ends by itself when idle', async ({ page, station }) => {
    await loadSample(page, station.url);
    await page.keyboard.press('Alt+5');
    for (let i = 4; i >= 1; i--) {
      await page.getByTestId('manager-pin').fill('0000');
      await page.getByTestId('manager-sign-in').getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('manager-sign-in').getByRole('alert')).toHaveText(`That is not a manager's PIN. ${i} attempt${i === 1 ? '' : 's'} left.`);
    }
    await page.getByTestId('manager-pin').fill('0000');
    await page.getByTestId('manager-sign-in').getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('pin-locked')).toContainText('locked for 60 s');
    await expect(page.getByTestId('manager-pin')).toBeDisabled();
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('pin-locked')).toContainText('已锁定');
    await screenshot(page, 'zh-CN-manager-locked');
    await page.getByRole('button', { name: 'English' }).first().click();
    // The right PIN does not help while locked (a reload neither).
    await page.reload();
    await expect(page.getByTestId('manager-pin')).toBeDisabled();
    await page.clock.fastForward('01:01');
    await expect(page.getByTestId('manager-pin')).toBeEnabled();
    await signInManager(page);
    await expect(page.getByTestId('reference-data')).toBeVisible();
    // Sample data is offered on an empty station only: this one has data now.
    await expect(page.getByRole('button', { name: 'Load sample data' })).toHaveCount(0);
    await screenshot(page, 'en-settings-manager');
    // Idle for five minutes: the session ends and the page locks again.
    await page.clock.fastForward('05:01');
    await expect(page.getByTestId('manager-gate')).toBeVisible();
  });
});
