import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findElectronBinary } from '../../build/electron-binary';
import { CALL_NAMES, EVENT_NAMES, subscriberName } from '../../shared/ipc/contract';

/**
 * The same shell in a real Electron window, when this machine has an Electron binary.
 * Installs made with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have none: then every test here is skipped with the
 * reason, and browser mode (test/e2e) is what covers the app.
 */
const binary = findElectronBinary();
if (!binary.found) console.log(`[electron suite] skipped: ${binary.reason}`);

test.skip(!binary.found, binary.found ? '' : `No Electron binary: ${binary.reason}`);

test('opens a locked-down window on app://station showing the shell, with the contract on window.station', async () => {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'station-electron-'));
  const app = await electron.launch({
    executablePath: binary.found ? binary.path : undefined,
    args: ['.', `--user-data-dir=${userData}`],
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveURL(/^app:\/\/station\/index\.html/);
    await expect(page.getByRole('navigation')).toBeVisible();

    const exposed = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { station: object }).station).sort(),
      hasRequire: typeof (window as unknown as { require?: unknown }).require,
      hasProcess: typeof (window as unknown as { process?: unknown }).process,
      hasIpcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    }));
    // Electron 45 has no public getter for a window's webPreferences, so the baseline is checked by
    // what the page can reach: no Node, no ipcRenderer, only the contract's functions.
    expect(exposed.hasIpcRenderer).toBe('undefined');
    expect(exposed.hasRequire).toBe('undefined');
    expect(exposed.hasProcess).toBe('undefined');
    expect(exposed.keys).toEqual([...CALL_NAMES, ...EVENT_NAMES.map(subscriberName)].sort());
    expect(await page.evaluate(async () => (await (window as any).station.appInfo()).value.mode)).toBe('electron');

    // Navigation away and new windows are refused.
    await page.evaluate(() => (window.location.href = 'https://example.com/'));
    await page.waitForTimeout(500);
    await expect(page).toHaveURL(/^app:\/\/station\//);
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);

    await page.keyboard.press('Alt+4');
    await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  } finally {
    await app.close();
    await rm(userData, { recursive: true, force: true });
  }
});
