import { expect, screenshot, test } from './fixtures';

const BAD_CSV = [
  'rmaNo,orderNo,customerName,warehouseId,channel,createdAt,reason,currency,lineId,sku,name,category,qty,unitPriceMinor',
  'RMA-2026Z0001,O-1,王小明,WH-SH-01,tmall,2026-11-21T03:00:00.000Z,no_reason,CNY,L1,DRESS,连衣裙,apparel,1,39900',
  'RMA-2026Z0002,O-2,李雷,WH-SH-01,jd,2026-11-21T03:00:00.000Z,no_reason,CNY,L1,PHONE,手机,electronics,two,299900',
  'RMA-2026Z0003,O-3,Emily,WH-SH-01,shopify,yesterday,no_reason,USD,L1,MUG,Mug,general,1,1299',
].join('\n');

test('reference data: a bad file is reported by line and imports nothing; sample data loads', async ({ page, station, consoleErrors }) => {
  await page.goto(`${station.url}#/settings`);
  const section = page.getByTestId('reference-data');
  await expect(section.getByTestId('reference-counts')).toHaveText('On this station: 0 expected returns, 0 catalog items, 0 policies, 0 users.');

  await section.getByTestId('reference-file').setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
  const problems = section.getByTestId('reference-problems');
  await expect(problems).toContainText('returns.csv: 2 problems — nothing was imported.');
  await expect(problems).toContainText('Line 3: RMA-2026Z0002: qty: "two" is not a number');
  await expect(problems).toContainText('Line 4: RMA-2026Z0003: createdAt:');
  await expect(section.getByTestId('reference-counts')).toHaveText('On this station: 0 expected returns, 0 catalog items, 0 policies, 0 users.');
  await problems.scrollIntoViewIfNeeded();
  await screenshot(page, 'en-settings-import-problems');

  await section.getByRole('button', { name: 'Load sample data' }).click();
  // The sample brings a manager: from then on, Settings is a manager's.
  await expect(page.getByTestId('manager-gate')).toBeVisible();
  await page.getByTestId('manager-pin').fill('9999');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(section.getByTestId('reference-counts')).toHaveText('On this station: 9 expected returns, 12 catalog items, 2 policies, 3 users.');

  await section
    .getByTestId('reference-file')
    .setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV.split('\n').slice(0, 2).join('\n')) });
  await expect(section.getByTestId('reference-ready')).toContainText('returns.csv is ready: 1 expected returns');
  await section.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(section.getByTestId('reference-counts')).toHaveText('On this station: 10 expected returns, 12 catalog items, 2 policies, 3 users.');
  expect(consoleErrors).toEqual([]);
});
