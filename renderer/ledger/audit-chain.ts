import type { AuditEventRow, StationDb } from '../db/station-db';
import { GENESIS_HASH, hashAuditEvent } from './record-action';

export interface ChainProblem {
  seq: number;
  problem: string;
}

interface Link {
  seq: number;
  hash: string;
}

const AUDIT_PAGE = 5000;
/** The last event pruned from the station (`seq:hash`, HQ holds it and all before it): the chain starts after it. */
export const AUDIT_PRUNED_THROUGH = 'auditPrunedThrough';
/** Every event up to this link was verified from the first one: later checks start after it (`seq:hash`). */
const VERIFIED = 'auditVerified';
/** The first break any check found, kept (JSON): a later day close signs it even if that check starts after it. */
const BROKEN = 'auditBroken';
/** Where the next start-up sweep re-reads the verified part of the chain. */
const SWEEP = 'auditSweep';
/**
 * Events of the verified part re-hashed at each start: a year of a busy dock is millions of events, so each
 * start re-reads a slice of them (≈ 20 µs an event) and the whole chain is read again every few starts.
 */
const SWEEP_EVENTS = 250_000;

/**
 * Between pages of a check run outside a transaction: the clerk's keys and the screen go first. The
 * browser's `scheduler.yield` where there is one (a timeout is held back 4 ms once nested).
 */
const pauseForTheClerk = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};
interface RangeOptions {
  pageSize?: number;
  /** The last seq to read (the newest event when absent). */
  upTo?: number;
  /** Between pages, outside a transaction only: gives the main thread back to the clerk. */
  pause?: () => Promise<void>;
}

/** A check run outside a transaction, beside the clerk: 1 000-event pages (~20 ms of hashing each), yielding between them. */
export const BESIDE_THE_CLERK: Omit<RangeOptions, 'upTo'> = { pageSize: 1000, pause: pauseForTheClerk };

/**
 * Checks the whole audit chain; returns the first event that does not fit, or null when all do. Read a
 * page at a time: never all in memory at once, and beside the clerk (outside any transaction). For the
 * backup and the support bundle, which vouch for all of it; the start-up check and the day close read only
 * what was not verified before (`checkAuditChain`).
 */
export async function verifyAuditChain(db: StationDb, opts: Omit<RangeOptions, 'upTo'> = BESIDE_THE_CLERK): Promise<ChainProblem | null> {
  return (await verifyRange(db, await chainStart(db), opts)).problem;
}

/** The same check over events held in memory, in seq order, continuing from `from` (the chain's start by default). */
export function verifyAuditEvents(events: readonly AuditEventRow[], from = { prevHash: GENESIS_HASH, seq: 1 }): ChainProblem | null {
  let prevHash = from.prevHash;
  let expectedSeq = from.seq;
  for (const event of events) {
    const { hash, ...rest } = event;
    if (event.seq !== expectedSeq) return { seq: event.seq, problem: `sequence jumps from ${expectedSeq - 1} to ${event.seq}` };
    if (event.prevHash !== prevHash) return { seq: event.seq, problem: 'previous hash does not match' };
    if (hashAuditEvent(rest) !== hash) return { seq: event.seq, problem: 'event was changed after it was written' };
    prevHash = hash;
    expectedSeq++;
  }
  return null;
}

/** From `from` (the first seq to read and the hash it must link to) on, a page at a time; the last link read. */
async function verifyRange(
  db: StationDb,
  from: { prevHash: string; seq: number },
  opts: RangeOptions,
): Promise<{ problem: ChainProblem | null; last: Link | null }> {
  const pageSize = opts.pageSize ?? AUDIT_PAGE;
  let next = from;
  let last: Link | null = null;
  for (;;) {
    const range =
      opts.upTo === undefined ? db.auditEvents.where('seq').aboveOrEqual(next.seq) : db.auditEvents.where('seq').between(next.seq, opts.upTo, true, true);
    const page = await range.limit(pageSize).toArray();
    // Nothing at or past the next seq: the range ends here (a gap would show as a jump in the next page).
    if (page.length === 0) return { problem: null, last };
    const problem = verifyAuditEvents(page, next);
    if (problem) return { problem, last };
    const end = page.at(-1)!;
    last = { seq: end.seq, hash: end.hash };
    next = { prevHash: end.hash, seq: end.seq + 1 };
    if (page.length < pageSize) return { problem: null, last };
    await opts.pause?.();
  }
}

const parseLink = (value: unknown): Link | null => {
  const m = typeof value === 'string' ? /^(\d+):([0-9a-f]{64})$/.exec(value) : null;
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
};

/** The last event every check so far found sound, with all before it (null before the first check). */
export async function verifiedLink(db: StationDb): Promise<Link | null> {
  return parseLink((await db.meta.get(VERIFIED))?.value);
}

/** Where the station's chain starts: its first event, or the one after the last pruned (linking to its hash). */
export async function chainStart(db: StationDb): Promise<{ seq: number; prevHash: string }> {
  const pruned = parseLink((await db.meta.get(AUDIT_PRUNED_THROUGH))?.value);
  return pruned ? { seq: pruned.seq + 1, prevHash: pruned.hash } : { seq: 1, prevHash: GENESIS_HASH };
}

