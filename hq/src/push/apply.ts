import type pg from 'pg';
import type { PushResponse } from '../../../shared/sync/protocol';
import type { OutboxItem } from '../../../shared/sync/protocol';
import { RecordRefused } from '../errors';
import { parseItem, type ParsedItem } from './parse';
import { keepRecords, keepRecordsSafely, keepRejection, type RecordLog } from './record-log';
import { RECORD_TYPES } from './record-types';
import { judgeRefunds } from './refunds-across-stations';
import { SegmentBuilder, type SegmentPlan } from './segment';
import type { PushScope } from './scope';
import { writeStationRow, type StationAfterPush } from './station-row';
import { jsonbCanHold } from './storable';
import { writeSegment } from './write-segment';

type Rejected = PushResponse['rejected'];

/** A batch as it will be written: stretches of records folded into rows, and the records applied alone between them. */
export type BatchPlan = ({ segment: SegmentPlan; document: string } | { alone: ParsedItem })[];

/** A record of a push: its JSON written out only if something needs it apart from the batch (a refusal, a record kept alone). */
export class PreparedRecord {
  private text: string | undefined;
  constructor(
    readonly item: OutboxItem,
    readonly storable: boolean,
  ) {}
  get json(): string {
    this.text ??= JSON.stringify(this.item);
    return this.text;
  }
}

/** A batch made ready before its lock: its records, the record log's document and the bulk plan, if bulk can take it. */
export interface PreparedRecords {
  records: PreparedRecord[];
  /** The record log's rows: the records as a JSON array, or the push's body as sent (its `items`). */
  log: RecordLog;
  plan: { ok: true; value: BatchPlan } | { ok: false };
}

/**
 * Reads and folds a batch's records (pure: nothing is read or written, so it runs while PostgreSQL takes the
 * station's lock). Throws a RecordRefused, or NotBulkable when a change comes before what it changes: the
 * caller then applies the batch record by record, so a refused record is refused exactly as alone.
 */
export function planBatch(scope: PushScope, records: PreparedRecords['records']): BatchPlan {
  const plan: BatchPlan = [];
  const parsed = records.map((r) => parseItem(scope, r.item, r.storable));
  let segment: ParsedItem[] = [];
  const flush = () => {
    if (segment.length > 0) {
      const builder = new SegmentBuilder(scope, segment, (item) => RECORD_TYPES[item.type].opens?.(item.payload));
      for (const item of segment) RECORD_TYPES[item.type].fold!(builder, item.payload, item);
      const folded = builder.finish();
      // Serialized here, with the planning, so a push made ready before its lock sends it straight away.
      const { exceptions: _x, decisions: _d, ...rows } = folded;
      plan.push({ segment: folded, document: JSON.stringify(rows) });
    }
    segment = [];
  };
  for (const item of parsed) {
    if (RECORD_TYPES[item.type].fold) {
      segment.push(item);
      continue;
    }
    flush();
    plan.push({ alone: item });
  }
  flush();
  return plan;
}

/**
 * Pure: nothing is read or written. A batch bulk cannot take (a refused record, a change before its row) has no plan.
 * `sent`, the push's body as sent (its `items` exactly these records): when PostgreSQL can keep all of it, the
 * record log is kept from it, and no record is written out as JSON again; else each record is, to find the
 * one PostgreSQL cannot keep.
 */
export function prepareRecords(scope: PushScope, items: OutboxItem[], sent?: string): PreparedRecords {
  const whole = sent !== undefined && jsonbCanHold(sent);
  const records = items.map((item) => new PreparedRecord(item, whole || jsonbCanHold(JSON.stringify(item))));
  const log: PreparedRecords['log'] = whole
    ? { document: sent, of: 'body' }
    : {
        document: `[${records
          .filter((r) => r.storable)
          .map((r) => r.json)
          .join(',')}]`,
        of: 'records',
      };
  try {
    return { records, log, plan: { ok: true, value: planBatch(scope, records) } };
  } catch {
    return { records, log, plan: { ok: false } };
  }
}

/**
 * Writes a planned batch, whose records are already in the record log (`keepRecords`): one statement per
 * stretch between records applied alone — the same rows as applying them one by one, which stays the
 * reference. Throws NotBulkable (or a RecordRefused) when that would not hold.
 */
