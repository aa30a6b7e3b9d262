import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWarehouse, deleteReference, issueEnrolmentCode, revokeStation, upsertReference } from '../../hq/src/admin';
import { sha256Hex } from '../../hq/src/auth';
import { openDatabase } from '../../hq/src/db';
import { buildHq } from '../../hq/src/server';
import { GENESIS_HASH, hashAuditEvent, type AuditEvent } from '../../shared/audit/audit-event';
import { sampleReference } from '../../shared/reference/sample-data';
import { freshHqDatabase, olderTransactionsEnded } from '../helpers/hq-database';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let app: FastifyInstance;
const sample = sampleReference(new Date('2026-11-24T06:00:00.000Z'));

beforeAll(async () => {
  hq = await freshHqDatabase();
  app = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 1000 } });
  await addWarehouse(hq.pool, 'WH-SH-01', 'Shanghai');
  await addWarehouse(hq.pool, 'WH-NJ-01', 'Nanjing');
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hq?.drop();
});

async function enrolStation(warehouseId: string, stationId: string, installId = randomUUID(), server = app, replace?: boolean) {
  const code = await issueEnrolmentCode(hq.pool, warehouseId, stationId);
  const res = await server.inject({ method: 'POST', url: '/v1/enrol', payload: { warehouseId, stationId, code, installId, ...(replace ? { replace } : {}) } });
  expect(res.statusCode, res.body).toBe(200);
  return { ...(res.json() as { token: string; lpnPrefix: string }), installId, code };
}

const opened = (seq: number, id = `parcel-${seq}`) => ({
  seq,
  type: 'parcel.opened',
  v: 1,
  createdAt: '2026-11-24T06:00:00.000Z',
  payload: {
    id,
    stationId: 'DOCK-1',
    scanned: 'RMA-2026A0001',
    match: { kind: 'rma', rmaNo: 'RMA-2026A0001', by: 'rma' },
    rmaNos: ['RMA-2026A0001'],
    trackingNumber: null,
    carrier: null,
    openedAt: '2026-11-24T06:00:00.000Z',
    clerkId: 'C001',
  },
});

function push(token: string, body: object, server = app) {
  return server.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: `Bearer ${token}` }, payload: body });
}

const count = async (sql: string, params: unknown[] = []) =>
  Number((await hq.pool.query<{ n: string }>(`select count(*) as n from ${sql}`, params)).rows[0]!.n);

describe('HQ: enrolment', () => {
  it('a one-time code gives a token bound to the install, with an LPN prefix no other station has; the code works once', async () => {
    const a = await enrolStation('WH-SH-01', 'DOCK-1');
    const b = await enrolStation('WH-NJ-01', 'DOCK-1');
    expect(a.token).toMatch(/^WH-SH-01\.DOCK-1\./);
    expect(a.lpnPrefix).not.toBe(b.lpnPrefix);
    const again = await app.inject({
      method: 'POST',
      url: '/v1/enrol',
      payload: { warehouseId: 'WH-SH-01', stationId: 'DOCK-1', code: a.code, installId: randomUUID() },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ code: 'enrolment_refused' });
    const garbage = await app.inject({ method: 'POST', url: '/v1/enrol', payload: { warehouseId: 'wh', code: 1 } });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ code: 'invalid_request' });
    // Only the hash of a token is kept.
    expect((await hq.pool.query('select token_hash from stations where token_hash = $1', [a.token.split('.')[2]])).rowCount).toBe(0);
  });
});

