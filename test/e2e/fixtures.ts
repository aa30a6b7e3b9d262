import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../shared/settings/schema';
import enLocale from '../../renderer/i18n/locales/en.json' with { type: 'json' };
import zhLocale from '../../renderer/i18n/locales/zh-CN.json' with { type: 'json' };
import { startPrinterCapture, type PrinterCapture } from '../sim/printer-capture';
import { startE2eDevices, type E2eDevices } from './devices-fixtures';
import { startHostProcess, type HostProcess } from './host-process';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/**
 * The instant every e2e test runs at: the page's clock is installed at it (and flows from there), and
 * sample data is built from it. The default is 23:30 UTC, when Shanghai is already on the next day, the
 * hour that once broke day counting; `E2E_NOW` runs the suite at any other instant.
 */
export const TEST_NOW = new Date(process.env.E2E_NOW ?? '2026-11-20T23:30:00.000Z');
if (!Number.isFinite(TEST_NOW.getTime())) throw new Error(`E2E_NOW is not a date: ${process.env.E2E_NOW}`);

/**
 * The e2e stations' keyboard-wedge scanner sends this before every code, so a scan is recognised by its
 * content however late its keys arrive on a loaded machine (tests never depend on keystroke timing).
 */
export const E2E_SCAN_PREFIX = '~';
const e2eScanning = { ...DEFAULT_SETTINGS.scanning, wedge: { ...DEFAULT_SETTINGS.scanning.wedge, prefix: E2E_SCAN_PREFIX } };

/** A settings file for an e2e station: English, the e2e scanner prefix, and whatever is given. */
export const e2eSettings = (overrides: Partial<typeof DEFAULT_SETTINGS> = {}) =>
  JSON.stringify({ ...DEFAULT_SETTINGS, ui: { language: 'en' }, scanning: e2eScanning, ...overrides });

/** A keyboard-wedge scan: the prefix, the code, Enter. */
export async function wedgeScan(page: Page, code: string) {
  await page.keyboard.type(`${E2E_SCAN_PREFIX}${code}`, { delay: 0 });
  await page.keyboard.press('Enter');
}

interface Fixtures {
  /** Raw content for settings.json before the host starts (to test a damaged file). */
  seedSettings: string | undefined;
  /** Console messages that are expected in this test (e.g. a dropped WebSocket), named in the test. */
  allowedConsoleErrors: RegExp[];
  /** The page's clock, installed at TEST_NOW before anything loads. */
  clock: Date;
  station: HostProcess & { restart(): Promise<void> };
  consoleErrors: string[];
  /** A simulated scale and scanner on PTYs, configured before the host starts. */
  simulated: boolean;
  /** The names the simulated devices are given ('' leaves them unnamed: the UI then says what each is). */
  deviceLabels: { scale: string; scanner: string } | undefined;
  sims: E2eDevices | undefined;
  /** A loopback ESC/POS printer (capture server), configured as the station's printer. */
  withPrinter: boolean;
  printer: (PrinterCapture & { restart(): Promise<void> }) | undefined;
}

/** Pages whose test has ended: the station is being stopped under them (fixtures tear down in reverse). */
const finished = new WeakSet<Page>();

