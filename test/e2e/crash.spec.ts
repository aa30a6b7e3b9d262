import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunch } from '../playwright.config';
import { expect, test, wedgeScan } from './fixtures';
import { gtinOf } from './receiving-helpers';

/** Chromium with a profile on disk: its IndexedDB survives the process, as on a dock PC. */
function launch(profile: string) {
  return chromium.launchPersistentContext(profile, { ...chromiumLaunch, viewport: { width: 1366, height: 800 }, locale: 'en-US' });
}

/** A power cut for the browser: every Chromium process of this profile gets SIGKILL, nothing is flushed. */
function killBrowser(profile: string): boolean {
  try {
    execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
    return true;
  } catch {
    // pkill exits 1 when nothing matched: already gone.
    return false;
  }
}

/** What the station's IndexedDB holds, read straight from it. */
function ledgerOf(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{
        units: { lpn: string; labelJobId?: string }[];
        audit: { action: string; entityId: string }[];
        outbox: { type: string; payload: { lpn?: string } }[];
        jobs: { id: string; code: string; state: string }[];
      }>((resolve, reject) => {
        const open = indexedDB.open('returns-station');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['units', 'auditEvents', 'outbox', 'printJobs']);
          const all = (name: string) => new Promise<unknown[]>((ok) => (tx.objectStore(name).getAll().onsuccess = (e) => ok((e.target as IDBRequest).result)));
          void Promise.all([all('units'), all('auditEvents'), all('outbox'), all('printJobs')]).then(([units, audit, outbox, jobs]) =>
            resolve({ units, audit, outbox, jobs } as never),
          );
        };
      }),
  );
}

/**
 * The station page in a browser relaunched on a killed profile: Chromium restores the last tab by itself,
 * and going to the same address would only change its hash; a blank page first makes it a real load.
 */
async function reopen(context: BrowserContext, url: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('about:blank');
  await page.goto(url);
  return page;
}

/** The sample data loaded and clerk 王芳 signed in by badge, ready for a parcel. */
async function startShift(context: BrowserContext, url: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}#/settings`);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByTestId('manager-gate')).toBeVisible();
  await page.keyboard.press('Alt+1');
  await wedgeScan(page, 'BADGE-C001');
  await expect(page.getByTestId('step-parcel')).toBeVisible();
  return page;
}

