/**
 * The clerk on a real dock: the fewest inputs for the usual parcel, the item in hand called by its own name,
 * and a dock without a camera where the work still goes on — at 1366×800, in both languages.
 */
import { printedLines, tokenizeEscPos } from '../printing/escpos-tokenizer';
import { expect, screenshot, test } from './fixtures';
import { clerk, gtinOf, loadSample, signInManager } from './receiving-helpers';

const phone = (serial: string) => `]d2010${gtinOf('PHONE-X-128')}21${serial}`;

test.describe('at the receiving bench', () => {
  test.use({ simulated: true, withPrinter: true, viewport: { width: 1366, height: 800 } });

  test('a matched one-item parcel in good condition: 4 scans and no key (scanning the item takes the box as it looks)', async ({
    page,
    station,
    sims,
    printer,
  }) => {
    await loadSample(page, station.url);
    sims!.scale.set(790, 'stable');
    const c = clerk(page);
    await c.scan('RMA-2026A0003');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.scan(gtinOf('RUN-SHOE-42'));
    await expect(page.getByTestId('step-inspect')).toBeVisible();
    await expect(page.getByTestId('parcel-summary')).toContainText('790 g · intact');
    await c.scan('#CMD:GRADE-A');
    await expect(page.getByTestId('units')).toContainText('Grade A · sellable → restock');
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('refund-total')).toHaveText('Refund recommended: CN¥569.00');
    expect(c.count).toEqual({ scans: 4, keys: 0 });
    await expect.poll(() => printer!.jobs.length).toBe(1);
  });

  test('a damaged box still takes its key before the item', async ({ page, station, sims }) => {
    await loadSample(page, station.url);
    sims!.scale.set(790, 'stable');
    const c = clerk(page);
    await c.scan('RMA-2026A0003');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.key('3');
    await expect(page.getByTestId('step-items')).toBeVisible();
    await c.scan(gtinOf('RUN-SHOE-42'));
    await expect(page.getByTestId('step-inspect')).toBeVisible();
    await expect(page.getByTestId('parcel-summary')).toContainText('790 g · torn');
  });

  test('the wrong item in hand is called by its own name — card, banner and label — with the expected one beside it', async ({
    page,
    station,
    sims,
    printer,
  }) => {
    await loadSample(page, station.url);
    sims!.scale.set(420, 'stable');
    const c = clerk(page);
    await c.scan('RMA-2026A0006');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.scan(gtinOf('FACE-CREAM-50'));
    await expect(page.getByTestId('step-inspect')).toBeVisible();
    await expect(page.getByTestId('inspect').locator('.item-name')).toContainText('保湿面霜 50ml');
    await expect(page.getByTestId('instead-of')).toHaveText('In place of: 羊毛围巾 灰色');
    await expect(page.getByTestId('flash')).toHaveText('保湿面霜 50ml — Wrong item: not in this return, which expects 羊毛围巾 灰色.');
    await screenshot(page, 'en-receive-wrong-item');
    await c.scan('#CMD:GRADE-A');
    await expect(page.getByTestId('units')).toContainText('wrong item');
    await expect.poll(() => printer!.jobs.length).toBe(1);
    const lines = printedLines(tokenizeEscPos(printer!.jobs[0]!));
    expect(lines.join('\n')).toContain('保湿面霜 50ml');
    expect(lines.join('\n')).not.toContain('WOOL-SCARF');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('instead-of')).toHaveCount(0);
    await screenshot(page, 'zh-CN-receive-wrong-item-accepted');
  });
});

