import { expect, screenshot, test, wedgeScan } from './fixtures';
import { clerk, gtinOf, loadSample, sample } from './receiving-helpers';

const phone = (serial: string) => `]d201${sample.catalog.find((x) => x.sku === 'PHONE-X-128')!.gtin}21${serial}`;

test.describe('trustworthy receipts', () => {
  test.use({ simulated: true, withPrinter: true });

  test('one return in two parcels: the second never pays twice, its decision adds only what it changes', async ({ page, station, sims }) => {
    await loadSample(page, station.url);
    const c = clerk(page);
    sims!.scale.set(590, 'stable');
    await c.scan('JD0012345678901');
    await expect(page.getByTestId('flash')).toHaveText('Matched return RMA-2026A0002 by tracking number JD0012345678901.');
    // Two phones: flagged at the scan for priority and a second look, with the serials to expect.
    await expect(page.getByTestId('notice.highValue')).toHaveText('High value (CN¥5,998.00): handle it first, and have it looked at twice.');
    await expect(page.getByTestId('notice.serials')).toHaveText('Serials shipped: SN-A1, SN-A2.');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await screenshot(page, 'en-receive-high-value');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('notice.highValue')).toHaveText('高价值（¥5,998.00）：优先处理，并请二次复核。');
    await screenshot(page, 'zh-CN-receive-high-value');
    await page.getByRole('button', { name: 'English' }).first().click();
    await expect(page.getByTestId('notice.serials')).toHaveText('Serials shipped: SN-A1, SN-A2.');
    await c.key('Enter');
    await c.scan(phone('SN-A1'));
    await c.scan('#CMD:GRADE-A');
    // A ¥2 999 phone is looked at twice: the clerk's all-yes waits for a manager's badge.
    await expect(page.getByTestId('flash')).toHaveText('High value: a second person confirms it — a manager scans their badge, or O and their PIN.');
    await expect(page.getByTestId('second-look')).toContainText('a second person confirms it');
    await c.scan('BADGE-C001');
    await expect(page.getByTestId('flash')).toHaveText("Only a manager's badge confirms a high-value unit (or O and a manager's PIN).");
    await c.scan('BADGE-M001');
    await expect(page.getByTestId('flash')).toContainText('grade A → restock');
    await c.scan(gtinOf('POWERBANK-GIFT'));
    await c.scan('#CMD:GRADE-A');
    await expect(page.getByTestId('units').locator('li')).toHaveCount(2);
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('refund-total')).toHaveText('Refund recommended: CN¥2,999.00');
    await expect(page.getByTestId('completed')).toContainText('Not all of the return has arrived: the rest is awaited, not short.');
    await expect(page.getByTestId('completed-exceptions')).toHaveCount(0);

    // The second parcel arrives; the first one is still on the scale.
    await c.scan('RMA-2026A0002');
    await expect(page.getByTestId('scale-state')).toHaveText(
      'The scale still reads 590 g from the last parcel: take it off, then put this one on (R if the plate is already clear).',
    );
    // The clerk is told at once that part of this return came already, with its LPN.
    await expect(page.getByTestId('notice.receivedPart')).toContainText(/Partly received already: 1 of 2 units, .* \(LPN[0-9A-Z]{10}, LPN[0-9A-Z]{10}\)\./);
    sims!.scale.set(0, 'stable');
    await expect(page.getByTestId('scale-state')).toHaveText('Place the parcel on the scale (it reads 0 g).');
    // Two phones in this one (the second of the return, and one too many).
    sims!.scale.set(760, 'stable');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await expect(page.getByTestId('parcel-summary')).toContainText('760 g');
    // Line progress counts the first parcel too.
    await expect(page.getByTestId('parcel-summary')).toContainText('Phone X 128GB 黑色 · 1/2');
    await c.key('Enter');
    await c.scan(phone('SN-A2'));
    await c.scan('#CMD:GRADE-A');
    await c.scan('BADGE-M001');
    // A third phone: more than the return covers. Received, quarantined, never a second refundable unit.
    await c.scan(phone('SN-A9'));
    await expect(page.getByTestId('flash')).toHaveText('One more PHONE-X-128 than the return covers (2): received as an over-receipt, not refunded.');
    await c.scan('#CMD:GRADE-A');
    await c.scan('BADGE-M001');
    await expect(page.getByTestId('units')).toContainText('→ quarantine · over-receipt');
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('refund-total')).toHaveText('Refund recommended: CN¥5,939.00');
    await expect(page.getByTestId('refund-delta')).toHaveText('This parcel changes it by CN¥2,940.00 (decided before: CN¥2,999.00).');
    await expect(page.getByTestId('completed-exceptions').locator('strong')).toHaveText(['Over', 'Gift missing']);
    await screenshot(page, 'en-receive-split-second-parcel');
  });

  test('Enter with nothing scanned never completes a parcel silently; an empty box is confirmed and held', async ({ page, station, sims }) => {
    await loadSample(page, station.url);
    const c = clerk(page);
    sims!.scale.set(300, 'stable');
    await c.scan('TBA123456789012');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.key('Enter');
    await expect(page.getByTestId('step-items')).toBeVisible();
    await c.key('Enter');
    await expect(page.getByTestId('flash')).toHaveText(
      'No item was scanned in this parcel. Scan its items — or press Enter again if it arrived empty (a manager is told).',
    );
    await expect(page.getByTestId('step-items')).toContainText('Nothing scanned: press Enter again to record the parcel as empty');
    await c.key('Enter');
    await expect(page.getByTestId('completed-exceptions')).toHaveText('Empty parcel');
    await expect(page.getByTestId('parcel-row')).toHaveAttribute('data-status', 'held');
    await expect(page.getByTestId('parcel-row')).toContainText('RMA-2026A0008 · held for a manager');
    await screenshot(page, 'en-receive-parcel-list');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('parcel-row')).toContainText('待主管处理');
    await screenshot(page, 'zh-CN-receive-parcel-list');
  });

  test('a stray scan opened a blind parcel: a manager voids it with a reason; a wrong PIN is said next to the PIN', async ({ page, station }) => {
    await loadSample(page, station.url);
    await clerk(page).scan('HELLO123');
    await expect(page.getByTestId('parcel-summary')).toContainText('Blind receipt');
    await page.getByRole('button', { name: 'Void this parcel (manager)' }).click();
    const form = page.getByTestId('void');
    await form.getByLabel('Reason').fill('stray scan of a shelf label');
    await form.getByLabel('Manager PIN').fill('1234');
    await form.getByRole('button', { name: 'Void this parcel (manager)' }).click();
    await expect(form.getByRole('alert')).toHaveText("That is not a manager's PIN. 4 attempts left.");
    await screenshot(page, 'en-receive-wrong-manager-pin');
    // In Chinese, the same refusal, next to the PIN field too.
    await page.getByRole('button', { name: '中文' }).first().click();
    await form.locator('input[type=password]').fill('1234');
    await form.locator('button[type=submit]').click();
    await expect(form.getByRole('alert')).toHaveText('不是主管的 PIN。还可尝试 3 次。');
    await screenshot(page, 'zh-CN-receive-wrong-manager-pin');
    await page.getByRole('button', { name: 'English' }).first().click();
    await form.getByLabel('Manager PIN').fill('9999');
    await form.getByRole('button', { name: 'Void this parcel (manager)' }).click();
    await expect(page.getByTestId('step-parcel')).toBeVisible();
    await expect(page.getByTestId('parcel-row')).toHaveAttribute('data-status', 'voided');
    await expect(page.getByTestId('parcel-row')).toContainText('voided by 张伟: stray scan of a shelf label');
    // Its unmatched-parcel exception went with it: the manager's queue on Reconcile is empty.
    await page.keyboard.press('Alt+3');
    await page.getByTestId('manager-pin').fill('9999');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('exceptions')).toContainText('No open exceptions');
    await expect(page.getByTestId('exception')).toHaveCount(0);
    await page.keyboard.press('Alt+1');
    await screenshot(page, 'en-receive-voided');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('parcel-row')).toContainText('已作废');
    await screenshot(page, 'zh-CN-receive-voided');
  });

  test('two returns in one box: the second slip adds its return, and each gets its own refund', async ({ page, station, sims }) => {
    await loadSample(page, station.url);
    const c = clerk(page);
    sims!.scale.set(1260, 'stable');
    await c.scan('RMA-2026A0003');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.key('Enter');
    await c.scan('RMA-2026A0001');
    await expect(page.getByTestId('flash')).toHaveText('RMA-2026A0001 added to this parcel: its items are matched too.');
    await expect(page.getByTestId('return-summary')).toHaveCount(2);
    for (const sku of ['RUN-SHOE-42', 'DRESS-RED-M', 'SCARF-GIFT']) {
      await c.scan(gtinOf(sku));
      await c.scan('#CMD:GRADE-A');
    }
    await expect(page.getByTestId('units').locator('li')).toHaveCount(3);
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('refund-total')).toHaveText([
      'RMA-2026A0003 · Refund recommended: CN¥569.00',
      'RMA-2026A0001 · Refund recommended: CN¥387.00',
    ]);
    await screenshot(page, 'en-receive-two-returns-one-box');
  });

  test('an exchange (换货) at the dock: carrier noted, weighed again, replacement approved, then reopened by a manager the same day', async ({
    page,
    station,
    sims,
  }) => {
    await loadSample(page, station.url);
    const c = clerk(page);
    sims!.scale.set(95, 'stable');
    await c.scan('SF2234567890123');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await expect(page.getByTestId('parcel-summary')).toContainText('95 g');
    // The courier's note says the box was damaged on delivery: kept for the claim.
    await c.scan('#CMD:CARRIER-NOTED');
    await expect(page.getByTestId('flash')).toHaveText('Noted: the carrier recorded the damage on delivery.');
    // The parcel was not flat on the plate: weigh it again (W), the next stable reading is taken.
    await c.key('w');
    await expect(page.getByTestId('step-weigh')).toBeVisible();
    sims!.scale.set(92, 'stable');
    await expect(page.getByTestId('parcel-summary')).toContainText('92 g');
    await expect(page.getByTestId('parcel-summary')).toContainText('damage noted by the carrier');
    await c.key('Enter');
    await c.scan(gtinOf('KNIT-HAT'));
    await c.scan('#CMD:GRADE-A');
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('exchange')).toHaveText('Replacement approved');
    await expect(page.getByTestId('completed')).toContainText('Replacement approved for KNIT-HAT × 1: HQ ships it.');
    await expect(page.getByTestId('refund-total')).toHaveCount(0);
    await screenshot(page, 'en-receive-exchange');

    // The manager reopens it the same day (reason and PIN); it is completed again, a second decision, no money.
    await page.getByTestId('parcel-row').filter({ hasText: 'RMA-2026A0009' }).getByRole('button', { name: 'Reopen (manager)' }).click();
    const form = page.getByTestId('reopen');
    await form.getByLabel('Reason').fill('second hat found under the flap');
    await form.getByLabel('Manager PIN').fill('9999');
    await form.getByRole('button', { name: 'Reopen (manager)' }).click();
    await expect(page.getByTestId('step-items')).toBeVisible();
    await c.scan('#CMD:COMPLETE');
    await expect(page.getByTestId('exchange')).toHaveText('Replacement approved');
  });
});

