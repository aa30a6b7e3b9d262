import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { e2eSettings, expect, screenshot, test, wedgeScan } from './fixtures';
import { startHostProcess } from './host-process';
import { hqAdmin, hqStorage, startHq } from './hq-process';
import { gtinOf, sample } from './receiving-helpers';

/** What one of the station's stores holds (its rows, or only their keys), read straight from its IndexedDB. */
function storeOf<T>(page: Page, store: string, keysOnly = false): Promise<T[]> {
  return page.evaluate(
    ([name, keys]) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('returns-station');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const from = open.result.transaction(name).objectStore(name);
          const req = keys ? from.getAllKeys() : from.getAll();
          req.onsuccess = () => resolve(req.result as T[]);
          req.onerror = () => reject(req.error);
        };
      }),
    [store, keysOnly] as const,
  );
}
const photoHashesOf = async (page: Page) => (await storeOf<IDBValidKey>(page, 'photos', true)).map(String);
const outboxOf = async (page: Page) =>
  (await storeOf<{ seq: number; type: string; payload: unknown }>(page, 'outbox')).map((r) => ({ seq: r.seq, type: r.type, payload: r.payload }));
const auditOf = async (page: Page) =>
  (await storeOf<{ seq: number; who: string; action: string; hash: string }>(page, 'auditEvents')).map((e) => ({
    seq: e.seq,
    who: e.who,
    action: e.action,
    hash: e.hash,
  }));

/** One parcel at a station with no scale: weight typed with its reason, one photo per item. */
async function receiveOffline(page: Page, rma: string, skus: string[]) {
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('step-signin')).toBeVisible();
  await wedgeScan(page, 'BADGE-C001');
  await expect(page.getByTestId('step-parcel')).toBeVisible();
  await wedgeScan(page, rma);
  await page.getByLabel('Weight (g)').fill('800');
  await page.getByLabel('Why by hand').fill('no scale at this bench');
  await page.getByRole('button', { name: 'Use this weight' }).click();
  await page.locator('body').click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-items')).toBeVisible();
  for (const sku of skus) {
    await wedgeScan(page, gtinOf(sku));
    await expect(page.getByTestId('step-inspect')).toBeVisible();
    await page.keyboard.press('p');
    await expect(page.getByTestId('flash')).toHaveText('Photo kept.');
    await wedgeScan(page, '#CMD:GRADE-A');
    await expect(page.getByTestId('step-items')).toBeVisible();
  }
  await wedgeScan(page, '#CMD:COMPLETE');
  await expect(page.getByTestId('completed')).toBeVisible();
}

// The pages try to reconnect to their stations while the test stops them at the end.
test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });

