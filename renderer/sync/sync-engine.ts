import { StationError, triesAgainByItself } from '../../shared/errors';
import type { StationApi } from '../../shared/ipc/contract';
import type { StationDb } from '../db/station-db';
import {
  applyReferencePage,
  installId,
  markPhotoUploaded,
  photosToUpload,
  pruneAcknowledged,
  pruneAuditEvents,
  setLpnPrefix,
  settleHqResolutions,
  syncCursor,
} from '../ledger';
import { pushBacklog } from './push-backlog';

export interface SyncStatus {
  state: 'not_enrolled' | 'online' | 'offline' | 'needs_person';
  recordsWaiting: number;
  photosWaiting: number;
  /** When the oldest record HQ has not acknowledged was written: a stuck queue shows here. */
  oldestWaitingAt?: string;
  lastSuccessAt?: string;
  lastError?: { code: string; message: string };
  /** Records HQ refused for good (HQ keeps them too): a manager looks at them. */
  rejected: number;
}

const PART_BYTES = 1024 * 1024;
const RETENTION_MS = 7 * 86_400_000;
/** Audit events HQ keeps whole stay on the station this long too (the day reports' clerk figures read them). */
const AUDIT_RETENTION_MS = 90 * 86_400_000;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Delivers the outbox to HQ and pulls reference data, in the page: reads the Dexie outbox in sequence
 * order, hands batches to Node (which holds the token), and records what HQ acknowledged only after it
 * answered — never inside a transaction, never before the answer. Network errors and 5xx back off with
 * jitter; a 4xx stops the loop with HQ's words for a person. Photos follow the records that name them.
 */
