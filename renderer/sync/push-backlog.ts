import { StationError } from '../../shared/errors';
import type { StationApi } from '../../shared/ipc/contract';
import { PUSH_AUDIT_MAX, PUSH_BATCH_MAX, PUSHES_IN_FLIGHT, type PushResponse } from '../../shared/sync/protocol';
import type { OutboxRow, StationDb } from '../db/station-db';
import { acknowledge, auditEventsAfter, noteAuditSentWhole, syncCursor, unsentRecords } from '../ledger';

const BATCH = Math.min(200, PUSH_BATCH_MAX);
/** Audit events' JSON per push, at most: with the batch's records, well inside the 4 MB the station's channel carries. */
const AUDIT_CHARS = 500_000;

interface OnTheWay {
  items: OutboxRow[];
  answer: Promise<PushResponse>;
  /** Sent while an earlier batch was still on the way. */
  ahead: boolean;
}

/** HQ found this batch's first record after a gap: for a batch sent ahead, the one before it had not landed yet. */
const isGap = (err: unknown) => err instanceof StationError && err.code === 'sequence_gap';

/**
 * Pushes every record HQ has not acknowledged, with up to PUSHES_IN_FLIGHT batches on the way: HQ makes
 * the next ready while the one before commits, so a backlog drains faster than batch after batch. Answers
 * are recorded in order, each only after HQ gave it (`acknowledge` never moves back). A batch sent ahead
 * that HQ reached before the one before it finds a gap: not a fault, it is sent again after. Any other
 * failure stops the pushing once the batches on the way have answered, and is thrown.
 * `afterEach`: called after each recorded answer.
 */
export async function pushBacklog(
  db: StationDb,
  api: Pick<StationApi, 'hqPush'>,
  installId: string,
  now: () => Date,
  afterEach: () => Promise<void>,
): Promise<void> {
  for (;;) {
    const { ackSeq } = await syncCursor(db);
    const onTheWay: OnTheWay[] = [];
    let next = ackSeq;
    let drained = false;
    let failure: unknown;
    let again = false;
    const send = async () => {
      const items = await unsentRecords(db, next, BATCH);
      if (items.length === 0) {
        drained = true;
        return;
      }
      // Audit events from the chain's head HQ last acknowledged, even ahead: HQ skips those it has, and a batch
      // that lands after a failed one never shows HQ a chain with a hole in it.
      const audit = await auditEventsAfter(db, (await syncCursor(db)).auditAnchorSeq, PUSH_AUDIT_MAX, AUDIT_CHARS);
      if (audit.length > 0) await noteAuditSentWhole(db, audit[0]!.seq);
      const answer = api.hqPush({
        installId,
        items: items.map((o) => ({ seq: o.seq, type: o.type, v: o.v ?? 1, payload: o.payload, createdAt: o.createdAt })),
        audit,
        // What waits after this batch: HQ's fleet view shows a station falling behind.
        health: { waiting: Math.max(0, (await db.outbox.count()) - items.length) },
      });
      answer.catch(() => undefined); // read in order below
      onTheWay.push({ items, answer, ahead: onTheWay.length > 0 });
      next = items.at(-1)!.seq;
    };
    while (!drained && onTheWay.length < PUSHES_IN_FLIGHT) await send();
    while (onTheWay.length > 0) {
      const batch = onTheWay.shift()!;
      let answer: PushResponse | undefined;
      try {
        answer = await batch.answer;
      } catch (err) {
        if (batch.ahead && isGap(err)) again = true;
        else failure ??= err;
      }
      if (answer) {
        await acknowledge(db, batch.items, answer, now());
        await afterEach();
        // HQ stopped inside the batch: whatever follows waits for the next round.
        if (answer.ackSeq < batch.items.at(-1)!.seq) failure ??= null;
      }
      if (failure === undefined && !again && !drained) await send();
    }
    if (failure) throw failure;
    if (failure === null || !again) return;
  }
}
