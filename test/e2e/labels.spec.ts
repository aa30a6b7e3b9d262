import { printedLines, tokenizeEscPos } from '../printing/escpos-tokenizer';
import { expect, screenshot, test, wedgeScan } from './fixtures';

test.describe('labels on a network ESC/POS printer', () => {
  test.use({ withPrinter: true, allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  test('a test page prints once, decoded at byte level, and the preview shows the same label', async ({ page, station, printer, consoleErrors }) => {
    await page.goto(`${station.url}#/labels`);
    await page.getByRole('button', { name: 'Print test page' }).click();
    await expect(page.getByTestId('job-state').first()).toHaveText('printed');
    expect(printer!.jobs).toHaveLength(1);
    const tokens = tokenizeEscPos(printer!.jobs[0]!);
    const code = tokens.find((t) => t.type === 'barcode');
    expect(code).toMatchObject({ type: 'barcode', symbology: 'CODE128', data: expect.stringMatching(/^TEST-\d{12}$/) });
    expect(printedLines(tokens)).toEqual(expect.arrayContaining(['Printer test · 打印测试', 'Dock printer', '中文：退货 赠品 吊牌 已验货']));
    expect(tokens.filter((t) => t.type === 'cut')).toHaveLength(1);

    const preview = page.getByTestId('label-preview');
    await expect(preview).toContainText('中文：退货 赠品 吊牌 已验货');
    await expect(preview.getByTestId('preview-barcode')).toHaveAttribute('alt', (code as { data: string }).data);
    await screenshot(page, 'en-labels');
    await page.getByRole('button', { name: '中文' }).first().click();
    await expect(page.getByTestId('job-state').first()).toHaveText('已打印');
    await screenshot(page, 'zh-CN-labels');
    expect(consoleErrors).toEqual([]);
  });

  test('printer off: the job fails with the reason, and prints exactly once when the printer is back', async ({ page, station, printer }) => {
    await printer!.close();
    await page.goto(`${station.url}#/labels`);
    await page.getByRole('button', { name: 'Print test page' }).click();
    await expect(page.getByTestId('job-state').first()).toHaveText('failed');
    await expect(page.getByTestId('job-error').first()).toContainText(`No printer answers at 127.0.0.1:${printer!.port}`);
    await expect(page.getByTestId('job-error').first()).toContainText('Trying again at');
    await screenshot(page, 'en-labels-printer-off');

    await printer!.restart();
    await expect(page.getByTestId('job-state').first()).toHaveText('printed', { timeout: 20_000 });
    await page.waitForTimeout(2500); // a duplicate would arrive within the next retry interval
    expect(printer!.jobs).toHaveLength(1);
  });

  test('scanning a printed label’s code prints it again, marked as a reprint', async ({ page, station, printer }) => {
    await page.goto(`${station.url}#/labels`);
    await page.getByRole('button', { name: 'Print test page' }).click();
    await expect(page.getByTestId('job-state').first()).toHaveText('printed');
    const code = (tokenizeEscPos(printer!.jobs[0]!).find((t) => t.type === 'barcode') as { data: string }).data;

    await wedgeScan(page, code);
    await expect(page.getByRole('status')).toHaveText(`${code}: reprint queued.`);
    await expect(page.getByTestId('print-job')).toHaveCount(2);
    await expect(page.getByTestId('print-job').first()).toContainText(`reprint of ${code}`);
    await expect(page.getByTestId('job-state').first()).toHaveText('printed');
    expect(printer!.jobs).toHaveLength(2);

    await wedgeScan(page, 'LPN9999999999');
    await expect(page.getByRole('status')).toHaveText('No label with code LPN9999999999 was printed here.');
  });

  test('the queue survives closing the page and restarting the station', async ({ page, station, printer }) => {
    await printer!.close();
    await page.goto(`${station.url}#/labels`);
    await page.getByRole('button', { name: 'Print test page' }).click();
    await expect(page.getByTestId('job-state').first()).toHaveText('failed');

    await page.goto('about:blank');
    await station.stop();
    await station.restart();
    await printer!.restart();
    await page.goto(`${station.url}#/labels`);
    await expect(page.getByTestId('print-job')).toHaveCount(1);
    await expect(page.getByTestId('job-state').first()).toHaveText('printed', { timeout: 20_000 });
    expect(printer!.jobs).toHaveLength(1);
  });
});

test('with no printer configured the Labels page says so plainly', async ({ page, station }) => {
  await page.goto(`${station.url}#/labels`);
  await expect(page.getByTestId('no-printer')).toContainText('No label printer is configured');
});
