import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, screenshot, test } from './fixtures';

/**
 * The README's walkthrough, typed into `npm run demo` itself (its simulated scanner, scale and printer, driven
 * from its terminal as a newcomer would): it must end in a clean completion with the label printed.
 */
test('the README walkthrough through the demo ends cleanly: CN¥569.00, no exception, one label printed', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'station-demo-'));
  const demo = spawn(process.execPath, ['--import', 'tsx', 'build/demo.ts', '--port', '0', '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  demo.stdout.on('data', (c: Buffer) => (output += c.toString()));
  demo.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise((resolve) => demo.once('exit', resolve));
  const type = (line: string) => demo.stdin.write(`${line}\n`);
  try {
    await expect.poll(() => /ready: (http\S+)/.exec(output)?.[1], { timeout: 30_000, message: 'the demo prints its address' }).toBeTruthy();
    const url = /ready: (http\S+)/.exec(output)![1]!;

    await page.goto(`${url}#/settings`);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await expect(page.getByTestId('manager-gate')).toBeVisible();
    await page.keyboard.press('Alt+1');
    await page.getByLabel('PIN').fill('1234');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('signed-in')).toContainText('王芳');

    type('s RMA-2026A0003');
    await expect(page.getByTestId('parcel-summary')).toContainText('RMA-2026A0003');
    // The demo's scale starts empty: nothing is weighed until the parcel is put on it.
    await expect(page.getByTestId('step-weigh')).toBeVisible();
    type('w 780');
    await expect(page.getByTestId('step-condition')).toBeVisible();
    await expect(page.getByTestId('parcel-summary')).toContainText('780 g');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('step-items')).toBeVisible();
    type('s 6901234567939');
    await expect(page.getByTestId('inspect')).toContainText('跑步鞋 42码');
    type('s #CMD:GRADE-A');
    await expect(page.getByTestId('units').locator('li')).toHaveCount(1);
    type('s #CMD:COMPLETE');
    await expect(page.getByTestId('refund-total')).toHaveText('Refund recommended: CN¥569.00');
    await expect(page.getByTestId('completed-exceptions')).toHaveCount(0);
    await expect.poll(() => output.match(/printed on the simulated printer/g)?.length ?? 0, { timeout: 15_000 }).toBe(1);
    expect(output).toMatch(/RUN-SHOE-42|跑步鞋/);
    await screenshot(page, 'en-demo-walkthrough-complete');
  } finally {
    demo.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
});
