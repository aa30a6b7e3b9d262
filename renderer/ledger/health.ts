import type { StationDb } from '../db/station-db';
import { recordUserAction, type Actor } from './record-action';
import { BESIDE_THE_CLERK, checkAuditChain, sweepAuditChain, verifyAuditChain, type ChainProblem } from './audit-chain';
import { requireManager } from './common';
import { syncCursor } from './sync-state';

/** How the station's records stand, for the support bundle: counts and checks, never the records. Reads only. */
export async function stationHealth(db: StationDb) {
  const counts: Record<string, number> = {};
  for (const table of db.tables) counts[table.name] = await table.count();
  const { ackSeq, lastSeq } = await syncCursor(db);
  const oldestUnsent = await db.outbox.where('seq').above(ackSeq).first();
  // Counted by the state index: a year's labels are a million rows, never all read into memory for a count.
  const printJobs: Record<string, number> = {};
  for (const state of (await db.printJobs.orderBy('state').uniqueKeys()) as string[])
    printJobs[state] = await db.printJobs.where('state').equals(state).count();
  return {
    dbVersion: db.verno,
    counts,
    auditChain: await verifyAuditChain(db),
    sync: { ackSeq, lastSeq, unsent: lastSeq - ackSeq, oldestUnsentAt: oldestUnsent?.createdAt ?? null },
    printJobs,
  };
}
export type StationHealth = Awaited<ReturnType<typeof stationHealth>>;

/**
 * Frees space: photos HQ already holds, taken more than `olderThanDays` ago, are removed from the station
 * (HQ's copy stays the evidence; units keep the hash that names it). Photos not yet at HQ are never removed.
 */
export async function pruneUploadedPhotos(db: StationDb, actor: Actor, input: { olderThanDays: number; now?: Date }): Promise<number> {
  if (input.olderThanDays < 1) return 0;
  const now = input.now ?? new Date();
  const cutoff = new Date(now.getTime() - input.olderThanDays * 86_400_000).toISOString();
  if (actor.who !== 'system') await requireManager(db, actor);
  const prunable = (p: { uploadedAt?: string; takenAt: string }) => p.uploadedAt !== undefined && p.takenAt < cutoff;
  // Nothing to remove: no action, no audit event (the station checks this whenever space runs low).
  if ((await db.photos.filter(prunable).count()) === 0) return 0;
  return recordUserAction(
    db,
    actor,
    ['photos'],
    async () => {
      const old = (await db.photos.filter(prunable).toArray()).map((p) => p.sha256);
      await db.photos.bulkDelete(old);
      return { result: old.length, record: { action: 'photos.pruned', entity: 'photos', entityId: cutoff, after: { count: old.length, sha256: old } } };
    },
    now,
    { whenDayClosed: 'allow' },
  );
}

const startChecks = new WeakMap<StationDb, Promise<ChainProblem | null>>();

/**
 * The audit chain, checked once per start of the station, beside the clerk (small pages, pausing between
 * them): what was recorded since the last check, then the next slice of the part verified before.
 */
export function startAuditCheck(db: StationDb): Promise<ChainProblem | null> {
  let check = startChecks.get(db);
  if (!check) {
    check = (async () => (await checkAuditChain(db, BESIDE_THE_CLERK)) ?? (await sweepAuditChain(db, BESIDE_THE_CLERK)))().catch((err: Error) => ({
      seq: 0,
      problem: `could not be read: ${err.message}`,
    }));
    startChecks.set(db, check);
  }
  return check;
}
