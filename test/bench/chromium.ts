// Chromium for the bench: Debian's, driven by Playwright, with the station's harness bundled by esbuild.
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunch } from '../playwright.config';
import type { Draft } from './replicate-records';

/** `crossOrigin`: the harness page may call HQ itself (only for the backlog, standing in for the station's Node side). */
export async function launch(opts: { crossOrigin?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    ...chromiumLaunch,
    args: [...chromiumLaunch.args, '--enable-precise-memory-info', '--js-flags=--expose-gc', ...(opts.crossOrigin ? ['--disable-web-security'] : [])],
  });
}

/**
 * A browser whose storage is on disk, in `userDataDir`, as the station's is: a plain new context keeps
 * IndexedDB in memory, where "strict durability" means nothing and commits cost nothing.
 */
export async function launchOnDisk(userDataDir: string, viewport = { width: 1366, height: 800 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    ...chromiumLaunch,
    viewport,
    args: [...chromiumLaunch.args, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
}

export type Harness = {
  preload(
    history: number,
    opts?: { dbName?: string; spacingMs?: number; expectedReturns?: number; seed?: number; keepReference?: boolean },
  ): Promise<{ units: number }>;
  receivableReturns(dbName: string, template: string, n: number): Promise<string[]>;
  lookups(
    n: number,
  ): Promise<{ customerIndexedMs: number[]; customerScanMs: number[]; historyIndexedMs: number[]; historyScanMs: number[]; customerReturns: number }>;
  accept(n: number): Promise<{ ledgerMs: number[]; rawMs: number[]; floorMs: number[]; readThenWriteMs: number[]; optimisticMs: number[] }>;
  auditChecks(
    total: number,
    sinceLastCheck: number,
  ): Promise<{ events: number; firstCheckMs: number; dayCheckMs: number; sweepMs: number; wholeChainMs: number }>;
  storageUsage(): Promise<number>;
  backlog(parcel: Draft[], n: number): Promise<{ installId: string; waiting: number }>;
  drain(hq: {
    url: string;
    token: string;
  }): Promise<{ ms: number; pushMs: number; heapAfterGcMb: number; heapBeforeMb: number; heapPeakMb: number; waiting: number }>;
};

/**
 * A page running test/bench/harness/station-harness.ts; `call` runs one of its functions. On `origin` (the
 * station's own, to reach its database) or on an origin of its own.
 */
export async function openHarness(where: Browser | BrowserContext, origin = 'http://localhost:9') {
  const bundle = await build({
    entryPoints: ['test/bench/harness/station-harness.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    minify: !process.env.BENCH_NO_MINIFY,
  });
  const page = await where.newPage();
  await page.route(`${origin}/__bench/**`, (route) =>
    route.request().url().endsWith('.js')
      ? route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0]!.text })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><meta charset="utf-8"><body><script type="module" src="/__bench/harness.js"></script></body>',
        }),
  );
  await page.goto(`${origin}/__bench/`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const call = <K extends keyof Harness>(name: K, ...args: Parameters<Harness[K]>) =>
    page.evaluate(([n, a]) => (window as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[n as string]!(...(a as unknown[])), [
      name,
      args,
    ] as const) as ReturnType<Harness[K]>;
  return { page, call };
}

/** The page's JS heap after a full garbage collection, in MB. */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}
