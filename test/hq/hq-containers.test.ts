/**
 * The packing bench at HQ: a real HQ process on PostgreSQL, two stations of one warehouse. A station's
 * containers and what it puts in them are its own records; HQ reports what is in each container by route and
 * vendor, and each unit's time from the dock to its container's close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hqAdmin, hqStorage, startHq, type HqProcess } from '../e2e/hq-process';
import { http as call, HqStation, records as r } from '../helpers/hq-http';

describe('containers at HQ', () => {
  let storage: Awaited<ReturnType<typeof hqStorage>>;
  let hq: HqProcess;
  let dock1: HqStation;
  let dock2: HqStation;
  let key: string;
  const lpn: Record<'restock' | 'liquidate' | 'rtv' | 'other', string> = { restock: '', liquidate: '', rtv: '', other: '' };
  const ctn: Record<'tote' | 'gaylord' | 'pallet', string> = { tote: '', gaylord: '', pallet: '' };
  const today = new Date().toISOString().slice(0, 10);
  const get = (url: string) => call(hq.url, 'GET', url, { token: key });
  const codes = (res: { body: { rejected: { code: string }[] } }) => res.body.rejected.map((x) => x.code);

  beforeAll(async () => {
    storage = await hqStorage({ embedded: false });
    hqAdmin(storage, ['warehouse', 'WH-C', 'Container warehouse']);
    hq = await startHq(storage, 0);
    dock1 = await HqStation.enrol(hq.url, storage, 'WH-C', 'DOCK-1');
    dock2 = await HqStation.enrol(hq.url, storage, 'WH-C', 'DOCK-2');
    key = /shown once: (rk_\S+)/.exec(hqAdmin(storage, ['report-key', 'ops', 'WH-C']))![1]!;
    lpn.restock = dock1.nextLpn();
    lpn.liquidate = dock1.nextLpn();
    lpn.rtv = dock1.nextLpn();
    lpn.other = dock2.nextLpn();
    ctn.tote = dock1.nextContainer();
    ctn.gaylord = dock1.nextContainer();
    ctn.pallet = dock1.nextContainer();
    const scannedAt = new Date(Date.now() - 90 * 60_000).toISOString();
    const opened = r.parcelOpened('P-1', ['RMA-C1']);
    (opened.payload as { openedAt: string }).openedAt = scannedAt;
    expect(
      (
        await dock1.push([
          opened,
          r.unitReceived(lpn.restock, 'P-1', 'RMA-C1'),
          r.unitReceived(lpn.liquidate, 'P-1', 'RMA-C1', { channel: 'liquidate', grade: 'C' }),
          r.unitReceived(lpn.rtv, 'P-1', 'RMA-C1', { channel: 'return_to_vendor', grade: 'D' }),
        ])
      ).body,
    ).toMatchObject({ rejected: [] });
    expect((await dock2.push([r.parcelOpened('P-2', ['RMA-C2'], 'DOCK-2'), r.unitReceived(lpn.other, 'P-2', 'RMA-C2')])).body).toMatchObject({ rejected: [] });
  }, 120_000);
  afterAll(async () => {
    await hq?.stop();
    await storage?.drop();
  });

  it('a station opens containers, sorts its units into them, moves one with a reason, closes one with its weight: HQ applies each once', async () => {
    // Everything the bench did, as the station sends it (and sends again when an answer is lost).
    const benchRecords = () => [
      r.containerOpened(ctn.tote, 'restock'),
      r.containerOpened(ctn.gaylord, 'liquidate'),
      r.containerOpened(ctn.pallet, 'return_to_vendor', '华为'),
      r.unitIntoContainer(ctn.gaylord, lpn.restock),
      r.unitOutOfContainer(ctn.gaylord, lpn.restock),
      r.unitIntoContainer(ctn.tote, lpn.restock, { movedFrom: ctn.gaylord, reason: 'packed by mistake' }),
      r.unitIntoContainer(ctn.gaylord, lpn.liquidate),
      r.unitIntoContainer(ctn.pallet, lpn.rtv),
      r.containerClosed(ctn.tote, [lpn.restock], 1250),
      r.unitRelabelled(lpn.restock),
    ];
    const res = await dock1.push(benchRecords());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ackSeq: dock1.seq, rejected: [] });
    // The same push again (a lost answer) changes nothing.
    dock1.seq -= 10;
    const again = await dock1.push(benchRecords());
    expect(again.body.rejected).toEqual([]);

    const report = await get(`/v1/reports/containers?from=${today}&to=${today}`);
    expect(report.status).toBe(200);
    const byId = new Map((report.body.rows as { container_id: string }[]).map((c) => [c.container_id, c as Record<string, any>]));
    expect(byId.size).toBe(3);
    expect(byId.get(ctn.tote)).toMatchObject({ route: 'restock', status: 'closed', unit_count: 1, weight_grams: 1250, station_id: 'DOCK-1' });
    expect(byId.get(ctn.tote)!.units.map((u: { lpn: string }) => u.lpn)).toEqual([lpn.restock]);
    expect(byId.get(ctn.gaylord)).toMatchObject({ route: 'liquidate', status: 'open' });
    expect(byId.get(ctn.gaylord)!.units.map((u: { lpn: string }) => u.lpn)).toEqual([lpn.liquidate]);
    expect(byId.get(ctn.pallet)).toMatchObject({ route: 'return_to_vendor', vendor: '华为' });
  });

  it('HQ’s returns CSV names each unit’s container, as the station’s CSV does', async () => {
    const csv = await call(hq.url, 'GET', `/v1/reports/returns.csv?from=${today}&to=${today}`, { token: key });
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const header = lines[0]!.split(',');
    const at = (name: string) => header.indexOf(name);
    expect(at('container')).toBeGreaterThan(-1);
    const byLpn = new Map(
      lines
        .slice(1)
        .map((l) => l.split(','))
        .map((cells) => [cells[at('lpn')], cells[at('container')]]),
    );
    expect(byLpn.get(lpn.restock)).toBe(ctn.tote);
    expect(byLpn.get(lpn.liquidate)).toBe(ctn.gaylord);
    expect(byLpn.get(lpn.other)).toBe('');
  });

  it('dock to stock: each unit of a closed container, from its parcel’s scan to the close, with the median per route', async () => {
    const res = await get(`/v1/reports/dock-to-stock?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.body.units).toHaveLength(1);
    expect(res.body.units[0]).toMatchObject({ lpn: lpn.restock, container_id: ctn.tote, route: 'restock' });
    expect(res.body.units[0].minutes).toBeGreaterThanOrEqual(89);
    expect(res.body.units[0].minutes).toBeLessThan(120);
    expect(res.body.byRoute).toEqual([expect.objectContaining({ route: 'restock', units: 1 })]);
  });

  it('another station cannot put its unit into DOCK-1’s container, DOCK-1’s unit into its own, close, reopen or relabel what is not its own', async () => {
    const own = dock2.nextContainer();
    const res = await dock2.push([
      r.unitIntoContainer(ctn.gaylord, lpn.other),
      r.containerOpened(own, 'restock'),
      r.unitIntoContainer(own, lpn.restock),
      r.unitOutOfContainer(ctn.pallet, lpn.rtv),
      r.containerClosed(ctn.gaylord, [lpn.liquidate], 9000),
      r.containerReopened(ctn.tote),
      r.unitRelabelled(lpn.restock),
      // A container id under DOCK-1's prefix, opened by DOCK-2.
      r.containerOpened(dock1.nextContainer(), 'restock'),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.ackSeq).toBe(dock2.seq);
    expect(codes(res)).toEqual(Array(7).fill('not_your_record'));
    const report = await get(`/v1/reports/containers?from=${today}&to=${today}`);
    const byId = new Map((report.body.rows as { container_id: string }[]).map((c) => [c.container_id, c as Record<string, any>]));
    expect(byId.get(ctn.gaylord)).toMatchObject({ status: 'open' });
    expect(byId.get(ctn.gaylord)!.units.map((u: { lpn: string }) => u.lpn)).toEqual([lpn.liquidate]);
    expect(byId.get(ctn.pallet)!.units.map((u: { lpn: string }) => u.lpn)).toEqual([lpn.rtv]);
    expect(byId.get(ctn.tote)).toMatchObject({ status: 'closed' });
    expect(byId.get(own)!.units).toEqual([]);
  });

  it('a container HQ never saw opened, or a unit it never received, is kept as a refusal and the cursor moves on', async () => {
    const res = await dock1.push([r.unitIntoContainer(dock1.nextContainer(), lpn.liquidate), r.unitIntoContainer(ctn.gaylord, dock1.nextLpn())]);
    expect(res.body.ackSeq).toBe(dock1.seq);
    expect(codes(res)).toEqual(['unknown_container', 'unknown_unit']);
  });

  it('a manager reopens a closed container: it is open again, its close forgotten', async () => {
    const res = await dock1.push([r.containerReopened(ctn.tote)]);
    expect(res.body.rejected).toEqual([]);
    const report = await get(`/v1/reports/containers?from=${today}&to=${today}`);
    const tote = (report.body.rows as Record<string, any>[]).find((c) => c.container_id === ctn.tote)!;
    expect(tote).toMatchObject({ status: 'open', weight_grams: null, closed_at: null });
    expect(tote.reopened).toEqual([expect.objectContaining({ by: 'M001', reason: 'one more restock unit' })]);
  });
});