export function startSyncEngine(
  db: StationDb,
  api: Pick<StationApi, 'hqStatus' | 'hqPush' | 'hqPull' | 'hqPutBlobPart'> & Partial<Pick<StationApi, 'logWrite'>>,
  options: { idleMs?: number; maxBackoffMs?: number; now?: () => Date } = {},
) {
  const idleMs = options.idleMs ?? 5000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  let status: SyncStatus = { state: 'not_enrolled', recordsWaiting: 0, photosWaiting: 0, rejected: 0 };
  const listeners = new Set<(s: SyncStatus) => void>();
  const publish = (next: Partial<SyncStatus>) => {
    status = { ...status, ...next };
    for (const l of listeners) l(status);
  };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeNow: (() => void) | undefined;
  let failures = 0;
  /** A round woken by a new record pushes it; reference data is pulled at the usual pace. */
  let nudged = false;
  let lastPullAt = Number.NEGATIVE_INFINITY;

  const counts = async () => {
    const { ackSeq, lastSeq } = await syncCursor(db);
    const oldest = await db.outbox.where('seq').above(ackSeq).first();
    return {
      // Sequences have no gaps and only acknowledged records are pruned: counting the rows (which
      // IndexedDB does one by one) would make each batch of a long backlog slower than the last.
      recordsWaiting: Math.max(0, lastSeq - ackSeq),
      photosWaiting: await db.photos.where('toUpload').equals(1).count(),
      rejected: await db.syncRejections.count(),
      ...(oldest ? { oldestWaitingAt: oldest.createdAt } : { oldestWaitingAt: undefined }),
      lastSuccessAt: ((await db.meta.get('lastSyncAt'))?.value as string | undefined) ?? undefined,
    };
  };

  /** One round: push everything waiting, upload photos, pull. Returns whether HQ was reached. */
  async function round(): Promise<void> {
    const wasNudged = nudged;
    nudged = false;
    const link = await api.hqStatus();
    const id = await installId(db);
    if (!link.enrolled) return publish({ state: 'not_enrolled', ...(await counts()) });
    if (link.installId !== id) {
      // The Node side enrolled another store: this one was cleared (or is another browser's).
      return publish({
        state: 'needs_person',
        lastError: { code: 'store_replaced', message: 'This station’s records were cleared since it was enrolled: enrol it again (Settings → HQ).' },
        ...(await counts()),
      });
    }
    if (link.lpnPrefix && (await db.meta.get('lpnPrefix'))?.value !== link.lpnPrefix) await setLpnPrefix(db, link.lpnPrefix);

    await pushBacklog(db, api, id, now, async () => publish({ state: 'online', ...(await counts()) }));
    for (const photo of await photosToUpload(db, 20)) {
      const bytes = new Uint8Array(await photo.blob.arrayBuffer());
      const count = Math.max(1, Math.ceil(bytes.length / PART_BYTES));
      for (let index = 0; index < count; index++)
        await api.hqPutBlobPart({ sha256: photo.sha256, index, count, base64: base64(bytes.subarray(index * PART_BYTES, (index + 1) * PART_BYTES)) });
      await markPhotoUploaded(db, photo.sha256, now());
    }
    const pullNow = !wasNudged || Date.now() - lastPullAt >= idleMs;
    for (let page = 0; pullNow && page < 50; page++) {
      if (page === 0) lastPullAt = Date.now();
      const { checkpoint } = await syncCursor(db);
      const answer = await api.hqPull({ checkpoint });
      if (answer.rows.length > 0 || answer.reset || answer.checkpoint !== checkpoint) await applyReferencePage(db, answer);
      if (!answer.more) break;
    }
    // Exceptions resolved at HQ: settled here (a held parcel closes), and told back to HQ on the next push.
    await settleHqResolutions(db, now());
    await pruneAcknowledged(db, new Date(now().getTime() - RETENTION_MS));
    await pruneAuditEvents(db, new Date(now().getTime() - AUDIT_RETENTION_MS));
    publish({ state: 'online', ...(await counts()) });
    const { lastError: _cleared, ...rest } = status;
    status = rest;
  }

  async function loop() {
    while (!stopped) {
      let waitMs = idleMs;
      try {
        await round();
        failures = 0;
      } catch (err) {
        const e = err instanceof StationError ? err : new StationError('internal', (err as Error)?.message ?? String(err));
        // Pushes, pulls and photo uploads are safe to repeat: anything not for a person is tried again.
        const retryable = triesAgainByItself(e.code, true);
        failures++;
        // Exponential back-off with full jitter, capped: a dock full of stations does not stampede HQ.
        waitMs = retryable
          ? Math.random() * Math.min(maxBackoffMs, 1000 * 2 ** Math.min(failures, 6)) + Math.min(500, maxBackoffMs)
          : Math.min(30_000, maxBackoffMs * 10);
        // Each new reason is logged once (not every retry), with HQ's code and words.
        if (status.lastError?.code !== e.code || status.lastError.message !== e.message) {
          void api
            .logWrite?.({
              level: retryable ? 'warn' : 'error',
              message: `HQ sync ${retryable ? 'paused' : 'stopped for a person'}: ${e.message}`.slice(0, 4000),
              context: { code: e.code, feature: 'sync' },
            })
            .catch(() => undefined);
        }
        publish({ state: retryable ? 'offline' : 'needs_person', lastError: { code: e.code, message: e.message }, ...(await counts().catch(() => ({}))) });
      }
      if (stopped) break;
      // A record written while this round ran goes now.
      if (nudged && failures === 0) continue;
      await new Promise<void>((resolve) => {
        wakeNow = resolve;
        timer = setTimeout(resolve, waitMs);
      });
      clearTimeout(timer);
    }
  }
  const done = loop();

  return {
    get status() {
      return status;
    },
    subscribe(listener: (s: SyncStatus) => void) {
      listeners.add(listener);
      listener(status);
      return () => void listeners.delete(listener);
    },
    /** Something was written (or the link changed): try now instead of at the next tick. */
    wake() {
      failures = 0;
      wakeNow?.();
    },
    /**
     * A record was written: push it now rather than at the next tick (what lets a shop refund the same
     * day) — unless HQ is being waited for after a failure, which a busy dock must not hammer.
     */
    nudge() {
      if (failures > 0 || stopped) return;
      nudged = true;
      wakeNow?.();
    },
    /** Stops after the round in progress; resolves when it has. */
    stop() {
      stopped = true;
      wakeNow?.();
      return done;
    },
  };
}
export type SyncEngine = ReturnType<typeof startSyncEngine>;
