import type pg from 'pg';
import type { z } from 'zod';
import type { PushResponse, PushRequestSchema } from '../../../shared/sync/protocol';
import type { StationIdentity } from '../auth';
import { inTransaction } from '../db';
import { HqError } from '../errors';
import { applyRecords, BulkFailed, prepareRecords, type ApplyHow } from './apply';
import { continueAuditChain, keepAuditEvents } from './audit';
import type { PushScope } from './scope';
import { writeStationRow, type StationAfterPush } from './station-row';

/**
 * Applies one pushed batch in one transaction, with the station's row locked: records at or below the
 * station's cursor are skipped (a repeat), a record past cursor + 1 is a gap and stops the batch, each
 * new record is kept byte for byte and applied to the typed tables — or, if it cannot be (a record HQ
 * refuses for good: unreadable, another station's, a return this station never received), kept as a
 * rejection while the cursor still moves on, so one bad record never wedges the station's outbox. The
 * audit chain's events must continue from the last head HQ saw.
 */
export async function applyPush(
  pool: pg.Pool,
  who: StationIdentity,
  body: z.output<typeof PushRequestSchema>,
  /** The body's JSON as sent, if at hand: the record log is then kept from it. */
  sent?: string,
): Promise<PushResponse> {
  if (body.installId !== who.installId) {
    throw new HqError(
      'reenrol_required',
      'This station’s database is not the one that was enrolled (it was cleared, or this is another browser): enrol the station again.',
    );
  }
  const scope: PushScope = { warehouseId: who.warehouseId, stationId: who.stationId, installId: who.installId, lpnPrefixes: who.lpnPrefixes };
  const items = [...body.items].sort((a, b) => a.seq - b.seq);
  // Made ready once, while PostgreSQL takes the station's lock the first time.
  let ready: ReturnType<typeof prepareRecords> | undefined;
  // First in bulk without a savepoint (a round trip less); should bulk not take the batch, all again record by record.
  try {
    return await pushOnce('bulk or BulkFailed');
  } catch (err) {
    if (!(err instanceof BulkFailed)) throw err;
    return pushOnce('one by one');
  }

  function pushOnce(how: ApplyHow) {
    return inTransaction(
      pool,
      async (client) => {
        const locked = client.query<{ install_id: string; last_seq: string; audit_head_seq: string; audit_head_hash: string | null; audit_whole: boolean }>({
          name: 'lock-station',
          text: 'select install_id, last_seq, audit_head_seq, audit_head_hash, audit_whole from stations where warehouse_id = $1 and station_id = $2 for update',
          values: [who.warehouseId, who.stationId],
        });
        // While PostgreSQL takes the station's lock — at once, or when the station's batch before this one
        // commits (it keeps PUSHES_IN_FLIGHT on the way) — the batch is read, planned and serialized, so the
        // lock is held only for PostgreSQL's own work. Assumes every record is new; re-done if some were not.
        // The body as sent serves as the record log when its records come in order (as the engine sends them).
        ready ??= prepareRecords(scope, items, body.items.every((item, i) => item === items[i]) ? sent : undefined);
        const station = (await locked).rows[0];
        if (!station || station.install_id !== body.installId)
          throw new HqError('reenrol_required', 'This station was enrolled again from another install: enrol it again.');

        const audit = continueAuditChain({ seq: Number(station.audit_head_seq), hash: station.audit_head_hash }, body.audit, station.audit_whole);
        if (audit.events.length > 0) await keepAuditEvents(client, scope, audit.events);

        let last = Number(station.last_seq);
        const rejected: PushResponse['rejected'] = [];
        const first = items.find((i) => i.seq > last);
        if (first && first.seq !== last + 1) {
          throw new HqError('sequence_gap', `Record ${first.seq} came before ${last + 1}: HQ takes records in order, without gaps.`, { ackSeq: last });
        }
        // The new records: those after the cursor, in order, up to the first gap.
        const fresh: typeof items = [];
        for (const item of items) {
          if (item.seq <= last + fresh.length) continue;
          if (item.seq !== last + fresh.length + 1) break;
          fresh.push(item);
        }
        const health = body.health;
        const after: StationAfterPush = {
          lastSeq: last + fresh.length,
          auditHeadSeq: audit.head.seq,
          auditHeadHash: audit.head.hash,
          auditWhole: audit.whole,
          version: health?.version ?? null,
          waiting: health?.waiting ?? null,
          sentAt: health?.sentAt ?? null,
        };
        // The station's row is written with the records (by the same statement, when the batch allows it).
        if (fresh.length > 0) {
          rejected.push(...(await applyRecords(client, scope, fresh, fresh.length === items.length ? ready : prepareRecords(scope, fresh), after, how)));
          last += fresh.length;
        } else await writeStationRow(client, scope, after);
        return { ackSeq: last, rejected, auditHeadSeq: audit.head.seq };
      },
      PUSH_BEGIN,
    );
  }
}

/**
 * A push's statements are the same every time and find rows by key: planned once per connection, not
 * re-planned for each of the first pushes (PostgreSQL's default tries five custom plans first, ~10 ms a push).
 * A plan kept that long must suit the tables however they grow, with or without fresh statistics (a server
 * may run without autovacuum): so a push's plans may only probe indexes row by row — no hash or merge join,
 * no sequential scan, which a plan made while a warehouse was new would keep as it grew, reading all of its
 * rows for a push of one record.
 */
export const PUSH_BEGIN =
  'begin; set local plan_cache_mode = force_generic_plan; set local enable_hashjoin = off; set local enable_mergejoin = off; set local enable_seqscan = off';
