import type { z } from 'zod';
import type { Transaction } from 'dexie';
import { GENESIS_HASH, hashAuditEvent } from '../../shared/audit/audit-event';
import { OUTBOX_TYPES, isOutboxType, type OutboxType } from '../../shared/sync/outbox-types';
import { StationError } from '../../shared/errors';
import type { AuditEventRow, StationDb } from '../db/station-db';

export { GENESIS_HASH, hashAuditEvent };

export interface Actor {
  /** Clerk or manager id; 'system' for the station's own work. */
  who: string;
}

export interface ActionRecord {
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** What HQ must learn, each queued under the station's next sequence number, in this order. */
  outbox?: OutboxItem | OutboxItem[];
}

/**
 * A record for HQ, typed from its outbox type's schema: a payload that does not fit its type fails to
 * compile here, not as a rejection at HQ.
 */
export type OutboxItem = { [K in OutboxType]: { type: K; payload: KnownFields<z.input<(typeof OUTBOX_TYPES)[K]['schema']>> } }[OutboxType];
/** A schema's named fields without the index signature a loose schema adds (rows are interfaces, which have none). */
type KnownFields<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** A per-station counter in `meta`, advanced inside the caller's transaction (LPNs, outbox sequence). */
export async function nextCounter(db: StationDb, key: string): Promise<number> {
  const row = await db.meta.get(key);
  const next = (typeof row?.value === 'number' ? row.value : 0) + 1;
  await db.meta.put({ key, value: next });
  return next;
}

/** The last link this handle wrote or read, per database handle: where the next action looks for the chain's end. */
const chainEndSeen = new WeakMap<StationDb, number>();
/** Links read forward from there at most; more (another handle wrote many) and the end is found from the end. */
const FORWARD_LINKS = 200;

/**
 * The audit chain's last link. Read forward from the link this handle saw last: in Chromium's IndexedDB a
 * cursor from the end costs ~4× a keyed read (0.8 against 0.2 ms beside 200 000 events, measured by the
 * bench), on every action. Still the last link whatever happened since: every link from there on is read (a
 * second tab's, say); where there are none from there (a backup restored, an action rolled back) or too many,
 * it is found from the end.
 */
export async function chainEnd(db: StationDb): Promise<AuditEventRow | undefined> {
  const seen = chainEndSeen.get(db);
  if (seen !== undefined) {
    const from = await db.auditEvents.where('seq').aboveOrEqual(seen).limit(FORWARD_LINKS).toArray();
    if (from.length > 0 && from.length < FORWARD_LINKS) return from.at(-1);
  }
  return db.auditEvents.orderBy('seq').last();
}

/** The closed day an instant falls in, if any: a day is closed while its latest close/reopen row is a close. */
export async function closedDayAt(db: StationDb, at: string): Promise<string | null> {
  const rows = await db.dayCloses.where('to').above(at).toArray();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows.sort((a, b) => a.n - b.n)) latest.set(r.date, r);
  for (const r of latest.values()) if (r.kind === 'closed' && r.from <= at) return r.date;
  return null;
}

export interface ActionOptions {
  /** Reference data and the day's own reopening are not dated in the day: they run when it is closed. */
  whenDayClosed?: 'refuse' | 'allow';
}

/** How far an action's own time may be from the station's clock: the time it takes to do it, not a day. */
export const ACTION_TIME_TOLERANCE_MS = 5 * 60_000;

/**
 * One user action = one read-write transaction: `work` writes the domain records and says what happened;
 * the audit event (hash-chained to the previous one) and the outbox row are written in the same
 * transaction, so either all of it is stored or none of it is. `work` must only touch the database.
 * `written`: the work's writes still in flight, awaited with the audit and outbox writes (one trip to
 * the storage process instead of two).
 *
 * One time per action: `when` (the action's own time, as its records say it) dates the audit event and is
 * the time the day lock is checked at — and it must be the station's clock give or take the time the action
 * takes: an action is recorded when it happens, never dated into another day.
 */
export async function recordUserAction<T>(
  db: StationDb,
  actor: Actor,
  tables: string[],
  work: (tx: Transaction) => Promise<{ result: T; record: ActionRecord; written?: Promise<unknown> }>,
  when?: Date,
  options: ActionOptions = {},
): Promise<T> {
  const clock = db.clock();
  const time = when ?? clock;
  if (db.checksActionTimes && Math.abs(time.getTime() - clock.getTime()) > ACTION_TIME_TOLERANCE_MS) {
    throw new StationError(
      'action_time_wrong',
      `This action is dated ${time.toISOString()} but the station's clock says ${clock.toISOString()}: an action is recorded when it happens.`,
      { at: time.toISOString(), clock: clock.toISOString() },
    );
  }
  return db.transaction('rw', [...new Set([...tables, 'auditEvents', 'outbox', 'meta', 'dayCloses'])], async (tx) => {
    const at = time.toISOString();
    // Asked of IndexedDB together rather than one after another (each request is a trip to the browser's
    // storage process): the day lock, the chain's last link and the outbox counter — the work never
    // writes those. A closed day still refuses before anything of the work is kept: the transaction aborts.
    const closedP = options.whenDayClosed !== 'allow' ? closedDayAt(db, at) : Promise.resolve(null);
    const lastP = chainEnd(db);
    // Awaited below; should the work fail first, the transaction aborts and this read with it, unheard.
    lastP.catch(() => undefined);
    const outboxSeqP = db.meta.get('outboxSeq');
    const refuseIfClosed = async () => {
      const closed = await closedP;
      if (closed)
        throw new StationError('day_closed', `The day ${closed} is closed: a manager reopens it (with a reason) before anything more is recorded in it.`, {
          date: closed,
        });
    };
    // The work's reads go out with those three; a closed day wins over any error of the work, and the
    // transaction aborts either way, so nothing the work wrote is kept.
    const [closed, done] = await Promise.allSettled([refuseIfClosed(), work(tx)]);
    if (closed.status === 'rejected') throw closed.reason;
    if (done.status === 'rejected') throw done.reason;
    const { result, record, written } = done.value;
    const last = await lastP;
    if (last) chainEndSeen.set(db, last.seq);
    const event: Omit<AuditEventRow, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at,
      who: actor.who,
      action: record.action,
      entity: record.entity,
      entityId: record.entityId,
      ...(record.before !== undefined ? { before: record.before } : {}),
      ...(record.after !== undefined ? { after: record.after } : {}),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const items = record.outbox === undefined ? [] : Array.isArray(record.outbox) ? record.outbox : [record.outbox];
    for (const item of items) if (!isOutboxType(item.type)) throw new Error(`outbox type ${item.type} has no schema in shared/sync`);
    const counter = (await outboxSeqP)?.value;
    const firstSeq = (typeof counter === 'number' ? counter : 0) + 1;
    await Promise.all([
      written,
      db.auditEvents.add({ ...event, hash: hashAuditEvent(event) }),
      // Stamped with its schema's version: HQ reads each record by the schema it was written under.
      items.length > 0
        ? db.outbox.bulkAdd(
            items.map((item, i) => ({
              seq: firstSeq + i,
              type: item.type,
              v: OUTBOX_TYPES[item.type as keyof typeof OUTBOX_TYPES].v,
              payload: item.payload,
              createdAt: at,
              attempts: 0,
            })),
          )
        : undefined,
      items.length > 0 ? db.meta.put({ key: 'outboxSeq', value: firstSeq + items.length - 1 }) : undefined,
    ]);
    return result;
  });
}
