import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { DEFAULT_SETTINGS } from '../../shared/settings/schema';
import { expect, screenshot, test, TEST_NOW } from './fixtures';
import { startHostProcess } from './host-process';
import { clerk, gtinOf, loadSample, signInManager } from './receiving-helpers';

test.describe('backup, moving a station, support', () => {
  test.use({ simulated: true, withPrinter: true });

  test('a station exported from Settings imports on a fresh browser profile on another station: records, photos and settings come with it', async ({
    page,
    station,
    sims,
    browser,
  }) => {
    test.setTimeout(90_000);
    await loadSample(page, station.url);
    sims!.scale.set(790, 'stable');
    const c = clerk(page);
    await c.scan('RMA-2026A0003');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.key('Enter');
    await expect(page.getByTestId('step-items')).toBeVisible();
    await c.scan(gtinOf('RUN-SHOE-42'));
    await expect(page.getByTestId('step-inspect')).toBeVisible();
    await page.keyboard.press('p');
    await expect(page.getByTestId('flash')).toHaveText('Photo kept.');
    await c.scan('#CMD:GRADE-A');
    await expect(page.getByTestId('flash')).toContainText(/LPN[0-9A-Z]{10}/);
    const lpn = (await page.getByTestId('flash').textContent())!.match(/LPN[0-9A-Z]{10}/)![0];
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('refund-total')).toHaveText('Refund recommended: CN¥569.00');

    await page.keyboard.press('Alt+5');
    await signInManager(page);
    await expect(page.getByTestId('backup')).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('backup-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^station-STATION-01-\d{8}T?\d{6}\.zip$|^station-STATION-01-.*\.zip$/);
    const saved = path.join(await mkdtemp(path.join(os.tmpdir(), 'backup-e2e-')), file.suggestedFilename());
    await file.saveAs(saved);
    await expect(page.getByTestId('backup-message')).toContainText('units: 1, photos: 1; audit chain verified');
    const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(await readFile(saved)))['manifest.json']!));
    expect(manifest).toMatchObject({ format: 'returns-station-backup', stationId: 'STATION-01', counts: { units: 1, photos: 1 } });
    await page.getByTestId('backup').scrollIntoViewIfNeeded();
    await screenshot(page, 'en-settings-backup');

    // A new PC: another station process, a browser profile that never saw this station.
    const otherDir = await mkdtemp(path.join(os.tmpdir(), 'station-e2e-new-pc-'));
    await writeFile(
      path.join(otherDir, 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, station: { id: 'NEW-PC', name: '', warehouseId: '' }, ui: { language: 'zh-CN' } }),
    );
    const other = await startHostProcess(otherDir);
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    const fresh = await context.newPage();
    try {
      await fresh.clock.install({ time: TEST_NOW });
      await fresh.goto(`${other.url}#/settings`);
      await expect(fresh.getByTestId('backup')).toBeVisible();
      await fresh.getByTestId('backup-file').setInputFiles(saved);
      await expect(fresh.getByTestId('backup-ready')).toContainText('STATION-01');
      await expect(fresh.getByTestId('backup-ready')).toContainText('1 件商品、1 张照片');
      await fresh.getByTestId('backup-ready').scrollIntoViewIfNeeded();
      await screenshot(fresh, 'zh-CN-settings-backup-ready');
      await fresh.getByTestId('backup-replace').click();
      // Its users came with it: Settings is a manager's again, and the manager of the old station signs in.
      await signInManager(fresh);
      await expect(fresh.locator('input[name="id"]')).toHaveValue('STATION-01');
      await expect(fresh.getByTestId('backup')).toBeVisible();
      // The unit, its label job and its photo are here: Labels finds it by its LPN.
      await fresh.keyboard.press('Alt+2');
      await expect(fresh.getByText(lpn).first()).toBeVisible();
    } finally {
      await context.close();
      await other.stop();
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  test('a support bundle is one zip with versions, settings without secrets, the log, devices and storage — no records', async ({ page, station }) => {
    await loadSample(page, station.url);
    await page.keyboard.press('Alt+5');
    await signInManager(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('support-bundle').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^support-STATION-01-.*\.zip$/);
    const files = unzipSync(new Uint8Array(await readFile((await file.path())!)));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'page.json', 'settings.json', 'station.log', 'system.json']);
    const system = JSON.parse(strFromU8(files['system.json']!));
    expect(system).toMatchObject({ app: { mode: 'browser' }, node: expect.any(String), hq: { enrolled: false }, updates: { supported: false } });
    const configured = JSON.parse(strFromU8(files['settings.json']!))
      .devices.map((d: { id: string }) => d.id)
      .sort();
    expect(configured.length).toBeGreaterThan(0);
    expect(system.devices.map((d: { id: string }) => d.id).sort()).toEqual(configured);
    const pageInfo = JSON.parse(strFromU8(files['page.json']!));
    expect(pageInfo.database).toMatchObject({ auditChain: null, counts: { users: 3 } });
    expect(pageInfo.storage.quotaBytes).toBeGreaterThan(0);
    expect(strFromU8(files['station.log']!)).toContain('station services started');
    const all = Object.values(files)
      .map((f) => strFromU8(f))
      .join('\n');
    // Nothing secret and no records: no PIN hashes, no customer names.
    expect(all).not.toMatch(/"pin"|陈静|李雷/);
    await expect(page.getByTestId('backup-message')).toContainText('send it to support');
  });

  test('storage almost full: a new parcel is not started, the clerk is told why, what is open can finish', async ({ page, station, sims }) => {
    // The browser reports its quota nearly used (as a full profile would).
    await page.addInitScript(() => {
      Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ usage: 9_900_000_000, quota: 10_000_000_000 }) });
    });
    await loadSample(page, station.url);
    sims!.scale.set(790, 'stable');
    await expect(page.getByTestId('storage-banner')).toContainText('Storage almost full');
    await clerk(page).scan('RMA-2026A0003');
    await expect(page.getByTestId('flash')).toContainText('Not started: the station is almost out of storage');
    await expect(page.getByTestId('step-parcel')).toBeVisible();
    await screenshot(page, 'en-receive-storage-full');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('storage-banner')).toContainText('存储空间即将耗尽');
    await screenshot(page, 'zh-CN-receive-storage-full');
  });

  test('an audit chain changed behind the station’s back is found at start and shown to the manager; it cannot be exported', async ({ page, station }) => {
    await loadSample(page, station.url);
    // Someone edits an audit event in the browser's database directly.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('returns-station');
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('auditEvents', 'readwrite');
            const events = tx.objectStore('auditEvents');
            const get = events.get(1);
            get.onsuccess = () => events.put({ ...get.result, who: 'intruder' });
            tx.oncomplete = () => (db.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    // The station starts again (a new page load), and a manager opens Settings.
    await page.reload();
    await expect(page.getByTestId('receive')).toBeVisible();
    await page.goto(`${station.url}#/settings`);
    await signInManager(page);
    await expect(page.getByTestId('audit-broken')).toContainText('The audit chain does not verify at event 1');
    await page.getByTestId('backup-export').click();
    await expect(page.getByTestId('backup-message')).toContainText('The audit chain does not verify');
    await page.getByTestId('audit-broken').scrollIntoViewIfNeeded();
    await screenshot(page, 'en-settings-audit-broken');
  });
});
