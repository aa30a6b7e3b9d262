import { describe, expect, it } from 'vitest';
import { useStationDbs } from '../../test/helpers/station-db';
import { StationDb } from '../db/station-db';
import { checkAuditChain, sweepAuditChain, verifyAuditChain } from './audit-chain';
import { GENESIS_HASH, hashAuditEvent, recordUserAction } from './record-action';

const stationDbs = useStationDbs();

async function record(db: StationDb, n: number) {
  const first = ((await db.auditEvents.orderBy('seq').last())?.seq ?? 0) + 1;
  for (let i = first; i < first + n; i++) {
    await recordUserAction(db, { who: 'c' }, ['meta'], async () => ({ result: i, record: { action: 'a', entity: 'thing', entityId: `T${i}`, after: { i } } }));
  }
}

/** Event `seq` changed in place and rehashed, as someone editing the store by hand would. */
async function tamper(db: StationDb, seq: number) {
  const { hash: _h, ...event } = { ...(await db.auditEvents.get(seq))!, who: 'intruder' };
  await db.auditEvents.put({ ...event, hash: hashAuditEvent(event) });
}

const mark = async (db: StationDb) => (await db.meta.get('auditVerified'))?.value;

describe('the audit chain checked without reading all of it each time', () => {
  it('marks what it verified; the next check starts after the mark, and the mark only moves forward', async () => {
    const db = stationDbs.fresh();
    await record(db, 5);
    expect(await checkAuditChain(db, { pageSize: 2 })).toBeNull();
    const five = (await db.auditEvents.get(5))!;
    expect(await mark(db)).toBe(`5:${five.hash}`);
    // An event before the mark changed (rehashed to fit itself): the check after the mark does not read it…
    await tamper(db, 3);
    await record(db, 2);
    expect(await checkAuditChain(db)).toBeNull();
    expect(await mark(db)).toBe(`7:${(await db.auditEvents.get(7))!.hash}`);
    // …the whole-chain check (backup, support bundle) does.
    expect(await verifyAuditChain(db)).toEqual({ seq: 4, problem: 'previous hash does not match' });
  });

  it('finds a change after the mark, the marked event itself changed or gone, and keeps what it found', async () => {
    const db = stationDbs.fresh();
    await record(db, 4);
    expect(await checkAuditChain(db)).toBeNull();
    await record(db, 3);
    const six = (await db.auditEvents.get(6))!;
    await db.auditEvents.put({ ...six, who: 'intruder' });
    expect(await checkAuditChain(db)).toEqual({ seq: 6, problem: 'event was changed after it was written' });
    // Put back: the break stays on record (the day close signs it), and the mark stayed where it was.
    await db.auditEvents.put(six);
    expect(await checkAuditChain(db)).toEqual({ seq: 6, problem: 'event was changed after it was written' });
    expect(await mark(db)).toBe(`4:${(await db.auditEvents.get(4))!.hash}`);

    const other = stationDbs.fresh();
    await record(other, 3);
    await checkAuditChain(other);
    await tamper(other, 3);
    expect(await checkAuditChain(other)).toEqual({ seq: 3, problem: 'event was changed after it was written' });

    const third = stationDbs.fresh();
    await record(third, 3);
    await checkAuditChain(third);
    await third.auditEvents.delete(3);
    expect(await checkAuditChain(third)).toEqual({ seq: 3, problem: 'a verified event is missing' });
  });

  it('the sweep re-reads the verified part a slice per start, wraps, and finds an old event changed or removed', async () => {
    const db = stationDbs.fresh();
    await record(db, 10);
    await checkAuditChain(db);
    const sweep = () => sweepAuditChain(db, { events: 4, pageSize: 3 });
    expect(await sweep()).toBeNull(); // 1–4
    expect((await db.meta.get('auditSweep'))?.value).toBe(5);
    await tamper(db, 2); // behind the sweep: found on its next round
    expect(await sweep()).toBeNull(); // 5–8
    expect(await sweep()).toBeNull(); // 9–10, then back to 1
    expect((await db.meta.get('auditSweep'))?.value).toBe(1);
    expect(await sweep()).toEqual({ seq: 3, problem: 'previous hash does not match' });
    expect(await checkAuditChain(db)).toEqual({ seq: 3, problem: 'previous hash does not match' });

    const gap = stationDbs.fresh();
    await record(gap, 10);
    await checkAuditChain(gap);
    await gap.auditEvents.delete(8);
    expect(await sweepAuditChain(gap, { events: 20 })).toEqual({ seq: 9, problem: 'sequence jumps from 7 to 9' });
    const end = stationDbs.fresh();
    await record(end, 6);
    await checkAuditChain(end);
    await end.meta.put({ key: 'auditSweep', value: 4 });
    await end.auditEvents.bulkDelete([5, 6]);
    expect(await sweepAuditChain(end, { events: 20 })).toEqual({ seq: 5, problem: 'a verified event is missing' });
  });

  it('a check whose database is replaced under it (a backup imported) pins nothing on the new chain', async () => {
    const db = stationDbs.fresh();
    await record(db, 9);
    const other = stationDbs.fresh();
    await record(other, 2);
    await recordUserAction(other, { who: 'someone else' }, ['meta'], async () => ({
      result: 0,
      record: { action: 'b', entity: 'thing', entityId: 'X', after: {} },
    }));
    await record(other, 6);
    const replacement = await other.auditEvents.toArray();
    let pages = 0;
    const replaceAfterFirstPage = async () => {
      if (pages++ > 0) return;
      await db.auditEvents.clear();
      await db.auditEvents.bulkAdd(replacement);
    };
    // The check read the old chain's first page, then the new chain's events: they do not follow the old ones.
    expect(await checkAuditChain(db, { pageSize: 3, pause: replaceAfterFirstPage })).toEqual({ seq: 4, problem: 'previous hash does not match' });
    expect(await db.meta.get('auditBroken')).toBeUndefined();
    expect(await checkAuditChain(db)).toBeNull();
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('a station that never checked before reads its whole chain once', async () => {
    const db = stationDbs.fresh();
    await record(db, 3);
    await tamper(db, 1);
    expect(await checkAuditChain(db)).toEqual({ seq: 2, problem: 'previous hash does not match' });
    expect(await mark(db)).toBeUndefined();
  });
});

describe('the chain’s end, read forward from the link a handle saw last', () => {
  it('links every action to the true last event: after another handle’s actions, a rollback, many others, a store emptied', async () => {
    const db = stationDbs.fresh();
    await record(db, 3);
    // A second handle on the same database (a second tab) appends: the first one's next link follows them.
    const other = new StationDb(db.name);
    other.checksActionTimes = false;
    try {
      await record(other, 2);
      await record(db, 1);
      expect((await db.auditEvents.get(6))!.prevHash).toBe((await db.auditEvents.get(5))!.hash);
      // A rolled-back action leaves no link; the next one follows the last kept.
      await expect(
        recordUserAction(db, { who: 'c' }, ['meta'], async () => {
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await record(db, 1);
      // More links than are read forward (the end found from the end).
      await record(other, 250);
      await record(db, 1);
      expect(await verifyAuditChain(db)).toBeNull();
      expect((await db.auditEvents.orderBy('seq').last())!.seq).toBe(258);
    } finally {
      other.close();
    }
    // Emptied (a restore of a station that had recorded nothing): the chain starts again from the genesis.
    await db.auditEvents.clear();
    await record(db, 1);
    expect((await db.auditEvents.get(1))!.prevHash).toBe(GENESIS_HASH);
  });
});
