import type pg from 'pg';
import type { z } from 'zod';
import type { OutboxItem, PushResponse, PushRequestSchema } from '../../shared/sync/protocol';
import { applyItem, Rejection, type Scope } from './apply';
import { planBatch, writeBatch, type BatchPlan } from './apply-batch';
import { keepRecords, recordLogDocument } from './record-log';
import { recordReturnEvents } from './return-events';
import type { StationIdentity } from './auth';
import { inTransaction } from './db';
import { continueAuditChain, keepAuditEvents } from './audit-events';
import { PushRefused } from './push-refused';

/**
 * Applies one pushed batch in one transaction, with the station's row locked: records at or below the
 * station's cursor are skipped (a repeat), a record past cursor + 1 is a gap and stops the batch, each
 * new record is kept byte for byte and applied to the typed tables — or, if it cannot be (a record HQ
 * refuses for good), kept as a rejection while the cursor still moves on, so one bad record never wedges
 * the station's outbox. The audit chain's links must continue from the last head HQ saw.
 */
export async function applyPush(pool: pg.Pool, who: StationIdentity, body: z.output<typeof PushRequestSchema>): Promise<PushResponse> {
  if (body.installId !== who.installId) {
    throw new PushRefused(409, 'reenrol_required', 'This station’s database is not the one that was enrolled (it was cleared, or this is another browser): enrol the station again.');
  }
  const scope = { warehouseId: who.warehouseId, stationId: who.stationId };
  const items = [...body.items].sort((a, b) => a.seq - b.seq);
  return inTransaction(pool, async (client) => {
    const locked = client.query<{ install_id: string; last_seq: string; audit_head_seq: string; audit_head_hash: string | null }>(
      'select install_id, last_seq, audit_head_seq, audit_head_hash from stations where warehouse_id = $1 and station_id = $2 for update',
      [who.warehouseId, who.stationId],
    );
    // While PostgreSQL takes the station's lock — at once, or when the station's batch before this one
    // commits (it keeps PUSHES_IN_FLIGHT on the way) — the batch is validated, planned and serialized, so
    // the lock is held only for PostgreSQL's own work. Assumes every record is new; re-done if some were not.
    const ready = prepareRecords(scope, items);
    const station = (await locked).rows[0];
    if (!station || station.install_id !== body.installId) throw new PushRefused(409, 'reenrol_required', 'This station was enrolled again from another install: enrol it again.');

    const audit = continueAuditChain({ seq: Number(station.audit_head_seq), hash: station.audit_head_hash }, body.audit);
    const headSeq = audit.head.seq;
    const headHash = audit.head.hash;
    if (audit.events.length > 0) await keepAuditEvents(client, scope, body.installId, audit.events);

    let last = Number(station.last_seq);
    const rejected: PushResponse['rejected'] = [];
    const first = items.find((i) => i.seq > last);
    if (first && first.seq !== last + 1) {
      throw new PushRefused(409, 'sequence_gap', `Record ${first.seq} came before ${last + 1}: HQ takes records in order, without gaps.`, { ackSeq: last });
    }
    // The new records: those after the cursor, in order, up to the first gap.
    const fresh: typeof items = [];
    for (const item of items) {
      if (item.seq <= last + fresh.length) continue;
      if (item.seq !== last + fresh.length + 1) break;
      fresh.push(item);
    }
    if (fresh.length > 0) {
      rejected.push(...(await applyRecords(client, scope, body.installId, fresh, fresh.length === items.length ? ready : prepareRecords(scope, fresh))));
      last += fresh.length;
    }
    await client.query('update stations set last_seq = $3, audit_head_seq = $4, audit_head_hash = $5 where warehouse_id = $1 and station_id = $2', [who.warehouseId, who.stationId, last, headSeq, headHash]);
    return { ackSeq: last, rejected, auditHeadSeq: headSeq };
  }, PUSH_BEGIN);
}

/**
 * A push's statements are the same every time and find rows by key: planned once per connection, not
 * re-planned for each of the first pushes (PostgreSQL's default tries five custom plans first, ~10 ms a push).
 */
const PUSH_BEGIN = 'begin; set local plan_cache_mode = force_generic_plan';

type Rejected = PushResponse['rejected'];

/** A batch made ready before its lock: the record log's document and the bulk plan, if bulk can take it. */
export interface PreparedRecords {
  log: string;
  plan: { ok: true; value: BatchPlan } | { ok: false };
}

/** Pure: nothing is read or written. A batch bulk cannot take (a refused record, a change before its row) has no plan. */
export function prepareRecords(scope: Scope, items: OutboxItem[]): PreparedRecords {
  const log = recordLogDocument(items);
  try {
    return { log, plan: { ok: true, value: planBatch(scope, items) } };
  } catch {
    return { log, plan: { ok: false } };
  }
}

/**
 * Keeps and applies new records in order. Fast path: the whole batch in bulk under one savepoint. Should any record
 * fail (or the batch not be one bulk can take), it is applied again record by record, each under its own
 * savepoint, so only that one is refused.
 */
export async function applyRecords(client: pg.ClientBase, scope: Scope, installId: string, items: OutboxItem[], ready = prepareRecords(scope, items)): Promise<Rejected> {
  if (ready.plan.ok) {
    await client.query('savepoint batch');
    try {
      await keepRecords(client, scope, installId, ready.log);
      await writeBatch(client, scope, installId, ready.plan.value);
      await client.query('release savepoint batch');
      return [];
    } catch {
      await client.query('rollback to savepoint batch');
    }
  }
  await keepRecords(client, scope, installId, ready.log);
  return applyOneByOne(client, scope, installId, items);
}

/** The reference: each record applied on its own; one HQ cannot take is kept as a rejection. */
export async function applyOneByOne(client: pg.ClientBase, scope: Scope, installId: string, items: OutboxItem[]): Promise<Rejected> {
  const rejected: Rejected = [];
  for (const item of items) {
    await client.query('savepoint item');
    try {
      await applyItem(client, scope, item);
      await recordReturnEvents(client, scope, item);
      await client.query('release savepoint item');
    } catch (err) {
      await client.query('rollback to savepoint item');
      const code = err instanceof Rejection ? err.code : 'apply_failed';
      const message = err instanceof Error ? err.message : String(err);
      await client.query('insert into sync_rejections (warehouse_id, station_id, install_id, seq, code, message) values ($1, $2, $3, $4, $5, $6)', [scope.warehouseId, scope.stationId, installId, item.seq, code, message]);
      rejected.push({ seq: item.seq, code, message });
    }
  }
  return rejected;
}
