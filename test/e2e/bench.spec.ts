/**
 * The packing bench through the real UI: three units received with different routes are sorted into
 * containers (a wrong container refused in the clerk's words, nothing moved), a container closed with the
 * bench scale's weight and its manifest printed on the bench's own printer, a restock unit's shelf label —
 * and HQ, once the station has sent its records, shows the containers and each unit's dock-to-stock time.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { printedLines, tokenizeEscPos } from '../printing/escpos-tokenizer';
import { startPrinterCapture } from '../sim/printer-capture';
import { e2eSettings, expect, screenshot, TEST_NOW, test, wedgeScan } from './fixtures';
import { startHostProcess } from './host-process';
import { hqAdmin, hqStorage, startHq } from './hq-process';
import { gtinOf, sample } from './receiving-helpers';

test.use({ simulated: true, withPrinter: true, viewport: { width: 1366, height: 800 }, allowedConsoleErrors: [/WebSocket connection to .* failed/] });

/** One item through receiving: the RMA, the item (the box as it looks, or a condition key first), its answers, a photo, Enter. */
async function receive(page: Page, rma: string, sku: string, options: { condition?: string; answers?: string[] } = {}) {
  await wedgeScan(page, rma);
  // Parcels swapped on the plate faster than the scale reported it empty: the clerk says the plate was cleared (R).
  const stale = page.getByText('from the last parcel');
  await expect(page.getByTestId('step-condition').or(stale)).toBeVisible();
  if (await stale.isVisible()) await page.keyboard.press('r');
  await expect(page.getByTestId('step-condition')).toBeVisible();
  if (options.condition) {
    await page.keyboard.press(options.condition);
    await expect(page.getByTestId('step-items')).toBeVisible();
  }
  await wedgeScan(page, gtinOf(sku));
  await expect(page.getByTestId('step-inspect')).toBeVisible();
  if (!options.answers) await wedgeScan(page, '#CMD:GRADE-A');
  else {
    for (const k of options.answers) await page.keyboard.press(k);
    await expect(page.getByTestId('decision')).toBeVisible();
    // A damaged item (and a crushed box) is photographed before it is accepted: the policy asks for it.
    for (let shots = 0; shots < 2 && (await page.getByText('Photo required').isVisible()); shots++) {
      await page.keyboard.press('p');
      // The first photo is the crushed box's (the parcel's), the next the item's.
      await expect
        .poll(async () =>
          (await page.getByTestId('photos').allInnerTexts())
            .join(' ')
            .match(/\d+(?= photo)/g)
            ?.map(Number)
            .reduce((a, b) => a + b, 0),
        )
        .toBe(shots + 1);
    }
    await expect(page.getByTestId('enter-to-accept')).toBeVisible();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('step-items')).toBeVisible();
  await wedgeScan(page, '#CMD:COMPLETE');
  await expect(page.getByTestId('completed')).toBeVisible();
}

