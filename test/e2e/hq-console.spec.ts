/**
 * HQ's console in Chromium against a real HQ (PostgreSQL, and embedded PGlite) with two stations of a
 * warehouse pushing the same return: people sign in per role (finance settles a refund conflict but cannot
 * enrol stations; a person of another warehouse sees only theirs), customer service finds a return and its
 * evidence with its photo, the settlement reaches the station whose refund HQ held, an administrator enrols
 * and revokes a station — every screen in both languages.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { http as call, HqStation, records as r } from '../helpers/hq-http';
import { solidPng } from '../helpers/png';
import { expect, screenshot, test } from './fixtures';
import { hqAdmin, hqStorage, startHq } from './hq-process';
import { gtinOf, sample } from './receiving-helpers';

const PASSWORD = 'a long HQ password';
const PHOTO = solidPng(48, [200, 40, 40]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A refund as a station decides it: due two days after its receipt. */
const refund = (id: string, parcelId: string) => {
  const decided = r.refundDecided(id, 'RMA-2026A0003', parcelId, 56900);
  return { ...decided, payload: { ...decided.payload, dueOn: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) } };
};

async function signIn(page: Page, login: string) {
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('who')).toBeVisible();
}
async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
}

// A file with a mistake is answered 400, which the browser logs; the page says which line.
test.use({ allowedConsoleErrors: [/Failed to load resource: the server responded with a status of 400/] });