test.describe('a dock without a camera', () => {
  test.use({ simulated: true, withPrinter: true, viewport: { width: 1366, height: 800 } });

  test('the camera is said missing in the clerk’s words; a manager accepts without the photo, with a reason; the photo is added later from History', async ({
    page,
    station,
    sims,
  }) => {
    // No camera on this PC until the test plugs one in (window.__camera).
    await page.addInitScript(() => {
      const w = window as unknown as { __camera: boolean };
      w.__camera = false;
      const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (c) => (w.__camera ? real(c) : Promise.reject(new DOMException('Requested device not found', 'NotFoundError')));
    });
    await loadSample(page, station.url);
    sims!.scale.set(400, 'stable');
    const c = clerk(page);
    await c.scan('RMA-2026A0002');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.scan(phone('SN-ZZ9'));
    await expect(page.getByTestId('step-inspect')).toBeVisible();
    for (const k of ['1', '1', '1', '1', '1', '1']) await page.keyboard.press(k);
    await expect(page.getByTestId('photo-required')).toBeVisible();
    await expect(page.getByTestId('decision')).toContainText('No camera? O: a manager accepts without the photo, with a reason.');
    await page.keyboard.press('p');
    await expect(page.getByTestId('flash')).toHaveText(
      'No photo: This station has no camera (or it is unplugged): a manager can accept without the photo, with a reason (O).',
    );
    // The same in Chinese: the UI's words, never the browser's English.
    await page.getByRole('button', { name: '中文' }).first().click();
    await page.keyboard.press('p');
    await expect(page.getByTestId('flash')).toHaveText('未能拍照：本工作站没有摄像头（或已拔出）：主管可注明原因后免拍照验收（按 O）。');
    await screenshot(page, 'zh-CN-receive-no-camera');
    await page.getByRole('button', { name: 'English' }).first().click();

    // Enter does not accept while the photo is wanted; the manager decides.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('flash')).toContainText('Photo required');
    await page.keyboard.press('o');
    await expect(page.getByTestId('override')).toBeVisible();
    await expect(page.getByTestId('waive-photos')).toBeChecked();
    await page.getByTestId('override').getByLabel('Reason', { exact: true }).fill('dock webcam broken, serial photographed on phone');
    await page.getByTestId('override').getByLabel('Manager PIN').fill('9999');
    await screenshot(page, 'en-receive-no-camera-waiver');
    await page.getByTestId('override').getByRole('button', { name: 'Accept with this decision' }).click();
    await expect(page.getByTestId('units')).toContainText('quarantine');
    await expect(page.getByTestId('step-items')).toBeVisible();
    const unit = await page.evaluate(async () => {
      const open = indexedDB.open('returns-station');
      const db = await new Promise<IDBDatabase>((r) => {
        open.onsuccess = () => r(open.result);
      });
      const all = await new Promise<unknown[]>((r) => {
        const q = db.transaction('units').objectStore('units').getAll();
        q.onsuccess = () => r(q.result);
      });
      db.close();
      return all[0] as { photoWaiver?: { by: string; reason: string; missing: unknown[] }; disposition?: string; override?: unknown };
    });
    // A waiver, not an override: the rules' decision stands, and who waived what is kept with the unit.
    expect(unit.photoWaiver).toMatchObject({ by: 'M001', reason: 'dock webcam broken, serial photographed on phone' });
    expect(unit.photoWaiver!.missing.length).toBeGreaterThan(0);
    expect(unit.override).toBeUndefined();

    // The camera is back: the unit's photo is added from History the same day.
    await page.evaluate(() => {
      (window as unknown as { __camera: boolean }).__camera = true;
    });
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('step-parcel')).toBeVisible();
    await page.getByText('History and search').click();
    await page.getByTestId('history').getByLabel('Tracking, RMA, order, LPN or GTIN').fill('RMA-2026A0002');
    await page.getByTestId('history').getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('history-photo').first().click();
    await expect(page.getByTestId('history')).toContainText(/Photo kept with LPN/);
    await expect(page.getByTestId('history-photo').first()).toContainText('1 photo');
  });
});

test.describe('finding your way', () => {
  test.use({ viewport: { width: 1366, height: 800 } });

  test('after loading the sample, Settings lists each sample return, what it shows and the codes to scan', async ({ page, station }) => {
    await loadSample(page, station.url);
    await page.keyboard.press('Alt+5');
    await signInManager(page);
    const guide = page.getByTestId('sample-guide');
    await expect(guide).toBeVisible();
    await expect(guide).toContainText('RMA-2026A0003');
    await expect(guide).toContainText('The usual parcel: 4 scans');
    await expect(guide).toContainText('跑步鞋 42码 6901234567939');
    await expect(guide).toContainText('never shipped');
    await guide.scrollIntoViewIfNeeded();
    await screenshot(page, 'en-settings-sample-guide');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(guide).toContainText('普通包裹：扫 4 次');
    await screenshot(page, 'zh-CN-settings-sample-guide');
  });
});

