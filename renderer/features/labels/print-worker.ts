import { toErrorData } from '../../../shared/errors';
import type { PrintJobRow, StationDb } from '../../db/station-db';
import { claimNextJob, completeJob, recoverInterruptedJobs } from '../../ledger';

export interface PrintWorker {
  /** Look for work now (after a job was queued or retried). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Prints queued labels one at a time, in the background: receiving never waits for a printer. A job
 * whose printer is off fails with the reason and is tried again later; it prints once when the printer
 * is back, because a job is claimed (marked printing) in the same transaction that picks it.
 */
export function startPrintWorker(
  db: StationDb,
  // biome-ignore lint/suspicious/noConfusingVoidType: a transport that answers nothing (void) is one that cannot confirm the print
  print: (job: PrintJobRow) => Promise<{ confirmed: boolean } | undefined | void>,
  options: { idleMs?: number } = {},
): PrintWorker {
  const idleMs = options.idleMs ?? 1000;
  let running = true;
  let wake: () => void = () => undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    await recoverInterruptedJobs(db);
    while (running) {
      const job = await claimNextJob(db).catch(() => undefined);
      if (!job) {
        await nap(idleMs);
        continue;
      }
      try {
        const result = await print(job);
        await completeJob(db, job.id, { ok: true, confirmed: result?.confirmed ?? true });
      } catch (err) {
        await completeJob(db, job.id, { ok: false, error: toErrorData(err) });
      }
    }
  })();

  return {
    wake: () => wake(),
    async stop() {
      running = false;
      wake();
      await loop;
    },
  };
}