describe('HQ: push', () => {
  it('applies a batch once: a repeat is skipped, a gap refused, every record kept byte for byte', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-2');
    const items = [opened(1), opened(2), opened(3)];
    const first = await push(s.token, { installId: s.installId, items });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ ackSeq: 3, rejected: [] });
    const repeat = await push(s.token, { installId: s.installId, items });
    expect(repeat.json()).toMatchObject({ ackSeq: 3 });
    expect(await count("sync_items where station_id = 'DOCK-2'")).toBe(3);
    expect(await count("parcels where station_id = 'DOCK-2'")).toBe(3);
    const gap = await push(s.token, { installId: s.installId, items: [opened(5)] });
    expect(gap.statusCode).toBe(409);
    expect(gap.json()).toMatchObject({ code: 'sequence_gap', ackSeq: 3 });
    const kept = (await hq.pool.query("select payload from sync_items where station_id = 'DOCK-2' and seq = 2")).rows[0].payload;
    expect(kept).toEqual(items[1]!.payload);
  });

  it('batches on the way together are taken in the order they reach the station’s lock: one that gets there first after a gap is refused', async () => {
    if (hq.kind !== 'postgresql') return; // PGlite runs one transaction at a time: nothing queues on a lock.
    const s = await enrolStation('WH-SH-01', 'DOCK-7');
    const batch = (from: number, n: number) => ({ installId: s.installId, items: Array.from({ length: n }, (_, i) => opened(from + i, `p7-${from + i}`)) });
    const waiting = async (n: number) => {
      for (let tries = 0; ; tries++) {
        if ((await count("pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")) === n) return;
        if (tries > 500) throw new Error(`never ${n} pushes waiting for the lock`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    /** Holds the station's row while the pushes queue up behind it, in the order given. */
    const queued = async (...bodies: object[]) => {
      const holder = await hq.pool.connect();
      await holder.query('begin');
      await holder.query("select 1 from stations where warehouse_id = 'WH-SH-01' and station_id = 'DOCK-7' for update");
      const answers: ReturnType<typeof push>[] = [];
      for (const [i, body] of bodies.entries()) {
        answers.push(push(s.token, body));
        await waiting(i + 1);
      }
      await holder.query('commit');
      holder.release();
      const [a, b] = await Promise.all(answers);
      return [a!, b!] as const;
    };
    const [first, ahead] = await queued(batch(1, 3), batch(4, 3));
    expect([first.json().ackSeq, ahead.json().ackSeq]).toEqual([3, 6]);
    const [early, late] = await queued(batch(10, 2), batch(7, 3));
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'sequence_gap', ackSeq: 6 });
    expect(late.json()).toMatchObject({ ackSeq: 9 });
    expect(await count("sync_items where station_id = 'DOCK-7'")).toBe(9);
  });

  it('a batch partly at HQ already (made ready for all of it before the lock): only its new records are kept and applied', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-10');
    const batch = (from: number, n: number) => ({ installId: s.installId, items: Array.from({ length: n }, (_, i) => opened(from + i, `p10-${from + i}`)) });
    expect((await push(s.token, batch(1, 3))).json()).toMatchObject({ ackSeq: 3 });
    expect((await push(s.token, batch(2, 4))).json()).toMatchObject({ ackSeq: 5, rejected: [] });
    expect(await count("sync_items where station_id = 'DOCK-10'")).toBe(5);
    expect(await count("parcels where station_id = 'DOCK-10'")).toBe(5);
  });

  it('a body however its JSON is written (escapes, spacing, a repeated key, 2.0 for 2) is kept in the record log as the records HQ read from it', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-41');
    const send = (text: string) =>
      app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, payload: text });
    // What a push's `items` must agree on with what it reads: the last `items`, keys and text unescaped.
    const [one, two, three] = [opened(1, 'p14-1'), opened(2, 'p14-2'), opened(3, 'p14-3')];
    const bogus = JSON.stringify([opened(1, 'p14-bogus')]);
    const escaped = JSON.stringify(one).replace('"id"', '"\\u0069d"').replace('p14-1', 'p14\\u002d1');
    const first = await send(`{ "items" : ${bogus},\n "\\u0069nstallId": "${s.installId}",  "items": [ ${escaped} , ${JSON.stringify(two)} ] }`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ ackSeq: 2, rejected: [] });
    // 2.0 is the number 2 to JSON, not to PostgreSQL's bigint: the log is then kept record by record.
    const second = await send(JSON.stringify({ installId: s.installId, items: [three] }).replace('"seq":3', '"seq":3.0'));
    expect(second.json()).toMatchObject({ ackSeq: 3, rejected: [] });
    const kept = await hq.pool.query<{ seq: string; payload: { id: string } }>("select seq, payload from sync_items where station_id = 'DOCK-41' order by seq");
    expect(kept.rows.map((r) => [Number(r.seq), r.payload])).toEqual([
      [1, one.payload],
      [2, two.payload],
      [3, three.payload],
    ]);
    expect(await count("parcels where station_id = 'DOCK-41'")).toBe(3);
  });
  it('a body with bytes that are not UTF-8 is read with U+FFFD in their place and logged as it was read, not as the bytes came', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-42');
    const record = opened(1, 'p15-1');
    const text = JSON.stringify({ installId: s.installId, items: [record] });
    const at = text.indexOf('"scanned":"RMA-2026A0001') + '"scanned":"RMA-2026A0001'.length;
    // A Latin-1 "é" (0xE9) where UTF-8 wants two bytes: no UTF-8 reader takes it as sent.
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9]), Buffer.from(text.slice(at))]);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
      payload: bytes,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ackSeq: 1, rejected: [] });
    const kept = await hq.pool.query<{ payload: { scanned: string } }>("select payload from sync_items where station_id = 'DOCK-42'");
    expect(kept.rows.map((r) => r.payload.scanned)).toEqual(['RMA-2026A0001\uFFFD']);
  });

  it('a record HQ cannot accept is kept as a rejection and the cursor moves on: the outbox never wedges', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-3');
    const bad = {
      seq: 2,
      type: 'parcel.weighed',
      v: 1,
      createdAt: '2026-11-24T06:00:00.000Z',
      payload: { id: 'parcel-1', weight: { grams: -5, stable: true, source: 'scale' }, reweighed: false },
    };
    const unknown = { seq: 3, type: 'parcel.teleported', v: 1, createdAt: '2026-11-24T06:00:00.000Z', payload: {} };
    const res = await push(s.token, { installId: s.installId, items: [opened(1, 'p3-1'), bad, unknown, opened(4, 'p3-4')] });
    expect(res.json()).toMatchObject({
      ackSeq: 4,
      rejected: [
        { seq: 2, code: 'invalid_record' },
        { seq: 3, code: 'unknown_type' },
      ],
    });
    expect(await count("sync_rejections where station_id = 'DOCK-3'")).toBe(2);
    expect(await count("parcels where station_id = 'DOCK-3'")).toBe(2);
  });

  it('a day close reaches HQ with its figures; a reopen is kept with who and why; closed again, it counts twice', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-9');
    const closed = (seq: number, at: string) => ({
      seq,
      type: 'day.closed',
      v: 1,
      createdAt: at,
      payload: {
        date: '2026-11-24',
        stationId: 'DOCK-9',
        timeZone: 'Asia/Shanghai',
        from: '2026-11-23T16:00:00.000Z',
        to: '2026-11-24T16:00:00.000Z',
        closedAt: at,
        by: 'M001',
        counts: { parcels: 2, units: 3, exceptions: 0 },
        refundTotals: [{ currency: 'CNY', count: 2, totalMinor: 95600, dayDeltaMinor: 95600 }],
        variances: { weight: 0 },
        auditHead: { seq: 40, hash: 'a'.repeat(64) },
      },
    });
    const reopened = {
      seq: 2,
      type: 'day.reopened',
      v: 1,
      createdAt: '2026-11-24T11:00:00.000Z',
      payload: { date: '2026-11-24', stationId: 'DOCK-9', at: '2026-11-24T11:00:00.000Z', by: 'M001', reason: 'late truck' },
    };
    const res = await push(s.token, { installId: s.installId, items: [closed(1, '2026-11-24T10:00:00.000Z'), reopened] });
    expect(res.json()).toMatchObject({ ackSeq: 2, rejected: [] });
    const row = async () => (await hq.pool.query("select status, reopen_reason, times_closed, payload from day_closes where station_id = 'DOCK-9'")).rows[0];
    expect(await row()).toMatchObject({ status: 'reopened', reopen_reason: 'late truck', times_closed: 1, payload: { refundTotals: [{ totalMinor: 95600 }] } });
    await push(s.token, { installId: s.installId, items: [closed(3, '2026-11-24T12:00:00.000Z')] });
    expect(await row()).toMatchObject({ status: 'closed', times_closed: 2 });
    // A reopen of a day HQ never saw closed is kept as a rejection, not applied half-way.
    const stray = { ...reopened, seq: 4, payload: { ...reopened.payload, date: '2026-11-25' } };
    expect((await push(s.token, { installId: s.installId, items: [stray] })).json()).toMatchObject({ ackSeq: 4, rejected: [{ seq: 4, code: 'unknown_day' }] });
  });

  it('two stations, and two HQ nodes behind them, at once: every record exactly once', async () => {
    const second = await openDatabase({ ...(hq.url ? { databaseUrl: hq.url } : {}), dataDir: '' }).catch(() => null);
    const otherApp =
      second && hq.kind === 'postgresql'
        ? await buildHq({ pool: second.pool, database: second, rateLimit: { perMinute: 100_000, enrolPerMinute: 100, failedAuthPerMinute: 100 } })
        : app;
    try {
      const a = await enrolStation('WH-SH-01', 'DOCK-4');
      const b = await enrolStation('WH-SH-01', 'DOCK-5');
      const batches = (s: typeof a, tag: string) =>
        Array.from({ length: 10 }, (_, i) => ({
          installId: s.installId,
          items: Array.from({ length: 20 }, (__, j) => opened(i * 20 + j + 1, `${tag}-${i * 20 + j + 1}`)),
        }));
      // Each batch sent twice, to both nodes, all at once, in any order: a retry after a lost answer.
      const sends = [...batches(a, 'a'), ...batches(b, 'b')].flatMap((body, i) => {
        const token = i < 10 ? a.token : b.token;
        return [push(token, body, app), push(token, body, otherApp)];
      });
      const answers = await Promise.all(sends);
      for (const r of answers) expect([200, 409]).toContain(r.statusCode);
      // Catch up in order, as the station would after a gap answer.
      for (const [s, tag] of [
        [a, 'a'],
        [b, 'b'],
      ] as const)
        for (const body of batches(s, tag)) await push(s.token, body);
      expect(await count("sync_items where station_id in ('DOCK-4', 'DOCK-5')")).toBe(400);
      expect(await count("parcels where station_id in ('DOCK-4', 'DOCK-5')")).toBe(400);
    } finally {
      if (otherApp !== app) await otherApp.close();
      await second?.close();
    }
  });

  it('a cleared station (another install id) must re-enrol; then its new sequence is accepted and nothing counts twice', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-6');
    await push(s.token, { installId: s.installId, items: [opened(1, 'd6-1'), opened(2, 'd6-2')] });
    const wiped = randomUUID();
    const refused = await push(s.token, { installId: wiped, items: [opened(1, 'd6-new-1')] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'reenrol_required' });
    // The old install still holds DOCK-6: a manager replaces it on purpose.
    const again = await enrolStation('WH-SH-01', 'DOCK-6', wiped, app, true);
    expect(again.lpnPrefix).not.toBe(s.lpnPrefix);
    const res = await push(again.token, { installId: wiped, items: [opened(1, 'd6-new-1')] });
    expect(res.json()).toMatchObject({ ackSeq: 1 });
    expect(await count("parcels where station_id = 'DOCK-6'")).toBe(3);
    // The old token is dead.
    expect((await push(s.token, { installId: s.installId, items: [opened(3)] })).statusCode).toBe(401);
  });

  it('a revoked token is refused at once', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-13');
    await revokeStation(hq.pool, 'WH-SH-01', 'DOCK-13');
    const res = await push(s.token, { installId: s.installId, items: [opened(1)] });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
    expect((await push('WH-SH-01.DOCK-13.not-the-secret-at-all-xxxxx', { installId: s.installId, items: [opened(1)] })).statusCode).toBe(401);
  });

  it('the audit chain must continue from the head HQ saw: a rewritten chain is detected', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-8');
    const h = (n: number) => sha256Hex(`event-${n}`);
    const link = (seq: number, prev: string, hash: string) => ({ seq, prevHash: prev, hash });
    const ok = await push(s.token, { installId: s.installId, items: [opened(1, 'd8-1')], audit: [link(1, '0'.repeat(64), h(1)), link(2, h(1), h(2))] });
    expect(ok.json()).toMatchObject({ ackSeq: 1, auditHeadSeq: 2 });
    const rewritten = await push(s.token, { installId: s.installId, items: [opened(2, 'd8-2')], audit: [link(3, sha256Hex('forged'), h(3))] });
    expect(rewritten.statusCode).toBe(409);
    expect(rewritten.json()).toMatchObject({ code: 'audit_chain_broken' });
    expect(await count("parcels where station_id = 'DOCK-8'")).toBe(1);
  });

  it('keeps each audit event whole, once, after checking its hash against its content; a changed event is refused', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-12');
    const chain: AuditEvent[] = [];
    const add = (content: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>) => {
      const event = { ...content, seq: chain.length + 1, prevHash: chain.at(-1)?.hash ?? GENESIS_HASH };
      chain.push({ ...event, hash: hashAuditEvent(event) });
    };
    add({ at: '2026-11-24T06:00:00.000Z', who: 'C001', action: 'parcel.open', entity: 'parcel', entityId: 'p-1', after: { scanned: 'RMA-2026A0001' } });
    add({
      at: '2026-11-24T06:01:00.000Z',
      who: 'M001',
      action: 'unit.override',
      entity: 'unit',
      entityId: 'LPNA1B0000001',
      before: { grade: 'C' },
      after: { grade: 'B', reason: '吊牌完好，包装轻微压痕', n: [1, 2.5, null] },
    });
    add({
      at: '2026-11-24T06:02:00.000Z',
      who: 'system',
      action: 'photos.pruned',
      entity: 'photos',
      entityId: '2026-10-25T06:02:00.000Z',
      after: { count: 2, sha256: [sha256Hex('a'), sha256Hex('b')] },
    });
    const first = await push(s.token, { installId: s.installId, items: [opened(1, 'd12-1')], audit: chain.slice(0, 2) });
    expect(first.json()).toMatchObject({ ackSeq: 1, auditHeadSeq: 2 });
    // Sent again with the next one (a push ahead re-sends from the acknowledged head): each kept once.
    expect((await push(s.token, { installId: s.installId, items: [opened(2, 'd12-2')], audit: chain })).json()).toMatchObject({ auditHeadSeq: 3 });
    const rows = (
      await hq.pool.query("select seq, who, action, entity_id, before, after, prev_hash, hash from audit_events where station_id = 'DOCK-12' order by seq")
    ).rows;
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[1]).toMatchObject({
      who: 'M001',
      action: 'unit.override',
      entity_id: 'LPNA1B0000001',
      before: { grade: 'C' },
      after: chain[1]!.after,
      prev_hash: chain[0]!.hash,
      hash: chain[1]!.hash,
    });
    expect(rows[0].before).toBeNull();

    // The fourth event's content changed after it was hashed: the push is refused, nothing of it kept.
    add({ at: '2026-11-24T06:03:00.000Z', who: 'M001', action: 'unit.correct', entity: 'unit', entityId: 'LPNA1B0000001', after: { disposition: 'SELLABLE' } });
    const changed = { ...chain[3]!, after: { disposition: 'DAMAGED' } };
    const refused = await push(s.token, { installId: s.installId, items: [opened(3, 'd12-3')], audit: [changed] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'audit_chain_broken', auditHeadSeq: 3 });
    expect(await count("audit_events where station_id = 'DOCK-12'")).toBe(3);
    expect(await count("parcels where station_id = 'DOCK-12'")).toBe(2);

    // Having sent its events whole, it may not go back to sending only their hashes (it would be keeping them from HQ).
    const link = ({ seq, prevHash, hash }: AuditEvent) => ({ seq, prevHash, hash });
    const linksOnly = await push(s.token, { installId: s.installId, items: [opened(3, 'd12-3')], audit: [link(chain[3]!)] });
    expect(linksOnly.statusCode).toBe(409);
    expect(linksOnly.json()).toMatchObject({ code: 'audit_events_required', auditHeadSeq: 3 });
    expect(await count("audit_events where station_id = 'DOCK-12'")).toBe(3);
    // A station from before HQ kept events sends only links: its chain still moves on, with nothing to keep.
    const old = await enrolStation('WH-SH-01', 'DOCK-16');
    expect((await push(old.token, { installId: old.installId, items: [opened(1, 'd16-1')], audit: chain.slice(0, 2).map(link) })).json()).toMatchObject({
      ackSeq: 1,
      auditHeadSeq: 2,
    });
    expect(await count("audit_events where station_id = 'DOCK-16'")).toBe(0);
  });
});