test.describe('everything on one screen at 1366×800', () => {
  test.use({ simulated: true, withPrinter: true, viewport: { width: 1366, height: 800 } });

  const inView = async (page: import('@playwright/test').Page, testId: string) => {
    const box = await page.getByTestId(testId).first().boundingBox();
    expect(box, `${testId} is on the page`).not.toBeNull();
    expect(box!.y + box!.height, `${testId} ends inside the viewport`).toBeLessThanOrEqual(800 - 40);
    expect(box!.y, `${testId} starts inside the viewport`).toBeGreaterThanOrEqual(0);
  };

  /** Nothing in the status bar is cut short (an ellipsis hides part of its words). */
  const statusBarWhole = async (page: import('@playwright/test').Page) => {
    await expect(page.getByTestId('status-sync')).toBeVisible();
    return expect(
      await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.status .status-item')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
      ),
    ).toEqual([]);
  };

  test('while a late parcel is weighed, its late notice and the return are in view; with label alerts the refund still is', async ({
    page,
    station,
    sims,
    printer,
  }) => {
    await loadSample(page, station.url);
    sims!.scale.set(300, 'motion');
    const c = clerk(page);
    await c.scan('RMA-2026A0006');
    await expect(page.getByTestId('step-weigh')).toBeVisible();
    await inView(page, 'notice.late');
    await inView(page, 'return-summary');
    await statusBarWhole(page);
    await screenshot(page, 'en-receive-weigh-late');
    await page.getByRole('button', { name: '中文' }).first().click();
    await inView(page, 'notice.late');
    await statusBarWhole(page);
    await screenshot(page, 'zh-CN-receive-weigh-late');
    await page.getByRole('button', { name: 'English' }).first().click();

    // Two labels that did not print, then the parcel completed: the alerts stay one line, the refund in view.
    sims!.scale.set(300, 'stable');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await printer!.close();
    await c.scan(gtinOf('WOOL-SCARF'));
    await c.scan('#CMD:GRADE-A');
    await c.scan(gtinOf('KNIT-HAT'));
    await c.scan('#CMD:GRADE-A');
    await expect(page.getByTestId('label-alerts')).toContainText('2');
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('completed')).toBeVisible();
    await inView(page, 'label-alerts');
    await inView(page, 'refund-total');
    await screenshot(page, 'en-receive-completed-label-alerts');
  });
});

test.describe('a gift given back for recycling', () => {
  test.use({ simulated: true, withPrinter: true, viewport: { width: 1366, height: 800 } });

  test('photographed with P, recorded with #CMD:RECYCLE and a few words, for HQ to award the points', async ({ page, station, sims }) => {
    await loadSample(page, station.url);
    sims!.scale.set(790, 'stable');
    const c = clerk(page);
    await c.scan('RMA-2026A0003');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('step-items')).toBeVisible();
    // Without a photo first, the clerk is told what to do.
    await c.scan('#CMD:RECYCLE');
    await expect(page.getByTestId('flash')).toHaveText('Take a photo of what is given back first (P), then scan #CMD:RECYCLE.');
    await page.keyboard.press('p');
    await expect(page.getByTestId('flash')).toHaveText('Photo kept.');
    await c.scan('#CMD:RECYCLE');
    await page.getByTestId('recycle').getByLabel('What was given back for recycling').fill('旧跑步鞋一双');
    await page.getByTestId('recycle').getByRole('button', { name: 'Record for recycling points' }).click();
    await expect(page.getByTestId('flash')).toContainText('旧跑步鞋一双 recorded for recycling');
    await expect(page.getByTestId('recycle')).toHaveCount(0);
    await expect(page.getByTestId('step-items')).toBeVisible();
  });
});

test.describe('devices nobody named', () => {
  test.use({ simulated: true, deviceLabels: { scale: '', scanner: '' }, viewport: { width: 1366, height: 800 } });

  test('are called what they are, in the UI’s language — 电子秤 and 扫描枪 in Chinese, Scale and Scanner in English — never by id', async ({
    page,
    station,
  }) => {
    await loadSample(page, station.url);
    const devices = page.getByTestId('status-devices');
    await expect(devices).toContainText('Scale');
    await expect(devices).toContainText('Scanner');
    await expect(devices).not.toContainText('scale-1');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(devices).toContainText('电子秤');
    await expect(devices).toContainText('扫描枪');
    await expect(devices).not.toContainText(/scale-1|scanner-1|Scale|Scanner/);
    const box = await devices.boundingBox();
    expect(box && box.x + box.width <= 1366 && box.y + box.height <= 800, 'the devices in the status bar are in view').toBe(true);
    await screenshot(page, 'zh-CN-status-unnamed-devices');
  });
});
