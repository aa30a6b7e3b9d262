import { describe, expect, it } from 'vitest';
import { useStationDbs } from '../../test/helpers/station-db';
import type { StationDb } from '../db/station-db';
import { checkAuditChain, sweepAuditChain, verifyAuditChain } from './audit-chain';
import { noteAuditSentWhole, pruneAuditEvents } from './audit-retention';
import { hashAuditEvent, recordUserAction } from './record-action';

const stationDbs = useStationDbs();
const day = 86_400_000;
const NOW = Date.parse('2026-11-24T06:00:00.000Z');

/** `n` events, `ageDays` old each (one a minute after the other). */
async function record(db: StationDb, n: number, ageDays: number) {
  for (let i = 0; i < n; i++) {
    const at = new Date(NOW - ageDays * day + i * 60_000);
    await recordUserAction(
      db,
      { who: 'c' },
      ['meta'],
      async () => ({ result: i, record: { action: 'a', entity: 'thing', entityId: `T${i}`, after: { i } } }),
      at,
    );
  }
}
const seqs = async (db: StationDb) => (await db.auditEvents.toCollection().primaryKeys()).map(Number);
const hqHolds = (db: StationDb, seq: number) => db.meta.put({ key: 'auditAnchorSeq', value: seq });
const cutoff = new Date(NOW - 90 * day);

/** A station with `n` events four months old, all sent to HQ whole and acknowledged, all checked. */
async function checkedAndHeld(n: number, sentWholeFrom = 1) {
  const db = stationDbs.fresh();
  await record(db, n, 120);
  await noteAuditSentWhole(db, sentWholeFrom);
  await hqHolds(db, n);
  expect(await checkAuditChain(db)).toBeNull();
  return db;
}

describe('pruning audit events HQ keeps', () => {
  it('removes only old events HQ acknowledged whole, below the verified mark, from the start; every check still passes', async () => {
    const db = stationDbs.fresh();
    await record(db, 6, 120);
    await record(db, 3, 10);
    await noteAuditSentWhole(db, 1);
    // Nothing verified yet: nothing goes.
    await hqHolds(db, 9);
    expect(await pruneAuditEvents(db, cutoff)).toBe(0);
    expect(await checkAuditChain(db)).toBeNull();
    // HQ holds 1..4 only: 1..4 go (5 and 6 are old too, but HQ has not acknowledged them).
    await hqHolds(db, 4);
    expect(await pruneAuditEvents(db, cutoff)).toBe(4);
    expect((await seqs(db)).slice(0, 3)).toEqual([5, 6, 7]);
    // The prune is itself an audit event, after the others.
    expect(await db.auditEvents.orderBy('seq').last()).toMatchObject({
      seq: 10,
      who: 'system',
      action: 'audit.pruned',
      after: { count: 4, from: 1, through: 4 },
    });
    expect(await verifyAuditChain(db)).toBeNull();
    expect(await checkAuditChain(db)).toBeNull();
    expect(await sweepAuditChain(db)).toBeNull();
    // HQ holds everything: the old ones go, the recent ones stay; nothing left to do is no action at all.
    await hqHolds(db, 10);
    expect(await pruneAuditEvents(db, cutoff)).toBe(2);
    expect(await seqs(db)).toEqual([7, 8, 9, 10, 11]);
    expect(await pruneAuditEvents(db, cutoff)).toBe(0);
    expect(await seqs(db)).toEqual([7, 8, 9, 10, 11]);
    expect(await verifyAuditChain(db)).toBeNull();
    expect(await checkAuditChain(db)).toBeNull();
    expect(await sweepAuditChain(db, { events: 2 })).toBeNull();
    expect(await sweepAuditChain(db, { events: 2 })).toBeNull();
  });

  it('keeps the verified mark’s event, and in pages', async () => {
    const db = await checkedAndHeld(10);
    expect(await pruneAuditEvents(db, cutoff, 4)).toBe(4);
    expect(await pruneAuditEvents(db, cutoff, 4)).toBe(4);
    // 10 is the mark: it stays (the checks start from it); 9 goes.
    expect(await pruneAuditEvents(db, cutoff, 4)).toBe(1);
    expect((await seqs(db))[0]).toBe(10);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('removes nothing while a break in the chain is kept', async () => {
    const db = await checkedAndHeld(6);
    await db.meta.put({ key: 'auditBroken', value: JSON.stringify({ seq: 6, problem: 'event was changed after it was written' }) });
    expect(await pruneAuditEvents(db, cutoff)).toBe(0);
    expect(await seqs(db)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('never removes events sent to HQ as hashes only (a station from before HQ kept events)', async () => {
    const db = await checkedAndHeld(6, 4);
    await noteAuditSentWhole(db, 6); // noted once: the first push that sent events whole
    expect(await pruneAuditEvents(db, cutoff)).toBe(0);
    expect(await seqs(db)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('after a prune, an event changed or removed at the start is still found', async () => {
    const db = await checkedAndHeld(8);
    expect(await pruneAuditEvents(db, cutoff)).toBe(7);
    const { hash: _h, ...first } = { ...(await db.auditEvents.get(8))!, who: 'intruder' };
    await db.auditEvents.put({ ...first, hash: hashAuditEvent(first) });
    expect(await verifyAuditChain(db)).toMatchObject({ seq: 9 });
    const other = await checkedAndHeld(8);
    expect(await pruneAuditEvents(other, cutoff)).toBe(7);
    await other.auditEvents.delete(8);
    expect(await verifyAuditChain(other)).toMatchObject({ seq: 9, problem: expect.stringContaining('jumps') });
  });
});