describe('HQ: blobs', () => {
  it('stores a photo under its hash, once; a damaged one is refused', async () => {
    const s = await enrolStation('WH-SH-01', 'DOCK-14');
    const bytes = Buffer.from('a photo of a crushed box');
    const put = (hash: string, body: Buffer) =>
      app.inject({
        method: 'PUT',
        url: `/v1/blobs/${hash}`,
        headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/octet-stream' },
        payload: body,
      });
    expect((await put(sha256Hex(bytes), bytes)).statusCode).toBe(201);
    expect((await put(sha256Hex(bytes), bytes)).statusCode).toBe(200);
    const damaged = await put(sha256Hex(bytes), Buffer.from('a photo of a crushed bux'));
    expect(damaged.statusCode).toBe(400);
    expect(damaged.json()).toMatchObject({ code: 'hash_mismatch' });
    expect(await count("blobs where warehouse_id = 'WH-SH-01'")).toBe(1);
  });
});

describe('HQ: pull', () => {
  const pull = (token: string, checkpoint = '', limit = 500) =>
    app.inject({
      method: 'GET',
      url: `/v1/sync/pull?checkpoint=${encodeURIComponent(checkpoint)}&limit=${limit}`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('pages the warehouse’s reference data by checkpoint, with tombstones; another warehouse sees none of it', async () => {
    const sh = await enrolStation('WH-SH-01', 'DOCK-15');
    const nj = await enrolStation('WH-NJ-01', 'DOCK-10');
    await upsertReference(hq.pool, 'WH-SH-01', [
      ...sample.expectedReturns.map((r) => ({ kind: 'expectedReturn', key: r.rmaNo, body: r })),
      ...sample.users.map((u) => ({ kind: 'user', key: u.id, body: u })),
    ]);
    await olderTransactionsEnded(hq.pool);
    const seen = new Map<string, unknown>();
    let checkpoint = '';
    for (let page = 0; page < 10; page++) {
      const res = (await pull(sh.token, checkpoint, 3)).json() as { rows: { kind: string; key: string }[]; checkpoint: string; more: boolean };
      for (const r of res.rows) seen.set(`${r.kind}/${r.key}`, r);
      checkpoint = res.checkpoint;
      if (!res.more) break;
    }
    expect(seen.size).toBe(sample.expectedReturns.length + sample.users.length);
    expect((seen.get('user/M001') as { body: { pin: unknown } }).body.pin).toBeDefined();
    await deleteReference(hq.pool, 'WH-SH-01', 'expectedReturn', 'RMA-2026A0008');
    await olderTransactionsEnded(hq.pool);
    const after = (await pull(sh.token, checkpoint)).json() as { rows: { key: string; deleted: boolean }[] };
    expect(after.rows).toEqual([{ kind: 'expectedReturn', key: 'RMA-2026A0008', deleted: true }]);
    expect(((await pull(nj.token)).json() as { rows: unknown[] }).rows).toEqual([]);
  });

  it('never moves a checkpoint past a row a slower writer has not committed yet', async () => {
    if (hq.kind !== 'postgresql') return; // PGlite runs one transaction at a time: no slow writer can overlap.
    const s = await enrolStation('WH-NJ-01', 'DOCK-11');
    const start = (await pull(s.token)).json() as { checkpoint: string };
    const slow = await hq.pool.connect();
    try {
      await slow.query('begin');
      await slow.query("insert into reference_rows (warehouse_id, kind, key, body) values ('WH-NJ-01', 'catalog', 'slow', '{}')");
      await upsertReference(hq.pool, 'WH-NJ-01', [{ kind: 'catalog', key: 'fast', body: sample.catalog[0] }]);
      // Only these two rows are looked at: other test files' transactions (other databases, the same server)
      // hold every snapshot's horizon back too, so rows written before `start` may come now — never skipped.
      const during = (await pull(s.token, start.checkpoint)).json() as { rows: { key: string }[]; checkpoint: string };
      expect(during.rows.filter((r) => r.key === 'fast' || r.key === 'slow')).toEqual([]);
      await slow.query('commit');
    } finally {
      slow.release();
    }
    await olderTransactionsEnded(hq.pool);
    const after = (await pull(s.token, start.checkpoint)).json() as { rows: { key: string }[] };
    expect(
      after.rows
        .map((r) => r.key)
        .filter((k) => k === 'fast' || k === 'slow')
        .sort(),
    ).toEqual(['fast', 'slow']);
  });
});