test('units sorted by route at the bench, a wrong container refused, a container closed with its weight, a shelf label; HQ shows containers and dock-to-stock', async ({
  page,
  sims,
  printer,
}) => {
  test.setTimeout(180_000);
  const storage = await hqStorage();
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-e2e-'));
  const benchPrinter = await startPrinterCapture();
  hqAdmin(storage, ['warehouse', 'WH-BENCH', 'Bench warehouse']);
  const file = path.join(work, 'reference.json');
  await writeFile(file, JSON.stringify(sample));
  hqAdmin(storage, ['load', 'WH-BENCH', file]);
  const reportKey = /shown once: (rk_\S+)/.exec(hqAdmin(storage, ['report-key', 'operations', 'WH-BENCH']))![1]!;
  const hq = await startHq(storage);
  const dir = path.join(work, 'station');
  await mkdir(dir, { recursive: true });
  // A dock printer and a printer of the packing bench's own.
  await writeFile(
    path.join(dir, 'settings.json'),
    e2eSettings({
      station: { id: 'DOCK-1', name: 'Dock 1', warehouseId: 'WH-BENCH' },
      devices: sims!.devices,
      printers: [
        { id: 'printer-1', label: 'Dock printer', config: { kind: 'escpos', interface: printer!.interface, width: 80 } },
        { id: 'printer-2', label: 'Bench printer', place: 'bench', config: { kind: 'escpos', interface: benchPrinter.interface, width: 80 } },
      ],
    }),
  );
  const host = await startHostProcess(dir);
  try {
    const code = /: ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})\s*$/m.exec(hqAdmin(storage, ['code', 'WH-BENCH', 'DOCK-1']))![1]!;
    await page.goto(`${host.url}#/settings`);
    await expect(page.getByTestId('status-connection')).toContainText('Connected');
    await page.getByTestId('hq').getByLabel('HQ address').fill(hq.url);
    await page.getByTestId('hq').getByLabel('Enrolment code').fill(code);
    await page.getByTestId('hq').getByRole('button', { name: 'Enrol' }).click();
    await expect(page.getByTestId('manager-gate')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('status-connection')).toContainText('Connected');

    // Three units at the dock: shoes back to stock, a face cream that does not work back to its vendor, a
    // rice cooker crushed in transit to liquidation.
    await page.keyboard.press('Alt+1');
    await wedgeScan(page, 'BADGE-C001');
    await expect(page.getByTestId('step-parcel')).toBeVisible();
    sims!.scale.set(790, 'stable');
    await receive(page, 'RMA-2026A0003', 'RUN-SHOE-42');
    sims!.scale.set(180, 'stable');
    await receive(page, 'RMA-2026A0004', 'FACE-CREAM-50', { answers: ['1', '1', '1', '2'] });
    sims!.scale.set(3100, 'stable');
    await receive(page, 'RMA-2026A0007', 'RICE-COOKER-3L', { condition: '4', answers: ['2', '1', '2', '1', '1'] });
    await expect.poll(() => printer!.jobs.length).toBe(3);

    // The bench: the three wait for a container, each with its route.
    await page.keyboard.press('Alt+6');
    const bench = page.getByTestId('bench');
    await expect(bench.getByTestId('bench-awaiting').locator('li')).toHaveCount(3);
    const lpnFor = async (route: string) =>
      (await bench.getByTestId('bench-awaiting').locator('li', { hasText: route }).locator('.mono').textContent())!.trim();
    const shoes = await lpnFor('restock');
    const cream = await lpnFor('return to vendor');
    const cooker = await lpnFor('liquidate');
    expect(new Set([shoes, cream, cooker]).size).toBe(3);

    // Shoes: no tote for restock yet — N opens one, its label printed on the bench printer.
    await wedgeScan(page, shoes);
    await expect(bench.getByTestId('bench-unit-name')).toHaveText('跑步鞋 42码');
    await expect(bench.getByTestId('bench-route')).toHaveText('→ restock');
    await expect(bench.getByTestId('bench-fits')).toHaveText('No open container for restock: press N to open one.');
    await page.keyboard.press('n');
    await expect(bench.getByTestId('open-container').getByLabel('Route')).toHaveValue('restock');
    await bench.getByTestId('open-container').getByRole('button', { name: 'Open and print its label' }).click();
    const tote = (await bench.getByTestId('bench-container-id').textContent())!;
    expect(tote).toMatch(/^CTN[0-9A-Z]{10}$/);
    await expect.poll(() => benchPrinter.jobs.length).toBe(1);
    expect(tokenizeEscPos(benchPrinter.jobs[0]!).find((t) => t.type === 'barcode')).toMatchObject({ data: tote });
    await wedgeScan(page, tote);
    await expect(page.getByTestId('bench-flash')).toHaveText(`${shoes} is in ${tote} (restock): 1 unit(s) in it now.`);

    // The face cream into the restock tote: stopped in red, nothing moved.
    await wedgeScan(page, cream);
    await expect(bench.getByTestId('bench-route')).toHaveText('→ return to vendor · 润肤坊 Cosmetics');
    await wedgeScan(page, tote);
    await expect(page.getByTestId('bench-flash')).toHaveClass(/flash-error/);
    await expect(page.getByTestId('bench-flash')).toHaveText(`Wrong container: ${cream} goes to return to vendor, this one is for restock. Nothing moved.`);
    await expect(bench.getByTestId('bench-unit-container')).toHaveText('Not in a container yet.');
    await screenshot(page, 'en-bench-wrong-container');
    // Its own pallet: for its vendor, named from the catalog.
    await page.keyboard.press('n');
    await expect(bench.getByTestId('open-container').getByLabel('Route')).toHaveValue('return_to_vendor');
    await expect(bench.getByTestId('vendor')).toHaveValue('润肤坊 Cosmetics');
    await page.keyboard.press('Enter');
    await expect(bench.getByTestId('bench-container-id')).not.toHaveText(tote);
    const pallet = (await bench.getByTestId('bench-container-id').textContent())!;
    await wedgeScan(page, pallet);
    await expect(page.getByTestId('bench-flash')).toContainText(`${cream} is in ${pallet}`);

    await wedgeScan(page, cooker);
    await page.keyboard.press('n');
    await expect(bench.getByTestId('open-container').getByLabel('Route')).toHaveValue('liquidate');
    await page.keyboard.press('Enter');
    await expect(bench.getByTestId('bench-container-id')).not.toHaveText(pallet);
    const gaylord = (await bench.getByTestId('bench-container-id').textContent())!;
    await wedgeScan(page, gaylord);
    await expect(page.getByTestId('bench-flash')).toContainText(`${cooker} is in ${gaylord}`);
    await expect(bench.getByTestId('bench-awaiting')).toHaveCount(0);
    await expect(bench.getByTestId('bench-open').locator('li')).toHaveCount(3);

    // The shoes go back to the shelf: their shelf label (product barcode, name, grade, size).
    await wedgeScan(page, shoes);
    await page.keyboard.press('s');
    await expect(page.getByTestId('bench-flash')).toHaveText('Shelf label for 跑步鞋 42码 is printing.');
    await expect.poll(() => benchPrinter.jobs.length).toBe(4);
    const shelf = tokenizeEscPos(benchPrinter.jobs[3]!);
    expect(shelf.find((t) => t.type === 'barcode')).toMatchObject({ data: gtinOf('RUN-SHOE-42') });
    expect(printedLines(shelf)).toEqual(expect.arrayContaining(['跑步鞋 42码', 'Grade A (as new)', 'Size 42', shoes]));

    // Close the tote on the bench scale: Enter takes its steady weight; the manifest prints.
    await page.keyboard.press('Escape');
    await wedgeScan(page, tote);
    sims!.scale.set(0, 'stable');
    sims!.scale.set(1250, 'stable');
    await page.keyboard.press('c');
    await expect(bench.getByTestId('close-weight')).toHaveText('The scale shows 1.250 kg: Enter closes the container with it.');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('bench-flash')).toHaveText(`${tote} closed: 1 unit(s), 1.25 kg. The manifest is printing.`);
    await expect(bench.getByTestId('bench-container')).toHaveAttribute('data-status', 'closed');
    await expect.poll(() => benchPrinter.jobs.length).toBe(5);
    const manifest = printedLines(tokenizeEscPos(benchPrinter.jobs[4]!));
    expect(manifest).toEqual(expect.arrayContaining(['装箱单 MANIFEST', tote, '1 unit(s) · 1.25 kg', '跑步鞋 42码 × 1']));
    // The dock printer printed the three unit labels only.
    expect(printer!.jobs).toHaveLength(3);
    // A closed tote takes nothing more.
    await wedgeScan(page, shoes);
    await wedgeScan(page, pallet);
    await expect(page.getByTestId('bench-flash')).toHaveClass(/flash-error/);
    await page.keyboard.press('Escape');
    await wedgeScan(page, tote);
    await screenshot(page, 'en-bench-closed');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(bench.getByTestId('bench-container-state')).toContainText('已封箱');
    await screenshot(page, 'zh-CN-bench-closed');
    await wedgeScan(page, cream);
    await wedgeScan(page, tote);
    await expect(page.getByTestId('bench-flash')).toHaveClass(/flash-error/);
    await screenshot(page, 'zh-CN-bench-wrong-container');
    await page.getByRole('button', { name: 'English' }).first().click();

    // Reconcile lists the day's manifest (it prints in the day's PDF).
    await page.keyboard.press('Alt+3');
    await page.getByTestId('manager-pin').fill('9999');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('manifests').locator('tr', { hasText: tote })).toContainText(`restock`);
    await expect(page.getByTestId('manifests').locator('tr', { hasText: tote })).toContainText(`1 unit: ${shoes}`);
    await expect(page.getByTestId('day-bench')).toContainText('2 container(s) open');

    // Everything reaches HQ: the containers by route and vendor, and the shoes' dock-to-stock time.
    await page.keyboard.press('Alt+5');
    await page.getByRole('button', { name: 'Send to HQ now' }).click();
    await expect(page.getByTestId('status-sync')).toContainText('online · 0 records, 0 photos waiting', { timeout: 30_000 });
    const day = TEST_NOW.toISOString().slice(0, 10);
    const reports = await page.context().newPage();
    await reports.goto(`${hq.url}/reports`);
    await reports.locator('#key').fill(reportKey);
    await reports.locator('#from').fill(day);
    await reports.locator('#to').fill(day);
    await reports.locator('#tz').fill('UTC');
    await reports.getByRole('button', { name: 'Show' }).click();
    const containers = reports.locator('#containers');
    await expect(containers.locator('tr')).toHaveCount(4);
    await expect(containers.locator('tr', { hasText: tote })).toContainText('restock');
    await expect(containers.locator('tr', { hasText: tote })).toContainText('closed');
    await expect(containers.locator('tr', { hasText: tote })).toContainText('1.25 kg');
    await expect(containers.locator('tr', { hasText: pallet })).toContainText('润肤坊 Cosmetics');
    const dockToStock = reports.locator('#dock-to-stock');
    await expect(dockToStock.locator('tr', { hasText: shoes })).toContainText(tote);
    await expect(reports.locator('#dock-to-stock-routes').locator('tr', { hasText: 'restock' })).toContainText('1');
    await containers.scrollIntoViewIfNeeded();
    await screenshot(reports, 'en-hq-reports-containers');
  } finally {
    await host.stop();
    await hq.stop();
    await benchPrinter.close();
    await storage.drop();
    await rm(work, { recursive: true, force: true });
  }
});
