import { E2E_SCAN_PREFIX, expect, screenshot, test } from './fixtures';
import { startPtyPair, startScaleSim } from './devices-fixtures';
import path from 'node:path';

test.describe('with a simulated scale and serial scanner', () => {
  test.use({ simulated: true });

  test('the Devices page shows them live, and their state is in the status bar', async ({ page, station, sims, consoleErrors }) => {
    await page.goto(`${station.url}#/devices`);
    await expect(page.getByTestId('device-state-scale-1')).toHaveText('connected');
    await expect(page.getByTestId('device-state-scanner-1')).toHaveText('connected');
    await expect(page.getByTestId('device-live-scale-1')).toContainText('1.234 kg · stable');
    await expect(page.getByTestId('status-devices')).toHaveText('Devices: Dock scaleDock scanner');

    sims!.scale.set(2500, 'motion');
    await expect(page.getByTestId('device-live-scale-1')).toContainText('2.500 kg · moving');
    sims!.scale.set(2500, 'stable');
    await expect(page.getByTestId('device-live-scale-1')).toContainText('2.500 kg · stable');

    await sims!.scanner.scan(']C101095011015300031725123110ABC123\u001d21XYZ001');
    const entry = page.getByTestId('scan-entry').first();
    await expect(entry).toContainText('a GS1 barcode');
    await expect(entry).toContainText('09501101530003 · LOT ABC123 · SN XYZ001 · EXP 2025-12-31');
    await expect(entry).toContainText('scanner-1');

    await page.getByTestId('device-scale-1').getByRole('button', { name: 'Test' }).click();
    await expect(page.getByTestId('device-live-scale-1')).toContainText('2.500 kg · stable');
    await screenshot(page, 'en-devices-live');
    // The same live page in Chinese: readings, states and the scan, with nothing left in English.
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('device-state-scale-1')).not.toHaveText('connected');
    await screenshot(page, 'zh-CN-devices-live');
    expect(consoleErrors).toEqual([]);
  });

  test('pulling the scale out shows disconnected; plugging it back in recovers on its own', async ({ page, station, sims }) => {
    await page.goto(`${station.url}#/devices`);
    await expect(page.getByTestId('device-state-scale-1')).toHaveText('connected');
    await sims!.unplugScale();
    await expect(page.getByTestId('device-state-scale-1')).toHaveText('disconnected');
    await expect(page.getByTestId('status-devices')).toContainText('Dock scale: disconnected');
    await expect(page.getByTestId('device-scale-1')).toContainText('Reconnecting');
    await screenshot(page, 'en-devices-unplugged');

    await sims!.replugScale(777);
    await expect(page.getByTestId('device-state-scale-1')).toHaveText('connected', { timeout: 15_000 });
    await expect(page.getByTestId('device-live-scale-1')).toContainText('777 g · stable');
  });

  test('a new scale is added by detecting its protocol', async ({ page, station, sims }) => {
    const pair = await startPtyPair(path.join(sims!.dir, 'nci'), path.join(sims!.dir, 'nci-sim'));
    const nci = await startScaleSim(pair.simPath, 'nci', 640);
    try {
      await page.goto(`${station.url}#/devices`);
      const form = page.getByTestId('add-device');
      await form.getByLabel('Port').fill(pair.appPath);
      await form.getByLabel('Name').fill('Bench scale');
      await form.getByRole('button', { name: 'Detect protocol' }).click();
      await expect(form.getByRole('status')).toContainText('This scale speaks nci (640 g · stable)', { timeout: 15_000 });
      await expect(form.getByLabel('Protocol')).toHaveValue('nci');
      await form.getByRole('button', { name: 'Add device' }).click();
      await expect(page.getByTestId('device-state-scale-2')).toHaveText('connected');
      await expect(page.getByTestId('device-live-scale-2')).toContainText('640 g · stable');
      await screenshot(page, 'en-devices-added');
    } finally {
      await nci.close();
      await pair.unplug();
    }
  });
});

test('keyboard wedge: a scanner with its prefix is a scan however slowly its keys arrive; typing stays in its field', async ({ page, station }) => {
  await page.goto(`${station.url}#/devices`);
  await expect(page.getByText('Nothing scanned yet.')).toBeVisible();
  await expect(page.getByTestId('wedge-settings').getByLabel('Keyboard scanner prefix')).toHaveValue(E2E_SCAN_PREFIX);
  const name = page.getByTestId('add-device').getByLabel('Name');
  await name.click();
  await page.keyboard.type('Dock 3 scale', { delay: 60 });
  await expect(name).toHaveValue('Dock 3 scale');
  await expect(page.getByText('Nothing scanned yet.')).toBeVisible();

  // The scan arrives while the Name field has focus, each key 80 ms after the last (slower than any
  // timing rule allows, as on a loaded machine): its prefix makes it a scan, not text in the field.
  await page.keyboard.type(`${E2E_SCAN_PREFIX}6901234567892`, { delay: 80 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scan-entry')).toHaveCount(1);
  await expect(page.getByTestId('scan-entry').first()).toContainText('6901234567892');
  await expect(page.getByTestId('scan-entry').first()).toContainText('a product barcode');
  await expect(page.getByTestId('scan-entry').first()).toContainText('USB/keyboard scanner');
  await expect(name).toHaveValue('Dock 3 scale');

  await page.keyboard.type(' B', { delay: 60 });
  await expect(name).toHaveValue('Dock 3 scale B');
  await expect(page.getByTestId('scan-entry')).toHaveCount(1);
  await screenshot(page, 'en-devices-wedge');
});
