import { describe, expect, it } from 'vitest';
import { StationError } from '../../shared/errors';
import type { PushRequest, PushResponse } from '../../shared/sync/protocol';
import { PUSHES_IN_FLIGHT } from '../../shared/sync/protocol';
import { useStationDbs } from '../../test/helpers/station-db';
import { syncCursor } from '../ledger';
import { pushBacklog } from './push-backlog';

const dbs = useStationDbs();
const now = () => new Date('2026-11-24T06:00:00.000Z');

async function stationWith(n: number) {
  const db = dbs.fresh();
  await db.outbox.bulkAdd(
    Array.from({ length: n }, (_, i) => ({ seq: i + 1, type: 'parcel.opened', v: 1, payload: { n: i + 1 }, createdAt: now().toISOString(), attempts: 0 })),
  );
  await db.meta.put({ key: 'outboxSeq', value: n });
  return db;
}

type Waiting = { body: PushRequest; resolve: (a: PushResponse) => void; reject: (e: unknown) => void };
type Pick = (waiting: Waiting[], taken: number) => { index: number; answerLost?: boolean; unreachable?: boolean };

/**
 * HQ as the protocol has it: a cursor per station, records after it taken in order, a batch whose first new
 * record comes after a gap refused (409 sequence_gap). It waits until PUSHES_IN_FLIGHT batches are on the
 * way (or the last record is, or, with `fallbackMs`, that long) before taking one; `pick` chooses which it takes
 * and may say it is lost on the way back (applied, but the answer never arrives) or HQ was not reached.
 */
function fakeHq(total: number, options: { fallbackMs?: number; pick?: Pick } = {}) {
  const pick: Pick = options.pick ?? (() => ({ index: 0 }));
  const hq = { last: 0, kept: [] as number[], auditHead: 0, onTheWay: 0, mostOnTheWay: 0, taken: 0 };
  const waiting: Waiting[] = [];
  const take = (force = false) => {
    if (waiting.length === 0) return;
    if (!force && waiting.length < PUSHES_IN_FLIGHT && waiting.at(-1)!.body.items.at(-1)!.seq < total) {
      if (options.fallbackMs !== undefined) setTimeout(() => take(true), options.fallbackMs);
      return;
    }
    const { index, answerLost, unreachable } = pick(waiting, hq.taken++);
    const [req] = waiting.splice(index, 1);
    hq.onTheWay--;
    if (unreachable) return req!.reject(new StationError('hq_unreachable', 'HQ cannot be reached.'));
    const fresh = req!.body.items.filter((i) => i.seq > hq.last);
    if (fresh.length > 0 && fresh[0]!.seq !== hq.last + 1)
      return req!.reject(new StationError('sequence_gap', 'gap', { status: 409, code: 'sequence_gap', ackSeq: hq.last }));
    for (const link of [...req!.body.audit!].sort((a, b) => a.seq - b.seq)) {
      if (link.seq <= hq.auditHead) continue;
      if (link.seq !== hq.auditHead + 1) return req!.reject(new StationError('audit_chain_broken', 'chain', { status: 409, code: 'audit_chain_broken' }));
      hq.auditHead = link.seq;
    }
    for (const item of fresh) {
      if (item.seq !== hq.last + 1) break;
      hq.kept.push(item.seq);
      hq.last = item.seq;
    }
    if (answerLost) return req!.reject(new StationError('hq_unreachable', 'The answer was lost.'));
    req!.resolve({ ackSeq: hq.last, rejected: [], auditHeadSeq: hq.auditHead });
    take();
  };
  const api = {
    hqPush: (body: PushRequest) =>
      new Promise<PushResponse>((resolve, reject) => {
        waiting.push({ body, resolve, reject });
        hq.mostOnTheWay = Math.max(hq.mostOnTheWay, ++hq.onTheWay);
        setTimeout(() => take(), 0);
      }),
  };
  return { hq, api };
}

describe('pushing a backlog with batches on the way', () => {
  it('delivers every record once, in order, with at most PUSHES_IN_FLIGHT batches on the way; the audit chain keeps up', async () => {
    const db = await stationWith(1000);
    // More audit events than one push carries: each batch sends those after the head HQ last acknowledged.
    const hash = (n: number) => n.toString(16).padStart(64, '0');
    await db.auditEvents.bulkAdd(
      Array.from({ length: 5000 }, (_, i) => ({
        seq: i + 1,
        at: now().toISOString(),
        who: 'C001',
        action: 'x',
        entity: 'x',
        entityId: 'x',
        prevHash: hash(i),
        hash: hash(i + 1),
      })),
    );
    const { hq, api } = fakeHq(1000);
    let answers = 0;
    await pushBacklog(db, api, 'install-1', now, async () => void answers++);
    expect(hq.kept).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(hq.mostOnTheWay).toBe(PUSHES_IN_FLIGHT);
    expect(answers).toBe(5);
    expect((await syncCursor(db)).ackSeq).toBe(1000);
    expect(hq.auditHead).toBeGreaterThanOrEqual(5000);
  });

  it('a batch that reaches HQ before the one sent ahead of it is refused with a gap and sent again: no error, nothing twice', async () => {
    const db = await stationWith(600);
    // HQ takes the second batch first, once.
    const { hq, api } = fakeHq(600, { fallbackMs: 20, pick: (waiting, taken) => ({ index: taken === 0 && waiting.length > 1 ? 1 : 0 }) });
    await pushBacklog(db, api, 'install-1', now, async () => undefined);
    expect(hq.kept).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect((await syncCursor(db)).ackSeq).toBe(600);
  });

  it('when the first batch fails, the one sent ahead of it (refused with a gap) is not what the station reports', async () => {
    const db = await stationWith(600);
    const { hq, api } = fakeHq(600, { fallbackMs: 20, pick: (_w, taken) => ({ index: 0, unreachable: taken === 0 }) });
    await expect(pushBacklog(db, api, 'install-1', now, async () => undefined)).rejects.toMatchObject({ code: 'hq_unreachable' });
    expect((await syncCursor(db)).ackSeq).toBe(0);
    expect(hq.kept).toEqual([]);
    // The next round delivers all of it, once.
    await pushBacklog(db, api, 'install-1', now, async () => undefined);
    expect(hq.kept).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
  });

  it('an answer lost after HQ applied the batch: the batch ahead still lands and is acknowledged; nothing is sent twice', async () => {
    const db = await stationWith(600);
    const { hq, api } = fakeHq(600, { fallbackMs: 20, pick: (_w, taken) => ({ index: 0, answerLost: taken === 0 }) });
    await expect(pushBacklog(db, api, 'install-1', now, async () => undefined)).rejects.toMatchObject({ code: 'hq_unreachable' });
    expect((await syncCursor(db)).ackSeq).toBe(400);
    await pushBacklog(db, api, 'install-1', now, async () => undefined);
    expect(hq.kept).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect((await syncCursor(db)).ackSeq).toBe(600);
  });

  it('a gap on the first batch on the way is real (records HQ never had are gone here): it stops for a person', async () => {
    const db = await stationWith(300);
    await db.outbox.bulkDelete([1, 2]);
    const { hq, api } = fakeHq(300, { fallbackMs: 20 });
    await expect(pushBacklog(db, api, 'install-1', now, async () => undefined)).rejects.toMatchObject({ code: 'sequence_gap' });
    expect(hq.kept).toEqual([]);
    expect((await syncCursor(db)).ackSeq).toBe(0);
  });
});