for (const kind of ['postgresql', 'pglite'] as const) {
  test(`HQ's console (${kind}): sign in per role, a return and its evidence, a refund conflict settled and pulled down, a station enrolled and revoked`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const shots = kind === 'postgresql';
    const shot = (name: string) => (shots ? screenshot(page, name) : Promise.resolve());
    // Records are stamped with the real time: the page's clock follows it.
    await page.clock.setSystemTime(new Date());
    const storage = await hqStorage({ embedded: kind === 'pglite' });
    const work = await mkdtemp(path.join(os.tmpdir(), 'hq-console-e2e-'));
    hqAdmin(storage, ['warehouse', 'WH-SH', 'Shanghai returns']);
    hqAdmin(storage, ['warehouse', 'WH-BJ', 'Beijing returns']);
    const file = path.join(work, 'reference.json');
    await writeFile(file, JSON.stringify(sample));
    hqAdmin(storage, ['load', 'WH-SH', file]);
    const withPassword = { ...storage, env: { ...storage.env, HQ_PERSON_PASSWORD: PASSWORD } };
    hqAdmin(withPassword, ['person', 'lin@hq', 'admin', '--name', '林静']);
    hqAdmin(withPassword, ['person', 'wu@hq', 'finance', '--name', 'Wu Fang']);
    hqAdmin(withPassword, ['person', 'chen@hq', 'customer_service', '--name', '陈晨']);
    hqAdmin(withPassword, ['person', 'zhao@hq', 'operations', 'WH-BJ', '--name', '赵磊']);
    const hq = await startHq(storage);
    try {
      // Two stations of Shanghai receive the same return (the running shoes), each with a refund.
      const dock1 = await HqStation.enrol(hq.url, storage, 'WH-SH', 'DOCK-1');
      const dock2 = await HqStation.enrol(hq.url, storage, 'WH-SH', 'DOCK-2');
      const shoes = {
        scan: { raw: gtinOf('RUN-SHOE-42'), gtin: `0${gtinOf('RUN-SHOE-42')}` },
        clerkId: 'C001',
        photos: [sha(PHOTO)],
        answers: { tags_attached: 'yes', packaging_intact: 'no', no_damage: 'yes' },
      };
      const lpn1 = dock1.nextLpn();
      const first = await dock1.push([
        r.parcelOpened('P-1', ['RMA-2026A0003']),
        r.unitReceived(lpn1, 'P-1', 'RMA-2026A0003', shoes),
        r.photoAdded(sha(PHOTO), 'P-1', lpn1),
        refund('D-1', 'P-1'),
      ]);
      expect(first.body.rejected).toEqual([]);
      expect((await call(hq.url, 'PUT', `/v1/blobs/${sha(PHOTO)}`, { token: dock1.token, raw: PHOTO, contentType: 'application/octet-stream' })).status).toBe(
        201,
      );
      const second = await dock2.push([
        r.parcelOpened('P-2', ['RMA-2026A0003'], 'DOCK-2'),
        r.unitReceived(dock2.nextLpn(), 'P-2', 'RMA-2026A0003', { ...shoes, photos: [] }),
        refund('D-2', 'P-2'),
      ]);
      expect(second.body.rejected).toEqual([]);

      // Finance: the overview in the warehouse's time zone, the conflict to settle — and no fleet.
      await page.goto(hq.url);
      await shot('en-hq-sign-in');
      await signIn(page, 'wu@hq');
      await expect(page.getByTestId('who')).toContainText('Wu Fang · finance · every warehouse');
      const sh = page.getByTestId('warehouse-WH-SH');
      await expect(sh.getByTestId('fig-parcels')).toHaveText('2');
      await expect(sh.getByTestId('fig-due')).toContainText('CN¥569.00');
      await expect(sh.getByTestId('stations')).toContainText('DOCK-2');
      await expect(page.getByTestId('nav-fleet')).toHaveCount(0);
      await shot('en-hq-overview');
      const csrf = (await (await page.request.get(`${hq.url}/v1/session`)).json()).csrf as string;
      const enrol = await page.request.post(`${hq.url}/v1/admin/stations/WH-SH/DOCK-9/code`, { data: { hours: 1 }, headers: { 'x-csrf-token': csrf } });
      expect(enrol.status()).toBe(403);
      expect((await enrol.json()).code).toBe('forbidden');

      await page.getByTestId('nav-queues').click();
      const conflict = page.getByTestId('conflict-RMA-2026A0003');
      await expect(conflict).toContainText('Due CN¥569.00; CN¥569.00 held back until someone decides.');
      await shot('en-hq-queues');
      await conflict.getByLabel('Reason').fill('the same shoes scanned at both docks');
      await conflict.getByRole('button', { name: 'Settle' }).click();
      await expect(page.getByTestId('queue-message')).toHaveText('RMA-2026A0003: the second refund is denied.');
      await expect(page.getByTestId('conflict-RMA-2026A0003')).toHaveCount(0);
      // DOCK-2, whose refund HQ held, hears of it on its next pull.
      const pulled = await dock2.pull('with=resolutions');
      const settled = pulled.body.rows.find((x: { kind: string }) => x.kind === 'exceptionResolution');
      expect(settled.body).toMatchObject({
        stationId: 'DOCK-2',
        rmaNo: 'RMA-2026A0003',
        resolvedBy: 'wu@hq',
        refundDecisions: { ids: ['D-2'], hqStatus: 'denied' },
      });
      await signOut(page);

      // Customer service: "where is my refund?" — found by tracking-free RMA, with its timeline, names, photo and evidence.
      await signIn(page, 'chen@hq');
      await page.getByTestId('nav-returns').click();
      await page.getByTestId('find').fill('RMA-2026A0003');
      await page.getByTestId('find').press('Enter');
      const ret = page.getByTestId('return');
      await expect(ret.getByTestId('return-summary')).toContainText('wrong size');
      await expect(ret.getByTestId('timeline')).toContainText('Parcel received at DOCK-1');
      await expect(ret.getByTestId('timeline')).toContainText('Refund recommended: CN¥569.00');
      await expect(ret.getByTestId('units')).toContainText('跑步鞋 42码');
      await expect(ret.getByTestId('units')).toContainText('王芳');
      await expect(ret.getByTestId('checks').first()).toContainText('✓ tags attached');
      await expect(ret.getByTestId('checks').first()).toContainText('✗ packaging intact');
      const img = ret.getByTestId('units').locator('img').first();
      await expect(img).toBeVisible();
      expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(48);
      await ret.getByTestId(`evidence-${lpn1}`).click();
      await expect(page.getByTestId('evidence')).toContainText(`Evidence for ${lpn1}`);
      const download = page.waitForEvent('download');
      await page.getByTestId('evidence-zip').click();
      const zip = await readFile((await (await download).path())!);
      expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(zip.includes(Buffer.from('evidence.json'))).toBe(true);
      expect(zip.includes(Buffer.from(`photos/${sha(PHOTO)}.png`))).toBe(true);
      await shot('en-hq-return');
      await signOut(page);

      // A person of Beijing sees Beijing only.
      await signIn(page, 'zhao@hq');
      await expect(page.getByTestId('warehouse-WH-BJ')).toBeVisible();
      await expect(page.getByTestId('warehouse-WH-SH')).toHaveCount(0);
      await page.getByTestId('nav-returns').click();
      await page.getByTestId('find').fill('RMA-2026A0003');
      await page.getByTestId('find').press('Enter');
      await expect(page.getByTestId('returns')).toContainText('Nothing found for “RMA-2026A0003”.');
      await signOut(page);

      // The administrator enrols a new station from the console, and revokes it.
      await signIn(page, 'lin@hq');
      await page.getByTestId('nav-fleet').click();
      // Beijing had no reference data: a file with a mistake loads nothing and says which line; the sample loads.
      const bj = page.getByTestId('reference-WH-BJ');
      await bj.getByTestId('reference-file').setInputFiles({
        name: 'catalog.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('gtin,sku,name,category,priceMinor,currency\n06901234567892,DRESS,连衣裙,apparel,39900,CNY\n123,BAD,坏行,apparel,-1,CNY\n'),
      });
      await expect(bj.getByTestId('reference-message')).toContainText('catalog.csv: line 3');
      await expect(bj).toContainText('0 catalog items');
      await bj.getByTestId('load-sample').click();
      await expect(bj.getByTestId('reference-message')).toContainText('rows loaded: stations get them with their next pull.');
      await expect(bj).toContainText('9 expected returns');
      await expect(bj).toContainText('last loaded');
      await expect(page.getByTestId('webhooks')).toBeVisible();
      await expect(page.getByTestId('report-keys')).toBeVisible();
      const fleet = page.getByTestId('fleet-WH-SH');
      await fleet.getByLabel('New station id (e.g. DOCK-3)').fill('dock-3');
      await fleet.getByRole('button', { name: 'Add station' }).click();
      const code = (await page.getByTestId('enrol-code').textContent())!;
      expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
      const enrolled = await call(hq.url, 'POST', '/v1/enrol', { json: { warehouseId: 'WH-SH', stationId: 'DOCK-3', code, installId: crypto.randomUUID() } });
      expect(enrolled.status).toBe(200);
      await page.reload();
      await expect(page.getByTestId('station-DOCK-3')).toContainText('enrolled');
      await shot('en-hq-fleet');
      page.once('dialog', (d) => void d.accept());
      await page.getByTestId('station-DOCK-3').getByRole('button', { name: 'Revoke' }).click();
      await expect(page.getByTestId('fleet-message')).toHaveText('DOCK-3 is revoked: its token no longer works.');
      await expect(page.getByTestId('station-DOCK-3')).toContainText('revoked');
      const pushAfter = await call(hq.url, 'POST', '/v1/sync/push', { token: enrolled.body.token, json: { installId: 'x', items: [], audit: [] } });
      expect(pushAfter.status).toBe(401);

      // A long queue stays fast (only the rows in view are drawn); resolving one reaches the station that raised it.
      await dock1.push(Array.from({ length: 40 }, (_, i) => r.exceptionRaised(`X-${i}`, 'P-1')));
      await page.getByTestId('nav-queues').click();
      const queue = page.getByTestId('exceptions');
      await expect(queue).toHaveAttribute('data-rows', '40');
      expect(await queue.locator('li').count()).toBeLessThan(40);
      const firstRow = queue.locator('li').first();
      await firstRow.getByLabel('How it was settled').fill('box weighed again: within tolerance');
      await firstRow.getByRole('button', { name: 'Resolve' }).click();
      await expect(page.getByTestId('queue-message')).toHaveText('Resolved: the station hears of it on its next sync.');
      await expect(queue).toHaveAttribute('data-rows', '39');
      // (Every station of the warehouse pulls the warehouse's resolutions; each applies those of its own exceptions.)
      const resolutions = (await dock1.pull('with=resolutions')).body.rows.filter(
        (x: { kind: string; body: { stationId: string } }) => x.kind === 'exceptionResolution' && x.body.stationId === 'DOCK-1',
      );
      expect(resolutions).toEqual([
        expect.objectContaining({ body: expect.objectContaining({ resolvedBy: 'lin@hq', resolution: 'box weighed again: within tolerance' }) }),
      ]);

      // Every screen in Chinese.
      if (shots) {
        await page.getByRole('button', { name: '中文' }).click();
        await expect(page.getByTestId('nav-fleet')).toHaveText('仓库与工作站');
        await screenshot(page, 'zh-CN-hq-fleet');
        await page.getByTestId('nav-overview').click();
        await expect(page.getByTestId('warehouse-WH-SH')).toContainText('收到包裹');
        await screenshot(page, 'zh-CN-hq-overview');
        await page.getByTestId('nav-queues').click();
        await expect(page.getByTestId('queues')).toContainText('待办');
        await screenshot(page, 'zh-CN-hq-queues');
        await page.getByTestId('nav-returns').click();
        await page.getByTestId('find').fill('RMA-2026A0003');
        await page.getByTestId('find').press('Enter');
        // Beijing now holds the sample too: the same RMA in two warehouses, each its own return.
        await expect(page.getByTestId('hits').locator('tr')).toHaveCount(3);
        await page.getByTestId('hits').locator('tr', { hasText: 'WH-SH' }).getByRole('button').click();
        await expect(page.getByTestId('return').getByTestId('timeline')).toContainText('DOCK-1 收到包裹');
        await screenshot(page, 'zh-CN-hq-return');
        await page.getByRole('button', { name: '退出登录' }).click();
        await expect(page.getByTestId('sign-in')).toContainText('登录退货总部');
        await screenshot(page, 'zh-CN-hq-sign-in');
      }
    } finally {
      await hq.stop();
      await storage.drop();
      await rm(work, { recursive: true, force: true });
    }
  });
}