export const test = base.extend<Fixtures>({
  seedSettings: [undefined, { option: true }],
  allowedConsoleErrors: [[], { option: true }],
  simulated: [false, { option: true }],
  deviceLabels: [undefined, { option: true }],
  sims: async ({ simulated, deviceLabels }, use) => {
    if (!simulated) return use(undefined);
    const sims = await startE2eDevices(deviceLabels);
    await use(sims);
    await sims.close();
  },
  withPrinter: [false, { option: true }],
  printer: async ({ withPrinter }, use) => {
    if (!withPrinter) return use(undefined);
    let capture = await startPrinterCapture();
    const jobs = capture.jobs;
    const printer = Object.assign(capture, {
      /** Switched back on: same address, and the jobs it printed before are still counted. */
      async restart() {
        capture = await startPrinterCapture({ port: printer.port });
        capture.jobs = jobs;
        printer.close = capture.close;
      },
    });
    await use(printer);
    await printer.close();
  },
  station: async ({ seedSettings, sims, printer, page }, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'station-e2e-'));
    const printers = printer ? [{ id: 'printer-1', label: 'Dock printer', config: { kind: 'escpos', interface: printer.interface, width: 80 } }] : [];
    // Without devices the UI language is left to the browser, as on a first start.
    const ui = sims || printer ? { language: 'en' } : DEFAULT_SETTINGS.ui;
    const settings = seedSettings ?? JSON.stringify({ ...DEFAULT_SETTINGS, ui, scanning: e2eScanning, devices: sims?.devices ?? [], printers });
    await writeFile(path.join(dataDir, 'settings.json'), settings);
    let host = await startHostProcess(dataDir);
    const station = Object.assign(host, {
      async restart() {
        host = await startHostProcess(dataDir, station.port, station.secret);
      },
    });
    await use(station);
    // The test is over: the page, still open, may try to reconnect before it is closed. Not its error.
    finished.add(page);
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  },
  clock: [
    async ({ page }, use) => {
      await page.clock.install({ time: TEST_NOW });
      await use(TEST_NOW);
    },
    { auto: true },
  ],
  consoleErrors: [
    async ({ page, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !finished.has(page) && !allowedConsoleErrors.some((re) => re.test(m.text()))) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(process.env.E2E_STACKS ? `${e.message}\n${e.stack}` : e.message));
      await use(errors);
      // Any CSP violation, failed load or uncaught error in any e2e test fails it.
      expect(errors, 'console errors, CSP violations or uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

const taken = new Set<string>();

/**
 * English UI sentences (static parts of the en locale, 3+ words, translated differently in zh-CN — brand
 * names such as "NCI / Weigh-Tronix" are the same in both): none may show on a Chinese screen.
 */
const ENGLISH_UI = (() => {
  const out: string[] = [];
  const walk = (en: unknown, zh: unknown) => {
    if (typeof en === 'string') {
      if (en === zh) return;
      for (const part of en.split(/\{\{[^}]*\}\}|\$t\([^)]*\)/))
        if (part.trim().split(/\s+/).length >= 3 && /^[\x20-\x7e]+$/.test(part.trim())) out.push(part.trim());
    } else if (en && typeof en === 'object') for (const [k, v] of Object.entries(en)) walk(v, (zh as Record<string, unknown> | undefined)?.[k]);
  };
  walk(enLocale, zhLocale);
  return out;
})();
/** Every translation key: one showing as text means a translation is missing (i18next shows the key). */
const KEYS = (() => {
  const out = new Set<string>();
  const walk = (v: unknown, prefix: string) => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
    else out.add(prefix.replace(/_(one|other)$/, ''));
  };
  walk(enLocale, '');
  return out;
})();

/**
 * Saves a screenshot under a name used once per run (a later test can never overwrite an earlier one's
 * evidence). A Chinese screen is checked as text: no English UI sentence, no untranslated i18n key, no
 * replacement character (what shows as tofu).
 */
export async function screenshot(page: Page, name: string) {
  if (taken.has(name)) throw new Error(`screenshot name ${name} was already used in this run: give each test and state its own`);
  taken.add(name);
  if (name.startsWith('zh-CN')) {
    // biome-ignore lint/performance/useDomNodeTextContent: what a person sees (innerText), not hidden text
    const text = await page.evaluate(() => document.body.innerText);
    expect(text, `${name}: a replacement character (tofu)`).not.toContain('\ufffd');
    expect(
      (text.match(/[a-zA-Z]+(?:\.[a-zA-Z_-]+)+/g) ?? []).filter((token) => KEYS.has(token)),
      `${name}: an untranslated key`,
    ).toEqual([]);
    expect(
      ENGLISH_UI.filter((sentence) => text.includes(sentence)),
      `${name}: English UI text on a Chinese screen`,
    ).toEqual([]);
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
