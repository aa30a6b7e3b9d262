import { errorAction, type StationErrorData } from '../../shared/errors';
import type { Label } from '../../shared/labels/label';
import type { PrintJobRow, StationDb } from '../db/station-db';
import { recordUserAction, type Actor, type OutboxItem } from './record-action';

/** Waits between automatic retries of a failed print; the last repeats. */
export const RETRY_DELAYS_MS = [2000, 5000, 15_000, 30_000, 60_000];

const newId = () => crypto.randomUUID();
const at = (now: Date, plusMs = 0) => new Date(now.getTime() + plusMs).toISOString();

/** A new queued job for a label, due now. */
export function newPrintJob(label: Label, printerId: string, createdBy: string, now: Date, reprintOf?: string): PrintJobRow {
  return {
    id: newId(),
    code: label.code,
    label,
    printerId,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: at(now),
    createdAt: at(now),
    createdBy,
    ...(reprintOf ? { reprintOf } : {}),
  };
}

/** What HQ is told when a label is queued; a correction's label also names the one it supersedes. */
export function labelJobCreated(row: PrintJobRow, options: { supersedes?: boolean } = {}): OutboxItem {
  const reprintOf = row.reprintOf ?? null;
  return {
    type: 'labelJob.created',
    payload: {
      id: row.id,
      code: row.code,
      kind: row.label.kind,
      reprintOf,
      ...(options.supersedes ? { supersedes: reprintOf } : {}),
      createdAt: row.createdAt,
    },
  };
}

/** Queues a label (a clerk's action: audited, and told to HQ). Printing happens in the worker. */
export function enqueueLabel(
  db: StationDb,
  actor: Actor,
  job: { label: Label; printerId: string; reprintOf?: string },
  now = new Date(),
): Promise<PrintJobRow> {
  return recordUserAction(
    db,
    actor,
    ['printJobs'],
    async () => {
      const row = newPrintJob(job.label, job.printerId, actor.who, now, job.reprintOf);
      await db.printJobs.add(row);
      return {
        result: row,
        record: {
          action: job.reprintOf ? 'label.reprint' : 'label.enqueue',
          entity: 'printJob',
          entityId: row.id,
          after: { code: row.code, kind: row.label.kind, printerId: row.printerId, reprintOf: row.reprintOf },
          outbox: labelJobCreated(row),
        },
      };
    },
    now,
  );
}

/** Prints a past label again, as a new job that says which one it reprints. */
export async function reprintJob(db: StationDb, actor: Actor, jobId: string, now = new Date()): Promise<PrintJobRow> {
  let original = await db.printJobs.get(jobId);
  // A label a correction superseded is never printed again: its newest version is.
  for (let hops = 0; original?.supersededBy && hops < 100; hops++) original = await db.printJobs.get(original.supersededBy);
  if (!original) throw new Error(`No print job ${jobId}`);
  return enqueueLabel(db, actor, { label: original.label, printerId: original.printerId, reprintOf: original.reprintOf ?? original.id }, now);
}

/** A failed job — or one whose outcome a person checked and found not printed — printed again now. */
export function retryJob(db: StationDb, actor: Actor, jobId: string, now = new Date()): Promise<void> {
  return recordUserAction(
    db,
    actor,
    ['printJobs'],
    async () => {
      const job = await db.printJobs.get(jobId);
      if (!job || (job.state !== 'failed' && job.state !== 'unconfirmed')) throw new Error('Only a failed or unconfirmed print can be printed again.');
      await db.printJobs.update(jobId, { state: 'queued', nextAttemptAt: at(now) });
      return {
        result: undefined,
        record: { action: 'label.retry', entity: 'printJob', entityId: jobId, before: { state: job.state, lastError: job.lastError } },
      };
    },
    now,
  );
}