/** The first break any check found, if one was: kept until the station's database is replaced. */
export async function keptProblem(db: StationDb): Promise<ChainProblem | null> {
  const row = await db.meta.get(BROKEN);
  if (typeof row?.value !== 'string') return null;
  try {
    const kept = JSON.parse(row.value) as ChainProblem;
    return typeof kept.seq === 'number' && typeof kept.problem === 'string' ? kept : { seq: 0, problem: 'a break was recorded' };
  } catch {
    return { seq: 0, problem: 'a break was recorded' };
  }
}

/**
 * Whether `problem` is still there, read again where it is kept: a check runs for a while beside the clerk,
 * and the database may have been replaced under it (a backup imported) — the old chain's break must not be
 * pinned on the new one.
 */
async function stillThere(db: StationDb, problem: ChainProblem): Promise<boolean> {
  const head = await db.auditEvents.orderBy('seq').last();
  if (!head || head.seq < problem.seq) return false;
  const start = await chainStart(db);
  const first = problem.seq <= start.seq;
  const [before, event] = await Promise.all([first ? undefined : db.auditEvents.get(problem.seq - 1), db.auditEvents.get(problem.seq)]);
  if (!event || (!first && !before)) return true;
  const verified = await verifiedLink(db);
  if (verified?.seq === problem.seq && verified.hash !== event.hash) return true;
  return verifyAuditEvents(before ? [before, event] : [event], before ? { prevHash: before.prevHash, seq: before.seq } : start) !== null;
}

/** The first break found is kept (a later one does not replace it). Inside the day close's transaction or on its own. */
async function keepProblem(db: StationDb, problem: ChainProblem) {
  await db.transaction('rw', [db.meta, db.auditEvents], async () => {
    if (!(await keptProblem(db)) && (await stillThere(db, problem))) await db.meta.put({ key: BROKEN, value: JSON.stringify(problem) });
  });
}

/** The mark moves only forward, and only to an event that is still the one verified (its hash names all before it). */
async function markVerified(db: StationDb, last: Link) {
  await db.transaction('rw', [db.meta, db.auditEvents], async () => {
    const [event, current] = await Promise.all([db.auditEvents.get(last.seq), db.meta.get(VERIFIED)]);
    if (event?.hash === last.hash && last.seq > (parseLink(current?.value)?.seq ?? 0)) await db.meta.put({ key: VERIFIED, value: `${last.seq}:${last.hash}` });
  });
}

/**
 * The chain's verdict without reading all of it again: a break found before (kept), else the events after
 * the last verified link — that link's own event re-hashed first, so it cannot be changed under the mark —
 * up to the newest, which then becomes the verified link. Bounded by what was recorded since the last check
 * (a day at most when it runs at every start and day close), not by the station's age. Runs inside the
 * caller's transaction (the day close: `meta` and `auditEvents` in scope, no `pause`) or on its own.
 */
export async function checkAuditChain(db: StationDb, opts: Omit<RangeOptions, 'upTo'> = {}): Promise<ChainProblem | null> {
  const kept = await keptProblem(db);
  if (kept) return kept;
  const verified = await verifiedLink(db);
  let from = await chainStart(db);
  if (verified) {
    const event = await db.auditEvents.get(verified.seq);
    const { hash, ...rest } = event ?? { hash: '' };
    const problem = !event
      ? { seq: verified.seq, problem: 'a verified event is missing' }
      : hash !== verified.hash || hashAuditEvent(rest as Omit<AuditEventRow, 'hash'>) !== hash
        ? { seq: verified.seq, problem: 'event was changed after it was written' }
        : null;
    if (problem) {
      await keepProblem(db, problem);
      return problem;
    }
    from = { prevHash: verified.hash, seq: verified.seq + 1 };
  }
  const { problem, last } = await verifyRange(db, from, opts);
  if (problem) {
    await keepProblem(db, problem);
    return problem;
  }
  if (last) await markVerified(db, last);
  return null;
}

/**
 * Re-reads the next slice of the verified part of the chain (after `checkAuditChain` moved the mark), so an
 * old event changed in place is found within a few starts without any start reading millions of events.
 * Wraps to the chain's first event (after any pruned) once it reaches the mark.
 */
export async function sweepAuditChain(db: StationDb, opts: Omit<RangeOptions, 'upTo'> & { events?: number } = {}): Promise<ChainProblem | null> {
  const verified = await verifiedLink(db);
  if (!verified) return null;
  const at = (await db.meta.get(SWEEP))?.value;
  const first = await chainStart(db);
  const start = typeof at === 'number' && at >= first.seq && at <= verified.seq ? at : first.seq;
  const before = start === first.seq ? null : await db.auditEvents.get(start - 1);
  if (start > first.seq && !before) {
    const problem = { seq: start - 1, problem: 'a verified event is missing' };
    await keepProblem(db, problem);
    return problem;
  }
  const upTo = Math.min(verified.seq, start + (opts.events ?? SWEEP_EVENTS) - 1);
  const { problem, last } = await verifyRange(db, { prevHash: before?.hash ?? first.prevHash, seq: start }, { ...opts, upTo });
  if (problem) {
    await keepProblem(db, problem);
    return problem;
  }
  // A slice that ends before `upTo` lost events in the middle of the verified part.
  if ((last?.seq ?? start - 1) < upTo) {
    const gap = { seq: (last?.seq ?? start - 1) + 1, problem: 'a verified event is missing' };
    await keepProblem(db, gap);
    return gap;
  }
  await db.meta.put({ key: SWEEP, value: upTo >= verified.seq ? first.seq : upTo + 1 });
  return null;
}