test.describe('a clerk recovers by themselves', () => {
  test.use({ simulated: true, withPrinter: true });

  test('a parcel nothing expects is received blind and says so', async ({ page, station, sims }) => {
    await loadSample(page, station.url);
    sims!.scale.set(300, 'stable');
    await clerk(page).scan('SF9999999999999');
    await expect(page.getByTestId('flash')).toHaveText('Nothing expected matches SF9999999999999: received blind, an exception is raised.');
    await expect(page.getByTestId('parcel-summary')).toContainText('Blind receipt');
    // An item in it with a known GTIN is named from the catalog, not by its barcode.
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('step-items')).toBeVisible();
    await clerk(page).scan(gtinOf('KNIT-HAT'));
    await expect(page.getByTestId('inspect')).toContainText('毛线帽');
    await screenshot(page, 'en-receive-blind-item');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('parcel-summary')).toContainText('无单收货');
    await expect(page.getByTestId('inspect')).toContainText('毛线帽');
    await screenshot(page, 'zh-CN-receive-blind-item');
  });

  test('a stray scan is undone by the clerk; a code that will not scan is typed (/ or F2), slowly, and handled as a scan; Enter’s choice is marked', async ({
    page,
    station,
    sims,
  }) => {
    await loadSample(page, station.url);
    sims!.scale.set(0, 'stable');
    await wedgeScan(page, 'HELLO123');
    await expect(page.getByTestId('parcel-summary')).toContainText('Blind receipt');
    await screenshot(page, 'en-receive-stray-scan');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('withdraw-parcel')).toHaveText('撤销此次扫描（误开包裹）');
    await screenshot(page, 'zh-CN-receive-stray-scan');
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.getByTestId('withdraw-parcel').click();
    await expect(page.getByTestId('flash')).toHaveText('Scan undone: the parcel is withdrawn and nothing was recorded in it.');
    await expect(page.getByTestId('step-parcel')).toBeVisible();

    // The label is smudged: / jumps to the code field; typed slowly, nothing is lost or taken for a scan.
    await page.keyboard.press('/');
    const field = page.getByTestId('code-entry').getByRole('textbox');
    await expect(field).toBeFocused();
    await page.keyboard.type('RMA-2026A0003', { delay: 120 });
    await expect(field).toHaveValue('RMA-2026A0003');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('step-weigh')).toBeVisible();
    await expect(page.getByTestId('parcel-summary')).toContainText('RMA-2026A0003');
    sims!.scale.set(790, 'stable');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await expect(page.getByTestId('enter-choice')).toHaveText('1 intact Enter');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('step-items')).toBeVisible();
    await page.keyboard.press('F2');
    await expect(field).toBeFocused();
    await screenshot(page, 'en-receive-type-code');
    await expect(page.getByTestId('flash')).toHaveText('Matched return RMA-2026A0003 by its RMA number.');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('code-entry')).toContainText('无法扫描时手动输入条码');
    // Mid-parcel, the banner switches language with everything else.
    await expect(page.getByTestId('flash')).not.toContainText('Matched');
    await expect(page.getByTestId('flash')).toContainText('RMA-2026A0003');
    await screenshot(page, 'zh-CN-receive-type-code');
  });
});

