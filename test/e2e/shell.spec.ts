import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, screenshot, test } from './fixtures';

const SECTIONS = [
  { id: 'receive', key: '1', en: 'Receive', zh: '收货' },
  { id: 'labels', key: '2', en: 'Labels', zh: '标签' },
  { id: 'reconcile', key: '3', en: 'Reconcile', zh: '对账' },
  { id: 'devices', key: '4', en: 'Devices', zh: '设备' },
  { id: 'settings', key: '5', en: 'Settings', zh: '设置' },
] as const;

test('English shell: every section reached by keyboard, status bar shows real values', async ({ page, station, consoleErrors }) => {
  await page.goto(station.url);
  await page.getByRole('button', { name: 'English' }).click();
  const status = page.getByRole('contentinfo', { name: 'Station status' });
  await expect(status.getByTestId('status-connection')).toHaveText('Service: Connected');
  await expect(status.getByTestId('status-connection')).toHaveAttribute('title', 'browser mode');
  await expect(page.getByTestId('station-name')).toHaveText('STATION-01');
  await expect(status.getByTestId('status-devices')).toHaveText('Devices: none configured');
  // Not enrolled: nothing leaves the station, and it says so with what is waiting.
  await expect(status.getByTestId('status-sync')).toHaveText('HQ sync: not enrolled · 0 records, 0 photos waiting');

  for (const section of SECTIONS) {
    await page.keyboard.press(`Alt+${section.key}`);
    await expect(page).toHaveURL(new RegExp(`#/${section.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: section.en })).toBeVisible();
    await expect(page.getByRole('link', { name: new RegExp(`^${section.en}`) })).toHaveAttribute('aria-current', 'page');
    if (section.id === 'devices') await expect(page.getByTestId('serial-ports').or(page.getByText('The system reports no serial ports'))).toBeVisible();
    await screenshot(page, `en-shell-${section.id}`);
  }

  // A station with no manager yet (first setup) is open, and says so.
  await page.goto(`${station.url}#/reconcile`);
  await expect(page.getByTestId('no-manager-yet')).toBeVisible();
  await expect(page.getByTestId('reconcile')).toBeVisible();
  // The Devices page shows what the system reports, or says there is nothing.
  await page.goto(`${station.url}#/devices`);
  await expect(page.getByTestId('serial-ports').or(page.getByText('The system reports no serial ports'))).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test.describe('the station restarts under a Chinese page', () => {
  // The page may try to reconnect while the station is down: that failed attempt is expected here.
  test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  test('Chinese shell: choosing 中文 switches at once and is kept across reload and restart', async ({ page, station }) => {
    await page.goto(station.url);
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '收货' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('status-connection')).toHaveText('服务: 已连接');
    await expect.poll(async () => JSON.parse(await readFile(path.join(station.dataDir, 'settings.json'), 'utf8')).ui.language).toBe('zh-CN');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '收货' })).toBeVisible();

    await station.stop();
    await station.restart();
    await page.reload();
    for (const section of SECTIONS) {
      await page.keyboard.press(`Alt+${section.key}`);
      await expect(page.getByRole('heading', { level: 1, name: section.zh })).toBeVisible();
      if (section.id === 'devices') await expect(page.getByTestId('serial-ports').or(page.getByText('系统未报告任何串口'))).toBeVisible();
      await screenshot(page, `zh-CN-shell-${section.id}`);
    }
    await page.goto(`${station.url}#/reconcile`);
    await expect(page.getByTestId('no-manager-yet')).toContainText('本站尚无主管');
  });
});

test('keyboard only: focus is always visible and settings can be changed without a mouse', async ({ page, station, consoleErrors }) => {
  await page.goto(`${station.url}#/settings`);
  await page.getByRole('button', { name: 'English' }).first().focus();
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('href', '#/receive');
  const outline = await focused.evaluate((el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineWidth}`);
  expect(outline).toBe('solid 4px');

  await page.keyboard.press('Alt+5');
  await page.getByLabel('Station ID').focus();
  await page.keyboard.press('Control+A');
  // At human speed: six keys in a few milliseconds followed by Enter is what a wedge scanner sends.
  await page.keyboard.type('dock-7', { delay: 90 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByTestId('station-name')).toHaveText('DOCK-7');

  await page.getByLabel('Station ID').fill('bad id!');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Not saved: check the highlighted fields.');
  await expect(page.getByLabel('Station ID')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Not valid: 2–32 capital letters')).toBeVisible();
  await expect(page.getByTestId('station-name')).toHaveText('DOCK-7');
  await screenshot(page, 'en-settings-invalid-id');
  expect(consoleErrors).toEqual([]);
});

test.describe('a damaged settings file', () => {
  test.use({ seedSettings: '{"version":1,"ui":{"language":' });

  test('is kept as a backup, defaults are used and the page says so', async ({ page, station, consoleErrors }) => {
    await page.goto(station.url);
    const warning = page.getByTestId('settings-warning');
    await expect(warning).toContainText('The settings file was damaged, so default settings are in use.');
    const backups = (await readdir(station.dataDir)).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(backups).toHaveLength(1);
    await expect(warning).toContainText(backups[0]!);
    await screenshot(page, 'en-settings-damaged');
    await warning.getByRole('button', { name: 'Dismiss' }).click();
    await expect(warning).toBeHidden();
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('the station service goes away', () => {
  // Killing the station cuts whatever was in flight: the reconnects and a resource load mid-transfer.
  // One pattern: Playwright would read a second array element as the option's settings.
  test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed|Failed to load resource: net::ERR_CONNECTION_(RESET|REFUSED)/] });

  test('the status bar says so, and the page reconnects by itself when it is back', async ({ page, station }) => {
    await page.goto(station.url);
    const connection = page.getByTestId('status-connection');
    await expect(connection).toHaveText('Service: Connected');
    await station.kill();
    await expect(connection).toHaveText('Service: Disconnected — retrying');
    await screenshot(page, 'en-service-disconnected');
    await station.restart();
    await expect(connection).toHaveText('Service: Connected', { timeout: 10_000 });
  });
});