test.describe('real crashes: the browser and the station killed at the worst moments', () => {
  test.use({ simulated: true, withPrinter: true, allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  for (const moment of ['just after Enter accepted a unit (inside its transaction)', 'just after #CMD:COMPLETE (mid-completion)'] as const) {
    test(`killed ${moment}: after restart each unit has its audit event and outbox row or none of them, and no label prints twice`, async ({
      station,
      sims,
      printer,
    }) => {
      test.setTimeout(90_000);
      const profile = await mkdtemp(path.join(os.tmpdir(), 'station-profile-'));
      let context: BrowserContext | undefined;
      try {
        context = await launch(profile);
        let page = await startShift(context, station.url);
        sims!.scale.set(480, 'stable');
        await wedgeScan(page, 'RMA-2026A0001');
        await expect(page.getByTestId('step-condition')).toBeVisible();
        await page.keyboard.press('Enter');
        await wedgeScan(page, gtinOf('DRESS-RED-M'));
        await wedgeScan(page, '#CMD:GRADE-A');
        await expect(page.getByTestId('units').locator('li')).toHaveCount(1);
        await wedgeScan(page, gtinOf('SCARF-GIFT'));
        await expect(page.getByTestId('step-inspect')).toBeVisible();
        for (const k of ['1', '1', '1', '1', '1']) await page.keyboard.press(k);
        await page.keyboard.press('1');
        if (moment.startsWith('just after Enter')) await page.keyboard.press('Enter');
        else await wedgeScan(page, '#CMD:COMPLETE');
        // The plug is pulled: browser and station at once, no goodbye.
        expect(killBrowser(profile), 'a Chromium process of this profile was killed').toBe(true);
        await station.kill();
        await context.close().catch(() => undefined);

        await station.restart();
        context = await launch(profile);
        page = await reopen(context, `${station.url}#/receive`);
        await expect(page.getByTestId('receive')).toBeVisible();
        // Give the print worker time to do whatever it would do on its own after a crash.
        await page.waitForTimeout(2500);
        const after = await ledgerOf(page);
        for (const unit of after.units) {
          expect(
            after.audit.filter((e) => e.entityId === unit.lpn && (e.action === 'unit.accept' || e.action === 'unit.override')),
            unit.lpn,
          ).toHaveLength(1);
          expect(
            after.outbox.filter((o) => o.type === 'unit.received' && o.payload.lpn === unit.lpn),
            unit.lpn,
          ).toHaveLength(1);
        }
        expect(after.outbox.filter((o) => o.type === 'unit.received')).toHaveLength(after.units.length);
        expect(after.units.length).toBeGreaterThanOrEqual(1);
        expect(after.units.length).toBeLessThanOrEqual(2);
        // At most one label per LPN came out; one cut off mid-print waits for a person, never reprinted alone.
        const codes = printer!.jobs.map((j) => /LPN[0-9A-Z]{10}/.exec(j.toString('latin1'))?.[0]);
        expect(new Set(codes).size).toBe(codes.length);
        expect(after.jobs.filter((j) => j.state === 'printing')).toEqual([]);
        for (const j of after.jobs) expect(['done', 'queued', 'failed', 'unconfirmed']).toContain(j.state);
      } finally {
        killBrowser(profile);
        await context?.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      }
    });
  }

  test('killed between the print call and the job update: after restart the label waits for a person, printed once, never again by itself', async ({
    station,
    sims,
    printer,
  }) => {
    test.setTimeout(90_000);
    // A printer that takes the job and never answers the status question: the station is still waiting when the plug is pulled.
    printer!.options.status = null;
    const profile = await mkdtemp(path.join(os.tmpdir(), 'station-profile-'));
    let context: BrowserContext | undefined;
    try {
      context = await launch(profile);
      let page = await startShift(context, station.url);
      sims!.scale.set(790, 'stable');
      await wedgeScan(page, 'RMA-2026A0003');
      await expect(page.getByTestId('step-condition')).toBeVisible();
      await page.keyboard.press('Enter');
      await wedgeScan(page, gtinOf('RUN-SHOE-42'));
      await wedgeScan(page, '#CMD:GRADE-A');
      // The label's bytes reach the printer; the station has not heard back.
      await expect.poll(() => printer!.bytesReceived, { timeout: 10_000 }).toBeGreaterThan(0);
      expect((await ledgerOf(page)).jobs.map((j) => j.state)).toEqual(['printing']);
      expect(killBrowser(profile)).toBe(true);
      await station.kill();
      await context.close().catch(() => undefined);
      // The printer printed what it got when the connection dropped.
      await expect.poll(() => printer!.jobs.length).toBe(1);

      printer!.options.status = undefined;
      await station.restart();
      context = await launch(profile);
      page = await reopen(context, `${station.url}#/labels`);
      await expect(page.getByTestId('job-question')).toContainText(/Did label LPN[0-9A-Z]{10} print\?/);
      // However long it waits, it is not printed again by itself.
      await page.waitForTimeout(3000);
      expect(printer!.jobs).toHaveLength(1);
      expect((await ledgerOf(page)).jobs.map((j) => j.state)).toEqual(['unconfirmed']);
      // A person looks at the printer and says it printed: done, still one label.
      await page.getByRole('button', { name: 'It printed' }).click();
      await expect(page.getByTestId('job-state').first()).toHaveText('printed');
      expect(printer!.jobs).toHaveLength(1);
    } finally {
      killBrowser(profile);
      await context?.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    }
  });
});