export async function writeBatch(client: pg.ClientBase, scope: PushScope, plan: BatchPlan): Promise<void> {
  for (const step of plan) {
    if ('alone' in step) {
      await RECORD_TYPES[step.alone.type].apply({ client, scope, item: step.alone }, step.alone.payload);
      continue;
    }
    const verdicts = await judgeRefunds(client, scope, step.segment.decisions);
    await writeSegment(client, scope, step.segment, step.document, verdicts);
  }
}

/**
 * The bulk write of a batch failed (a record bulk could not take, or PostgreSQL refused the statement) where no
 * savepoint was taken: the transaction is spoiled, and the push starts again with the batch record by record.
 */
export class BulkFailed extends Error {}

/**
 * How a batch is applied: `bulk, else one by one` under a savepoint (the savepoint is a round trip more); `bulk
 * or BulkFailed` with none (a push's first attempt: bulk almost always takes a station's batch); `one by one`.
 */
export type ApplyHow = 'bulk, else one by one' | 'bulk or BulkFailed' | 'one by one';

/**
 * Keeps and applies new records in order, and writes the station's row after them (`station`). Fast path: the
 * whole batch in bulk — a batch of one stretch (the usual) in one statement with its record log and the
 * station's row. Should any record fail (or the batch not be one bulk can take), it is applied record by record,
 * each under its own savepoint, so only that one is refused: after rolling back to the batch's savepoint, or,
 * `bulk or BulkFailed`, in a transaction the caller starts again.
 */
export async function applyRecords(
  client: pg.ClientBase,
  scope: PushScope,
  items: OutboxItem[],
  ready = prepareRecords(scope, items),
  station?: StationAfterPush,
  how: ApplyHow = 'bulk, else one by one',
): Promise<Rejected> {
  if (how === 'bulk or BulkFailed' && !ready.plan.ok) throw new BulkFailed('the batch cannot be written in bulk');
  if (how !== 'one by one' && ready.plan.ok) {
    const savepoint = how === 'bulk, else one by one';
    if (savepoint) await client.query('savepoint batch');
    try {
      await writeInBulk(client, scope, ready.plan.value, ready.log, station);
      // Not released: the push's commit ends it with the transaction, one round trip less.
      return [];
    } catch (err) {
      if (!savepoint) throw new BulkFailed('the batch was not written in bulk', { cause: err });
      await client.query('rollback to savepoint batch');
    }
  }
  const unkept = await keepRecordsSafely(
    client,
    scope,
    ready.records.filter((r) => r.storable),
  );
  const rejected = await applyOneByOne(
    client,
    scope,
    ready.records.map((r) => (unkept.has(r.item.seq) ? new PreparedRecord(r.item, false) : r)),
  );
  if (station) await writeStationRow(client, scope, station);
  return rejected;
}

async function writeInBulk(client: pg.ClientBase, scope: PushScope, plan: BatchPlan, log: RecordLog, station?: StationAfterPush) {
  const [only, ...more] = plan;
  if (only && 'segment' in only && more.length === 0) {
    const verdicts = await judgeRefunds(client, scope, only.segment.decisions);
    await writeSegment(client, scope, only.segment, only.document, verdicts, { log, station });
    return;
  }
  await keepRecords(client, scope, log.document, log.of);
  await writeBatch(client, scope, plan);
  if (station) await writeStationRow(client, scope, station);
}

/** The reference: each record applied on its own; one HQ cannot take is kept as a rejection. */
export async function applyOneByOne(client: pg.ClientBase, scope: PushScope, records: PreparedRecords['records']): Promise<Rejected> {
  const rejected: Rejected = [];
  for (const { item, json, storable } of records) {
    await client.query('savepoint item');
    try {
      const parsed = parseItem(scope, item, storable);
      await RECORD_TYPES[parsed.type].apply({ client, scope, item: parsed }, parsed.payload);
      await client.query('release savepoint item');
    } catch (err) {
      await client.query('rollback to savepoint item');
      const code = err instanceof RecordRefused ? err.code : 'apply_failed';
      const message = err instanceof Error ? err.message : String(err);
      await keepRejection(client, scope, item.seq, code, message, storable ? null : json);
      rejected.push({ seq: item.seq, code, message });
    }
  }
  return rejected;
}

/** For tests and tools: records as a push would prepare them. */
export const preparedOf = (items: OutboxItem[]) => items.map((item) => new PreparedRecord(item, jsonbCanHold(JSON.stringify(item))));