test('two stations receive while HQ is down, come online, and HQ holds every record exactly once with its photos', async ({ page }) => {
  test.setTimeout(180_000);
  const storage = await hqStorage();
  const work = await mkdtemp(path.join(os.tmpdir(), 'hq-e2e-stations-'));
  const hosts: { stop(): Promise<void> }[] = [];
  let reportKey = '';
  let hq = await (async () => {
    hqAdmin(storage, ['warehouse', 'WH-E2E', 'E2E warehouse']);
    const file = path.join(work, 'reference.json');
    await writeFile(file, JSON.stringify(sample));
    expect(hqAdmin(storage, ['load', 'WH-E2E', file])).toContain('reference rows loaded');
    reportKey = /shown once: (rk_\S+)/.exec(hqAdmin(storage, ['report-key', 'finance desk', 'WH-E2E']))![1]!;
    return startHq(storage);
  })();
  try {
    const pages: Page[] = [page, await page.context().newPage()];
    const ids = ['DOCK-A', 'DOCK-B'];
    for (const [i, id] of ids.entries()) {
      const code = /: ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})\s*$/m.exec(hqAdmin(storage, ['code', 'WH-E2E', id]))![1]!;
      const dir = path.join(work, id);
      await rm(dir, { recursive: true, force: true });
      await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
      await writeFile(path.join(dir, 'settings.json'), e2eSettings({ station: { id, name: `Bench ${id}`, warehouseId: 'WH-E2E' } }));
      const host = await startHostProcess(dir);
      hosts.push(host);
      const p = pages[i]!;
      await p.goto(`${host.url}#/settings`);
      await p.getByTestId('hq').getByLabel('HQ address').fill(hq.url);
      await p.getByTestId('hq').getByLabel('Enrolment code').fill(code);
      await p.getByTestId('hq').getByRole('button', { name: 'Enrol' }).click();
      // Reference data arrives by pull at once: the returns and the clerks. They bring a manager, so
      // Settings becomes a manager's and asks for one (maybe before the enrolled state was even drawn).
      await expect(p.getByTestId('manager-gate')).toBeVisible({ timeout: 20_000 });
      await p.getByTestId('manager-pin').fill('9999');
      await p.getByRole('button', { name: 'Sign in' }).click();
      await expect(p.getByTestId('hq')).toContainText(`Enrolled as ${id} in WH-E2E`);
      await expect(p.getByTestId('reference-counts')).toContainText('9 expected returns');
      await expect(p.getByTestId('status-sync')).toHaveAttribute('data-state', 'online');
    }
    await screenshot(pages[0]!, 'en-settings-hq-enrolled');

    await hq.stop();
    await receiveOffline(pages[0]!, 'RMA-2026A0003', ['RUN-SHOE-42']);
    await receiveOffline(pages[1]!, 'RMA-2026A0001', ['DRESS-RED-M', 'SCARF-GIFT']);
    for (const p of pages) {
      await p.keyboard.press('Alt+5');
      await p.getByRole('button', { name: 'Send to HQ now' }).click();
      await expect(p.getByTestId('status-sync')).toHaveAttribute('data-state', 'offline');
      await expect(p.getByTestId('status-sync')).toContainText(/[1-9]\d* records?, [1-9]\d* photos? waiting/);
    }
    await screenshot(pages[1]!, 'en-status-offline-waiting');
    await pages[1]!.getByRole('button', { name: '中文' }).first().click();
    await expect(pages[1]!.getByTestId('status-sync')).toContainText('离线');
    await screenshot(pages[1]!, 'zh-CN-settings-hq-offline');
    await pages[1]!.getByRole('button', { name: 'English' }).first().click();
    // Recovery: what has not reached HQ can be taken off the station as a file.
    const download = pages[0]!.waitForEvent('download');
    await pages[0]!.getByRole('button', { name: 'Export records not yet at HQ' }).click();
    const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as { installId: string; records: { seq: number }[] };
    expect(exported.records.length).toBeGreaterThan(0);
    expect(exported.records.map((r) => r.seq)).toEqual([...exported.records.map((r) => r.seq)].sort((a, b) => a - b));

    hq = await startHq(storage, hq.port);
    for (const p of pages) {
      await p.getByRole('button', { name: 'Send to HQ now' }).click();
      await expect(p.getByTestId('status-sync')).toContainText('online · 0 records, 0 photos waiting', { timeout: 30_000 });
    }
    await screenshot(pages[0]!, 'en-status-online-sent');

    // HQ's report page shows what arrived: intake per station, refunds per currency, the CSV to download.
    const reports = await page.context().newPage();
    const reportErrors: string[] = [];
    reports.on('console', (m) => m.type() === 'error' && reportErrors.push(m.text()));
    reports.on('pageerror', (e) => reportErrors.push(e.message));
    await reports.goto(`${hq.url}/reports`);
    await reports.getByLabel('Report key').fill(reportKey);
    await reports.getByLabel('From').fill('2026-11-19');
    await reports.getByLabel('To').fill('2026-11-22');
    await reports.getByLabel('Time zone').fill('UTC');
    await reports.getByRole('button', { name: 'Show' }).click();
    await expect(reports.locator('#status')).toContainText('Shown for 2026-11-19');
    await expect(reports.locator('#intake')).toContainText('DOCK-A');
    await expect(reports.locator('#intake')).toContainText('DOCK-B');
    await expect(reports.locator('#refunds')).toContainText('CNY');
    const csvDownload = reports.waitForEvent('download');
    await reports.getByRole('button', { name: 'Download CSV' }).click();
    const csvText = await readFile((await (await csvDownload).path())!, 'utf8');
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(1 + 3);
    await screenshot(reports, 'en-hq-reports');
    expect(reportErrors).toEqual([]);
    await reports.close();
    const outboxes = await Promise.all(pages.map(outboxOf));
    const audits = await Promise.all(pages.map(auditOf));
    const photos = new Set((await Promise.all(pages.map(photoHashesOf))).flat());
    expect(photos.size).toBeGreaterThan(0);
    await hq.stop();

    const db = await storage.open();
    try {
      for (const [i, id] of ids.entries()) {
        const rows = (await db.pool.query('select seq, type, payload from sync_items where station_id = $1 order by seq', [id])).rows.map((r) => ({
          seq: Number(r.seq),
          type: r.type,
          payload: r.payload,
        }));
        expect(rows.length).toBeGreaterThan(5);
        // Exactly once, byte for byte (as JSON) what the station holds.
        expect(rows).toEqual(JSON.parse(JSON.stringify(outboxes[i])));
        expect((await db.pool.query('select count(*)::int as n from sync_rejections where station_id = $1', [id])).rows[0].n).toBe(0);
        // The station's audit events, whole and once, as far as its last push carried them (later ones wait for a record).
        const kept = (await db.pool.query('select seq, who, action, hash from audit_events where station_id = $1 order by seq', [id])).rows.map((r) => ({
          seq: Number(r.seq),
          who: r.who,
          action: r.action,
          hash: r.hash,
        }));
        expect(kept.length).toBeGreaterThan(5);
        expect(kept).toEqual(audits[i]!.slice(0, kept.length));
      }
      expect((await db.pool.query("select count(*)::int as n from units where warehouse_id = 'WH-E2E'")).rows[0].n).toBe(3);
      expect((await db.pool.query("select count(*)::int as n from refund_decisions where warehouse_id = 'WH-E2E'")).rows[0].n).toBe(2);
      // Every photo, once per hash (the synthetic camera may give the same still twice).
      expect(new Set((await db.pool.query("select sha256 from blobs where warehouse_id = 'WH-E2E'")).rows.map((r) => r.sha256))).toEqual(photos);
      const lpns = (await db.pool.query("select lpn from units where warehouse_id = 'WH-E2E'")).rows.map((r) => r.lpn as string);
      expect(new Set(lpns.map((l) => l.slice(3, 6))).size).toBe(2);
    } finally {
      await db.close();
    }
  } finally {
    await hq.stop().catch(() => undefined);
    for (const h of hosts) await h.stop();
    await storage.drop();
    if (!process.env.KEEP_E2E) await rm(work, { recursive: true, force: true });
  }
});
