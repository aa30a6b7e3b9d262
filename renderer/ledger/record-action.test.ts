import { describe, expect, it } from 'vitest';
import { useStationDbs } from '../../test/helpers/station-db';
import { labelJobCreated } from './print-jobs';
// A record type the types forbid is cast in on purpose: the ledger refuses it at run time too.
import { hashAuditEvent, recordUserAction, type OutboxItem } from './record-action';
import { verifyAuditChain } from './audit-chain';
import { classifyScan } from '../../shared/barcode/classify';
import { seedManager } from '../../test/helpers/receive-flow';
import { closeDay } from './day-close';
import { openParcel } from './parcels';

const stationDbs = useStationDbs();
const freshDb = () => stationDbs.fresh();

const job = (id: string) => ({
  id,
  code: id,
  label: { kind: 'unit' as const, code: id, title: 't', lines: [] },
  printerId: 'p',
  state: 'queued' as const,
  attempts: 0,
  createdAt: '2026-11-24T00:00:00.000Z',
  createdBy: 'clerk-1',
});

describe('recordUserAction', () => {
  it('writes the record, a chained audit event and an outbox row with the next sequence number', async () => {
    const db = freshDb();
    for (const id of ['J1', 'J2', 'J3']) {
      await recordUserAction(db, { who: 'clerk-1' }, ['printJobs'], async () => {
        await db.printJobs.add(job(id));
        return {
          result: id,
          record: { action: 'label.enqueue', entity: 'printJob', entityId: id, after: { code: id }, outbox: labelJobCreated(job(id)) },
        };
      });
    }
    expect(await db.printJobs.count()).toBe(3);
    expect((await db.outbox.toArray()).map((o) => [o.seq, o.type])).toEqual([
      [1, 'labelJob.created'],
      [2, 'labelJob.created'],
      [3, 'labelJob.created'],
    ]);
    const events = await db.auditEvents.toArray();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('is all or nothing: a failing action leaves no record, no audit event and no outbox row', async () => {
    const db = freshDb();
    await expect(
      recordUserAction(db, { who: 'clerk-1' }, ['printJobs'], async () => {
        await db.printJobs.add(job('J1'));
        throw new Error('the clerk cancelled');
      }),
    ).rejects.toThrow('the clerk cancelled');
    expect(await db.printJobs.count()).toBe(0);
    expect(await db.auditEvents.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('outbox sequence numbers keep rising after acknowledged rows are deleted', async () => {
    const db = freshDb();
    const act = (id: string) =>
      recordUserAction(db, { who: 'c' }, ['printJobs'], async () => {
        await db.printJobs.add(job(id));
        return { result: id, record: { action: 'a', entity: 'printJob', entityId: id, outbox: labelJobCreated(job(id)) } };
      });
    await act('J1');
    await act('J2');
    await db.outbox.clear(); // HQ acknowledged 1 and 2
    await act('J3');
    expect((await db.outbox.toArray()).map((o) => [o.seq, o.v])).toEqual([[3, 1]]);
  });

  it('refuses a record type HQ has no schema for: nothing of the action is stored', async () => {
    const db = freshDb();
    await expect(
      recordUserAction(db, { who: 'c' }, ['printJobs'], async () => {
        await db.printJobs.add(job('J1'));
        return {
          result: 1,
          record: { action: 'a', entity: 'printJob', entityId: 'J1', outbox: { type: 'parcel.teleported', payload: {} } as unknown as OutboxItem },
        };
      }),
    ).rejects.toThrow('outbox type parcel.teleported has no schema in shared/sync');
    expect(await db.printJobs.count()).toBe(0);
  });

  it('the chain check fails when an event is edited, removed or reordered', async () => {
    const db = freshDb();
    for (const id of ['J1', 'J2', 'J3']) {
      await recordUserAction(db, { who: 'c' }, ['printJobs'], async () => {
        await db.printJobs.add(job(id));
        return { result: id, record: { action: 'a', entity: 'printJob', entityId: id, after: { id } } };
      });
    }
    await db.auditEvents.update(2, { who: 'someone-else' });
    expect(await verifyAuditChain(db)).toEqual({ seq: 2, problem: 'event was changed after it was written' });
    await db.auditEvents.update(2, { who: 'c' });
    expect(await verifyAuditChain(db)).toBeNull();
    await db.auditEvents.delete(2);
    expect(await verifyAuditChain(db)).toEqual({ seq: 3, problem: 'sequence jumps from 1 to 3' });
  });

  it('the chain check reads a page at a time and still sees what crosses a page boundary', async () => {
    const db = freshDb();
    for (const id of ['J1', 'J2', 'J3', 'J4', 'J5', 'J6', 'J7']) {
      await recordUserAction(db, { who: 'c' }, ['printJobs'], async () => {
        await db.printJobs.add(job(id));
        return { result: id, record: { action: 'a', entity: 'printJob', entityId: id, after: { id } } };
      });
    }
    expect(await verifyAuditChain(db, { pageSize: 2 })).toBeNull();
    const events = await db.auditEvents.orderBy('seq').toArray();
    // Event 4 (last of the second page) rewritten and rehashed to fit: event 5, first of the next page, no longer follows it.
    const { hash: _h, ...four } = { ...events[3]!, who: 'someone-else' };
    await db.auditEvents.put({ ...four, hash: hashAuditEvent(four) });
    expect(await verifyAuditChain(db, { pageSize: 2 })).toEqual({ seq: 5, problem: 'previous hash does not match' });
    await db.auditEvents.put(events[3]!);
    // Event 3 (first of the second page) removed: the jump is seen across the boundary.
    await db.auditEvents.delete(3);
    expect(await verifyAuditChain(db, { pageSize: 2 })).toEqual({ seq: 4, problem: 'sequence jumps from 2 to 4' });
  });

  it('the chain check catches an event rehashed to fit (previous hash), events swapped, and the newest removed only against a known head', async () => {
    const db = freshDb();
    for (const id of ['J1', 'J2', 'J3']) {
      await recordUserAction(db, { who: 'c' }, ['printJobs'], async () => {
        await db.printJobs.add(job(id));
        return { result: id, record: { action: 'a', entity: 'printJob', entityId: id, after: { id } } };
      });
    }
    const events = await db.auditEvents.orderBy('seq').toArray();
    // Event 2 rewritten and its own hash recomputed: event 3 no longer follows it.
    const { hash: _h, ...two } = { ...events[1]!, who: 'someone-else' };
    await db.auditEvents.put({ ...two, hash: hashAuditEvent(two) });
    expect(await verifyAuditChain(db)).toEqual({ seq: 3, problem: 'previous hash does not match' });
    await db.auditEvents.put(events[1]!);
    // Two events swapped in place (each keeps its seq): the chain breaks at the first.
    await db.auditEvents.bulkPut([
      { ...events[2]!, seq: 2 },
      { ...events[1]!, seq: 3 },
    ]);
    expect(await verifyAuditChain(db)).toEqual({ seq: 2, problem: 'previous hash does not match' });
    await db.auditEvents.bulkPut(events);
    expect(await verifyAuditChain(db)).toBeNull();
    // The newest event deleted: the chain alone cannot tell (that is what HQ's anchored head is for).
    await db.auditEvents.delete(3);
    expect(await verifyAuditChain(db)).toBeNull();
  });
});

describe('one time per action', () => {
  const scan = (raw: string) => ({ raw, scan: classifyScan(raw), match: { kind: 'blind' as const, reasons: [] }, stationId: 'STATION-01' });

  it('an action dated inside a day a manager closed is refused, even when it is run the day after', async () => {
    const db = freshDb();
    await seedManager(db);
    const day = { date: '2026-11-24', timeZone: 'Asia/Shanghai', stationId: 'STATION-01' };
    await closeDay(db, { who: 'M001' }, { ...day, now: new Date('2026-11-24T11:00:00.000Z') });
    // The lock is checked at the action's own time, not the wall clock's.
    await expect(openParcel(db, { who: 'C001' }, { ...scan('SF1234567890123'), now: new Date('2026-11-24T09:00:00.000Z') })).rejects.toMatchObject({
      code: 'day_closed',
    });
    expect(await db.parcels.count()).toBe(0);
    const next = await openParcel(db, { who: 'C001' }, { ...scan('SF1234567890123'), now: new Date('2026-11-24T17:00:00.000Z') });
    expect((await db.auditEvents.orderBy('seq').last())!.at).toBe(next.openedAt);
  });

  it('an action dated away from the station’s clock is refused: an action is recorded when it happens', async () => {
    const db = freshDb();
    db.checksActionTimes = true;
    db.clock = () => new Date('2026-11-25T02:00:00.000Z');
    await expect(openParcel(db, { who: 'C001' }, { ...scan('SF1234567890123'), now: new Date('2026-11-24T09:00:00.000Z') })).rejects.toMatchObject({
      code: 'action_time_wrong',
    });
    const onTime = await openParcel(db, { who: 'C001' }, { ...scan('SF1234567890123'), now: new Date('2026-11-25T02:01:00.000Z') });
    expect(onTime.openedAt).toBe('2026-11-25T02:01:00.000Z');
    expect((await db.auditEvents.toArray()).map((e) => e.at)).toEqual(['2026-11-25T02:01:00.000Z']);
  });
});
