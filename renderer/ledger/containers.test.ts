/**
 * The packing bench through the real ledger: containers opened by route (and vendor), units sorted into them
 * by the rules, moved or taken out only with a reason, closed with a weight and a manifest, reopened only by
 * a manager; shelf labels for restock units — every step audited and told to HQ once.
 */
import { describe, expect, it } from 'vitest';
import type { Label } from '../../shared/labels/label';
import { apparelAnswers, dressReturn, electronicsAnswers, phoneReturn } from '../../test/helpers/returns';
import { receiveParcel, seed, takeItem } from '../../test/helpers/receive-flow';
import { useStationDbs } from '../../test/helpers/station-db';
import type { StationDb } from '../db/station-db';
import {
  closeContainer,
  completeParcel,
  decideHeldUnit,
  openContainer,
  openContainers,
  printShelfLabel,
  putInContainer,
  reopenContainer,
  takeOutOfContainer,
  unitsAwaitingContainer,
  verifyAuditChain,
} from './index';

const stationDbs = useStationDbs();
const clerk = { who: 'clerk-7' };
const manager = { who: 'M001' };
const label = (code: string): Label => ({ kind: 'container', code, title: 'container', lines: [] });
const manifest = (c: { id: string }, units: { lpn: string }[]): Label => ({ kind: 'container', code: c.id, title: 'manifest', lines: units.map((u) => u.lpn) });
const open = (db: StationDb, route: Parameters<typeof openContainer>[2]['route'], vendor?: string) =>
  openContainer(db, clerk, { route, ...(vendor ? { vendor } : {}), printerId: 'bench-printer', label });
const outboxTypes = async (db: StationDb) => (await db.outbox.orderBy('seq').toArray()).map((o) => o.type);