/** A person checked the printer: the unconfirmed label did come out. Audited; nothing is printed. */
export function confirmPrinted(db: StationDb, actor: Actor, jobId: string, now = new Date()): Promise<void> {
  return recordUserAction(
    db,
    actor,
    ['printJobs'],
    async () => {
      const job = await db.printJobs.get(jobId);
      if (job?.state !== 'unconfirmed') throw new Error('Only a print waiting for confirmation can be confirmed.');
      const done: PrintJobRow = { ...job, state: 'done', doneAt: at(now) };
      delete done.nextAttemptAt;
      await db.printJobs.put(done);
      return {
        result: undefined,
        record: { action: 'label.confirmPrinted', entity: 'printJob', entityId: jobId, before: { state: job.state, lastError: job.lastError } },
      };
    },
    now,
  );
}

/** The newest job for a scanned code (an LPN, an RMA…). */
export async function latestJobForCode(db: StationDb, code: string): Promise<PrintJobRow | undefined> {
  const jobs = await db.printJobs.where('code').equals(code).toArray();
  return jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** Takes the oldest job that is due and marks it printing, in one transaction. */
export function claimNextJob(db: StationDb, now = new Date()): Promise<PrintJobRow | undefined> {
  return db.transaction('rw', db.printJobs, async () => {
    const due = await db.printJobs.where('nextAttemptAt').belowOrEqual(at(now)).toArray();
    const job = due.filter((j) => j.state === 'queued' || j.state === 'failed').sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!job) return undefined;
    const claimed: PrintJobRow = { ...job, state: 'printing', attempts: job.attempts + 1 };
    delete claimed.nextAttemptAt;
    await db.printJobs.put(claimed);
    return claimed;
  });
}

/** Records how a print attempt ended: done, or failed with its reason and when to try again. */
export function completeJob(db: StationDb, id: string, outcome: { ok: true; confirmed?: boolean } | { ok: false; error: StationErrorData }, now = new Date()) {
  return db.transaction('rw', db.printJobs, async () => {
    const job = await db.printJobs.get(id);
    if (!job) return;
    if (outcome.ok) {
      // Sent but not confirmed (a printer that does not answer status): done, and shown as such.
      const done: PrintJobRow = { ...job, state: 'done', doneAt: at(now), confirmed: outcome.confirmed ?? true };
      delete done.lastError;
      delete done.lastErrorCode;
      delete done.nextAttemptAt;
      await db.printJobs.put(done);
      return;
    }
    // What the failure means comes from the one list of codes. A call that may have run — bytes that may
    // have reached the printer, or a request to the station service whose answer was lost (the connection
    // dropped, it timed out) — is never printed again by itself: a person checks (at most once). Only a
    // printer that was not reached (off, busy) is tried again by itself.
    const action = errorAction(outcome.error.code);
    const unknown = action === 'outcome_unknown';
    const retry = action === 'retry' || action === 'back_off';
    const failed: PrintJobRow = { ...job, state: unknown ? 'unconfirmed' : 'failed', lastError: outcome.error.message, lastErrorCode: outcome.error.code };
    if (retry) failed.nextAttemptAt = at(now, RETRY_DELAYS_MS[Math.min(job.attempts - 1, RETRY_DELAYS_MS.length - 1)]);
    else delete failed.nextAttemptAt;
    await db.printJobs.put(failed);
  });
}

/**
 * At start: a job left `printing` was cut off by a crash or power loss. Whether paper came out cannot
 * be known, so it is not retried on its own (that could print it twice): it waits, unconfirmed, for a person.
 */
export function recoverInterruptedJobs(db: StationDb): Promise<number> {
  return db.transaction('rw', db.printJobs, async () => {
    const stuck = await db.printJobs.where('state').equals('printing').toArray();
    for (const job of stuck) {
      const failed: PrintJobRow = {
        ...job,
        state: 'unconfirmed',
        lastErrorCode: 'print_interrupted',
        lastError: 'Interrupted while printing (the station stopped). Check the printer: confirm if the label came out, else print it again.',
      };
      delete failed.nextAttemptAt;
      await db.printJobs.put(failed);
    }
    return stuck.length;
  });
}
