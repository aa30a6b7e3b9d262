import type { AuditEvent } from '../../shared/audit/audit-event';
import type { PullResponse, PushResponse } from '../../shared/sync/protocol';
import { policyKey } from './policies';
import type { OutboxRow, StationDb } from '../db/station-db';
import { newId } from './common';

const meta = async (db: StationDb, key: string) => (await db.meta.get(key))?.value;

/**
 * The station's install id: created once, the first time anyone asks, and kept with the records. A
 * store that was cleared gets a new one, and HQ (which knows the old one) asks for re-enrolment.
 */
export function installId(db: StationDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const current = await meta(db, 'installId');
    if (typeof current === 'string') return current;
    const id = newId();
    await db.meta.put({ key: 'installId', value: id });
    return id;
  });
}

/** HQ's LPN prefix for this station, given at enrolment: LPNs are unique in the company from then on. */
export async function setLpnPrefix(db: StationDb, prefix: string) {
  await db.meta.put({ key: 'lpnPrefix', value: prefix });
}

export async function syncCursor(db: StationDb) {
  const [ackSeq, auditAnchorSeq, checkpoint, lastSeq] = await Promise.all([
    meta(db, 'ackSeq'),
    meta(db, 'auditAnchorSeq'),
    meta(db, 'pullCheckpoint'),
    meta(db, 'outboxSeq'),
  ]);
  return {
    ackSeq: typeof ackSeq === 'number' ? ackSeq : 0,
    auditAnchorSeq: typeof auditAnchorSeq === 'number' ? auditAnchorSeq : 0,
    checkpoint: typeof checkpoint === 'string' ? checkpoint : '',
    lastSeq: typeof lastSeq === 'number' ? lastSeq : 0,
  };
}

/** The next records HQ has not acknowledged, in sequence order. */
export function unsentRecords(db: StationDb, ackSeq: number, limit: number): Promise<OutboxRow[]> {
  return db.outbox.where('seq').above(ackSeq).limit(limit).toArray();
}

/**
 * The audit events after `seq`, whole and in order, for HQ to check and keep: at most `limit`, and no more
 * than about `maxChars` of JSON (one event at least) — an event may carry a long list (a photo prune), and a
 * push must stay within what the station's own channel carries.
 */
export async function auditEventsAfter(db: StationDb, seq: number, limit: number, maxChars: number): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let chars = 0;
  for (const e of await db.auditEvents.where('seq').above(seq).limit(limit).toArray()) {
    const event: AuditEvent = {
      seq: e.seq,
      at: e.at,
      who: e.who,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      ...(e.before !== undefined ? { before: e.before } : {}),
      ...(e.after !== undefined ? { after: e.after } : {}),
      prevHash: e.prevHash,
      hash: e.hash,
    };
    chars += JSON.stringify(event).length;
    if (events.length > 0 && chars > maxChars) break;
    events.push(event);
  }
  return events;
}

/**
 * What HQ answered, recorded in one transaction: the acknowledged sequence (never moved back), the
 * records it refused for good, the audit head it now holds. Only called after HQ answered.
 */
export function acknowledge(db: StationDb, sent: OutboxRow[], answer: PushResponse, at: Date) {
  return db.transaction('rw', [db.meta, db.syncRejections], async () => {
    const { ackSeq } = await syncCursor(db);
    if (answer.ackSeq > ackSeq) await db.meta.put({ key: 'ackSeq', value: answer.ackSeq });
    await db.meta.put({ key: 'auditAnchorSeq', value: answer.auditHeadSeq });
    await db.meta.put({ key: 'lastSyncAt', value: at.toISOString() });
    for (const r of answer.rejected) {
      await db.syncRejections.put({ seq: r.seq, type: sent.find((s) => s.seq === r.seq)?.type ?? '?', code: r.code, message: r.message, at: at.toISOString() });
    }
  });
}

/** Acknowledged records older than the retention are dropped from the outbox (HQ holds them). */
export async function pruneAcknowledged(db: StationDb, olderThan: Date, limit = 5000) {
  const { ackSeq } = await syncCursor(db);
  const cutoff = olderThan.toISOString();
  // Records are written in sequence and time order, so the old ones come first: the scan stops at the
  // first recent one rather than reading a week of acknowledged records every round. (A record written
  // under a clock set back waits for the ones before it: kept longer, never pruned early.)
  const old = await db.outbox
    .where('seq')
    .belowOrEqual(ackSeq)
    .until((o) => o.createdAt >= cutoff)
    .limit(limit)
    .toArray();
  await db.outbox.bulkDelete(old.map((o) => o.seq));
}

/**
 * A pulled page of reference data and its checkpoint, in one transaction: the checkpoint never moves
 * past data that is not stored. `reset` (HQ rebuilt the data) clears what was pulled before.
 */
export function applyReferencePage(db: StationDb, page: PullResponse) {
  return db.transaction('rw', [db.expectedReturns, db.catalog, db.policies, db.users, db.returnReceipts, db.hqResolutions, db.meta], async () => {
    if (page.reset) await Promise.all([db.expectedReturns.clear(), db.catalog.clear(), db.users.clear(), db.returnReceipts.clear()]);
    for (const row of page.rows) {
      if (row.deleted) {
        if (row.kind === 'expectedReturn') await db.expectedReturns.delete(row.key);
        if (row.kind === 'catalog') await db.catalog.delete(row.key);
        if (row.kind === 'policy') await db.policies.delete(row.key);
        if (row.kind === 'user') await db.users.delete(row.key);
        if (row.kind === 'returnReceipts') await db.returnReceipts.delete(row.key);
        continue;
      }
      if (row.kind === 'expectedReturn') await db.expectedReturns.put(row.body);
      if (row.kind === 'catalog') await db.catalog.put(row.body);
      if (row.kind === 'policy') await db.policies.put({ ...row.body, key: policyKey(row.body) });
      if (row.kind === 'user') await db.users.put(row.body);
      if (row.kind === 'returnReceipts') await db.returnReceipts.put(row.body);
      // Kept with the page (a crash cannot lose it) and settled by the ledger afterwards (settleHqResolutions).
      if (row.kind === 'exceptionResolution' && !(await db.hqResolutions.get(row.key))) await db.hqResolutions.put({ ...row.body, pending: 1 });
    }
    await db.meta.put({ key: 'pullCheckpoint', value: page.checkpoint });
  });
}

export async function photosToUpload(db: StationDb, limit: number) {
  return db.photos.where('toUpload').equals(1).limit(limit).toArray();
}

export async function markPhotoUploaded(db: StationDb, sha256: string, at: Date) {
  await db.photos.update(sha256, { uploadedAt: at.toISOString(), toUpload: undefined });
}