/** A dress for restock, a torn dress for liquidation, a phone that does not work for its vendor, and a unit held for a manager. */
async function receivedUnits(db: StationDb) {
  const [dress, phones] = await seed(db, dressReturn({ lines: [{ ...dressReturn().lines[0]!, qty: 3 }] }), phoneReturn());
  await db.catalog.put({
    gtin: '06901234567915',
    sku: 'PHONE-X-128',
    name: 'Phone X',
    category: 'electronics',
    priceMinor: 299900,
    currency: 'CNY',
    vendor: 'Phone X 华东经销',
  });
  const box = await receiveParcel(db, 'RMA-2026A0001', [dress!], 1200);
  const item = { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' as const };
  const restock = await takeItem(db, box.id, dress!, item);
  const waived = { photoWaiver: { by: 'M001', reason: 'photographed on the bench camera' }, secondLook: { by: 'M001' } };
  const liquidate = await takeItem(db, box.id, dress!, { ...item, answers: apparelAnswers(['no_damage']) }, undefined, undefined, waived);
  const held = await takeItem(db, box.id, dress!, { ...item, answers: apparelAnswers(['tags_attached']) });
  await completeParcel(db, clerk, { parcelId: box.id });
  // Customer damage under 七天无理由 is a manager's to decide: the manager accepts it, for liquidation.
  const decided = await decideHeldUnit(db, manager, {
    lpn: liquidate.lpn,
    acceptance: 'accepted',
    disposition: 'CUSTOMER_DAMAGED',
    channel: 'liquidate',
    reason: 'small stain: sell as is',
  });
  const phoneBox = await receiveParcel(db, 'RMA-2026B0002', [phones!], 500);
  const rtv = await takeItem(
    db,
    phoneBox.id,
    phones!,
    {
      rmaNo: 'RMA-2026B0002',
      raw: ']d2010690123456791521SN-A1',
      lineId: 'P1',
      match: 'matched',
      answers: electronicsAnswers(['works_as_described']),
    },
    undefined,
    undefined,
    waived,
  );
  return { restock, liquidate: decided, held, rtv };
}

describe('sorting units into containers at the packing bench', () => {
  it('a unit goes only into an open container of its own route (and vendor); a wrong one is refused and nothing moves', async () => {
    const db = stationDbs.fresh();
    const u = await receivedUnits(db);
    expect([u.restock.channel, u.liquidate.channel, u.rtv.channel]).toEqual(['restock', 'liquidate', 'return_to_vendor']);
    expect(u.held.acceptance).not.toBe('accepted');
    const tote = await open(db, 'restock');
    const gaylord = await open(db, 'liquidate');
    expect(tote.id).toMatch(/^CTN[0-9A-Z]{10}$/);
    expect(gaylord.id).not.toBe(tote.id);
    // The label is queued with the container: opening it is printing it.
    expect((await db.printJobs.get(tote.labelJobId!))!.label.code).toBe(tote.id);

    await putInContainer(db, clerk, { lpn: u.restock.lpn, containerId: tote.id });
    await expect(putInContainer(db, clerk, { lpn: u.liquidate.lpn, containerId: tote.id })).rejects.toMatchObject({
      code: 'container_refused',
      details: { reason: { key: 'bench.wrongRoute', params: { route: 'liquidate', containerRoute: 'restock' } } },
    });
    expect((await db.units.get(u.liquidate.lpn))!.containerId).toBeUndefined();
    await expect(putInContainer(db, clerk, { lpn: u.held.lpn, containerId: tote.id })).rejects.toMatchObject({
      details: { reason: { key: 'bench.held' } },
    });
    // Returns to vendor: a pallet per vendor, named when it is opened.
    await expect(open(db, 'return_to_vendor')).rejects.toMatchObject({ code: 'vendor_required' });
    const wrongPallet = await open(db, 'return_to_vendor', 'SoundCo');
    await expect(putInContainer(db, clerk, { lpn: u.rtv.lpn, containerId: wrongPallet.id })).rejects.toMatchObject({
      details: { reason: { key: 'bench.wrongVendor', params: { vendor: 'Phone X 华东经销', containerVendor: 'SoundCo' } } },
    });
    const pallet = await open(db, 'return_to_vendor', 'Phone X 华东经销');
    await putInContainer(db, clerk, { lpn: u.rtv.lpn, containerId: pallet.id });

    // What the bench still has to sort, and what is open.
    expect((await unitsAwaitingContainer(db)).map((x) => x.lpn)).toEqual([u.liquidate.lpn]);
    expect((await openContainers(db)).map((c) => [c.route, c.count])).toEqual([
      ['restock', 1],
      ['liquidate', 0],
      ['return_to_vendor', 0],
      ['return_to_vendor', 1],
    ]);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('a unit is in one container at most: moving it or taking it out needs a reason, and is told to HQ', async () => {
    const db = stationDbs.fresh();
    const u = await receivedUnits(db);
    const a = await open(db, 'restock');
    const b = await open(db, 'restock');
    await putInContainer(db, clerk, { lpn: u.restock.lpn, containerId: a.id });
    await expect(putInContainer(db, clerk, { lpn: u.restock.lpn, containerId: a.id })).rejects.toMatchObject({
      details: { reason: { key: 'bench.alreadyHere' } },
    });
    await expect(putInContainer(db, clerk, { lpn: u.restock.lpn, containerId: b.id })).rejects.toMatchObject({ code: 'reason_required' });
    const moved = await putInContainer(db, clerk, { lpn: u.restock.lpn, containerId: b.id, reason: 'tote A is full' });
    expect(moved.movedFrom).toBe(a.id);
    expect((await db.units.get(u.restock.lpn))!.containerId).toBe(b.id);
    await expect(takeOutOfContainer(db, clerk, { lpn: u.restock.lpn, reason: '' })).rejects.toMatchObject({ code: 'reason_required' });
    await takeOutOfContainer(db, clerk, { lpn: u.restock.lpn, reason: 'stain found at the bench' });
    expect((await db.units.get(u.restock.lpn))!.containerId).toBeUndefined();
    const sent = (await db.outbox.orderBy('seq').toArray()).filter((o) => o.type.startsWith('container.unit'));
    expect(sent.map((o) => [o.type, (o.payload as { containerId: string }).containerId])).toEqual([
      ['container.unitAdded', a.id],
      ['container.unitRemoved', a.id],
      ['container.unitAdded', b.id],
      ['container.unitRemoved', b.id],
    ]);
  });

  it('closing takes its count and weight and prints its manifest; a closed container takes nothing until a manager reopens it', async () => {
    const db = stationDbs.fresh();
    const u = await receivedUnits(db);
    const tote = await open(db, 'restock');
    const weigh = { grams: 650, source: 'scale' as const };
    await expect(closeContainer(db, clerk, { containerId: tote.id, weight: weigh, printerId: 'bench-printer', manifest })).rejects.toMatchObject({
      code: 'container_empty',
    });
    await putInContainer(db, clerk, { lpn: u.restock.lpn, containerId: tote.id });
    await expect(
      closeContainer(db, clerk, { containerId: tote.id, weight: { grams: 650, source: 'manual' }, printerId: 'bench-printer', manifest }),
    ).rejects.toMatchObject({ code: 'reason_required' });
    const closed = await closeContainer(db, clerk, { containerId: tote.id, weight: weigh, printerId: 'bench-printer', manifest });
    expect(closed).toMatchObject({ status: 'closed', units: 1, weightGrams: 650, weightSource: 'scale', closedBy: clerk.who });
    expect((await db.printJobs.get(closed.manifestJobId!))!.label.lines).toEqual([u.restock.lpn]);
    const other = await db.units.get(u.restock.lpn);
    await expect(takeOutOfContainer(db, clerk, { lpn: other!.lpn, reason: 'oops, wrong one' })).rejects.toMatchObject({ code: 'container_closed' });
    await expect(reopenContainer(db, clerk, { containerId: tote.id, reason: 'one more shoe' })).rejects.toMatchObject({ code: 'manager_required' });
    const reopened = await reopenContainer(db, manager, { containerId: tote.id, reason: 'a unit was packed wrongly' });
    expect(reopened).toMatchObject({ status: 'open', reopened: [{ by: 'M001', reason: 'a unit was packed wrongly' }] });
    expect(reopened.weightGrams).toBeUndefined();
    expect((await outboxTypes(db)).filter((t) => t.startsWith('container.'))).toEqual([
      'container.opened',
      'container.unitAdded',
      'container.closed',
      'container.reopened',
    ]);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('a unit going back to stock gets its shelf label, recorded; any other unit gets none', async () => {
    const db = stationDbs.fresh();
    const u = await receivedUnits(db);
    const shelf: Label = { kind: 'unit', code: '06901234567892', title: '真丝连衣裙 红色 M', lines: ['A · M'] };
    const job = await printShelfLabel(db, clerk, { lpn: u.restock.lpn, printerId: 'bench-printer', label: shelf });
    expect((await db.units.get(u.restock.lpn))!.relabelled).toMatchObject({ by: clerk.who, labelJobId: job.id });
    await expect(printShelfLabel(db, clerk, { lpn: u.liquidate.lpn, printerId: 'bench-printer', label: shelf })).rejects.toMatchObject({
      code: 'not_for_restock',
    });
    const relabel = (await db.outbox.orderBy('seq').toArray()).filter((o) => o.type === 'unit.relabelled');
    expect(relabel.map((o) => o.payload)).toEqual([expect.objectContaining({ lpn: u.restock.lpn, gtin: '06901234567892', labelJobId: job.id })]);
  });

  it('with no printer at the bench a container is opened and closed all the same: no label queued, its id written on it by hand', async () => {
    const db = stationDbs.fresh();
    const u = await receivedUnits(db);
    const tote = await openContainer(db, clerk, { route: 'restock', label });
    expect(tote.labelJobId).toBeUndefined();
    await putInContainer(db, clerk, { lpn: u.restock.lpn, containerId: tote.id });
    const closed = await closeContainer(db, clerk, { containerId: tote.id, weight: { grams: 650, source: 'scale' }, manifest });
    expect(closed.manifestJobId).toBeUndefined();
    expect(await db.printJobs.where('code').equals(tote.id).count()).toBe(0);
    const closeRecord = (await db.outbox.orderBy('seq').toArray()).find((o) => o.type === 'container.closed')!;
    expect(closeRecord.payload).not.toHaveProperty('manifestJobId');
  });
});