test.describe('a serial that differs', () => {
  test.use({ simulated: true, withPrinter: true });

  test('is shown with the serial scanned and the ones shipped, and needs its photo before it is accepted', async ({ page, station, sims }) => {
    await loadSample(page, station.url);
    sims!.scale.set(400, 'stable');
    const c = clerk(page);
    await c.scan('RMA-2026A0002');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await c.key('Enter');
    await c.scan(phone('SN-ZZ9'));
    await expect(page.getByTestId('flash')).toHaveText('PHONE-X-128: serial SN-ZZ9 scanned, but SN-A1, SN-A2 was shipped to this customer — possible swap.');
    await expect(page.getByTestId('inspect')).toContainText('serial differs');
    // The scan settled the serial check already: it reads "no", the clerk answers the rest.
    await expect(page.getByTestId('check-serial_matches')).toContainText('no');
    for (const k of ['1', '1', '1', '1', '1', '1']) await page.keyboard.press(k);
    await expect(page.getByTestId('decision')).toContainText('manager decides');
    // Held, unpaid, for a manager: the condition is not the question, so nothing blames the customer for damage.
    await expect(page.getByTestId('decision')).toContainText(
      'PHONE-X-128: not the serial shipped — held in quarantine, not refunded, until a manager decides.',
    );
    await expect(page.getByTestId('decision').locator('.decision-head')).toHaveText('Grade D · quarantine · manager decides');
    await expect(page.getByTestId('decision')).not.toContainText('damaged by the customer');
    await expect(page.getByTestId('photo-required')).toContainText('the serial differs from the one shipped');
    await page.keyboard.press('p');
    await expect(page.getByTestId('flash')).toHaveText('Photo kept.');
    // The photo is in; a ¥2 999 phone still waits for a manager's second look.
    await expect(page.getByTestId('second-look')).toBeVisible();
    await screenshot(page, 'en-receive-serial-mismatch');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('decision')).toBeVisible();
    await screenshot(page, 'zh-CN-receive-serial-mismatch');
  });
});
