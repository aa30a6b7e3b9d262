import type { StationDb } from '../db/station-db';
import { AUDIT_PRUNED_THROUGH, chainStart, keptProblem, verifiedLink } from './audit-chain';
import { recordUserAction } from './record-action';
import { syncCursor } from './sync-state';

/** The first audit event this station sent HQ whole: from it on, HQ keeps the events, not only their hashes. */
const SENT_WHOLE_FROM = 'auditSentWholeFrom';

/**
 * Notes, before a push, the first event it sends whole — once: a station that pushed only hashes before
 * this version keeps its older events, HQ never having had their content.
 */
export async function noteAuditSentWhole(db: StationDb, firstSeq: number) {
  if (typeof (await db.meta.get(SENT_WHOLE_FROM))?.value === 'number') return;
  await db.transaction('rw', [db.meta], async () => {
    if (typeof (await db.meta.get(SENT_WHOLE_FROM))?.value !== 'number') await db.meta.put({ key: SENT_WHOLE_FROM, value: firstSeq });
  });
}

/**
 * Removes the station's oldest audit events once HQ keeps them: only events HQ acknowledged having whole,
 * before the last one every check found sound (the checks start from it), and recorded before `olderThan`;
 * from the chain's start, without a hole, the last one removed kept as the chain's new start. So the audit
 * table holds months, not the station's whole life, and every check still links to what HQ holds. A page
 * of at most `limit` per call; returns how many went.
 */
export async function pruneAuditEvents(db: StationDb, olderThan: Date, limit = 5000): Promise<number> {
  const [start, verified, { auditAnchorSeq }, wholeFrom, broken] = await Promise.all([
    chainStart(db),
    verifiedLink(db),
    syncCursor(db),
    db.meta.get(SENT_WHOLE_FROM),
    keptProblem(db),
  ]);
  // A chain found broken keeps everything for whoever looks into it.
  if (broken || !verified || typeof wholeFrom?.value !== 'number' || start.seq < wholeFrom.value) return 0;
  const upTo = Math.min(auditAnchorSeq, verified.seq - 1);
  if (upTo < start.seq) return 0;
  const cutoff = olderThan.toISOString();
  const nothing = new Error('nothing to prune');
  try {
    return await recordUserAction(
      db,
      { who: 'system' },
      ['auditEvents', 'meta'],
      async () => {
        // In order from the start, stopping at the first recent one: the chain keeps no hole.
        const old = await db.auditEvents
          .where('seq')
          .between(start.seq, upTo, true, true)
          .until((e) => e.at >= cutoff)
          .limit(limit)
          .toArray();
        // Nothing to remove (checked at every sync round): no action, no audit event — the transaction is dropped.
        if (old.length === 0 || old[0]!.seq !== start.seq) throw nothing;
        const last = old.at(-1)!;
        await db.auditEvents.bulkDelete(old.map((e) => e.seq));
        await db.meta.put({ key: AUDIT_PRUNED_THROUGH, value: `${last.seq}:${last.hash}` });
        return {
          result: old.length,
          record: {
            action: 'audit.pruned',
            entity: 'audit',
            entityId: `${start.seq}-${last.seq}`,
            after: { count: old.length, from: start.seq, through: last.seq, lastHash: last.hash, recordedBefore: cutoff },
          },
        };
      },
      undefined,
      { whenDayClosed: 'allow' },
    );
  } catch (err) {
    if (err === nothing) return 0;
    throw err;
  }
}
