import { describe, expect, it } from 'vitest';
import { useStationDbs } from '../../../test/helpers/station-db';
import { StationError } from '../../../shared/errors';
import type { Label } from '../../../shared/labels/label';
import type { PrintJobRow } from '../../db/station-db';
import {
  claimNextJob,
  completeJob,
  confirmPrinted,
  enqueueLabel,
  latestJobForCode,
  recoverInterruptedJobs,
  reprintJob,
  retryJob,
  verifyAuditChain,
} from '../../ledger';
import { startPrintWorker } from './print-worker';

const stationDbs = useStationDbs();
const freshDb = () => stationDbs.fresh();
const clerk = { who: 'clerk-7' };
const label: Label = { kind: 'unit', code: 'LPN00000000A1', title: '连衣裙', lines: [] };
const until = async (check: () => Promise<boolean>, what: string) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('print queue', () => {
  it('printer off: the job fails with the reason, is retried, and prints once when the printer is back', async () => {
    const db = freshDb();
    let printerOn = false;
    const printed: string[] = [];
    const worker = startPrintWorker(
      db,
      async (job) => {
        if (!printerOn) throw new StationError('printer_unreachable', 'No printer answers at 127.0.0.1:9100: is it switched on and on the network?');
        printed.push(job.id);
      },
      { idleMs: 20 },
    );
    const job = await enqueueLabel(db, clerk, { label, printerId: 'p1' });
    worker.wake();
    await until(async () => (await db.printJobs.get(job.id))?.state === 'failed', 'failed');
    const failed = (await db.printJobs.get(job.id))!;
    expect(failed.lastError).toMatch(/No printer answers/);
    expect(failed.nextAttemptAt).toBeDefined();

    printerOn = true;
    await db.printJobs.update(job.id, { nextAttemptAt: new Date().toISOString() }); // skip the backoff wait
    worker.wake();
    await until(async () => (await db.printJobs.get(job.id))?.state === 'done', 'done');
    await new Promise((r) => setTimeout(r, 100));
    await worker.stop();
    expect(printed).toEqual([job.id]);
    expect((await db.printJobs.get(job.id))!.attempts).toBe(2);
  });

  it('a job is claimed once even when two workers look at the same moment', async () => {
    const db = freshDb();
    await enqueueLabel(db, clerk, { label, printerId: 'p1' });
    const [a, b] = await Promise.all([claimNextJob(db), claimNextJob(db)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it('a label the printer can never print waits for a person instead of retrying forever', async () => {
    const db = freshDb();
    const job = await enqueueLabel(db, clerk, { label, printerId: 'gone' });
    await claimNextJob(db);
    await completeJob(db, job.id, { ok: false, error: { code: 'printer_unknown', message: 'No printer "gone" is configured.' } });
    expect(await db.printJobs.get(job.id)).toMatchObject({ state: 'failed', lastError: 'No printer "gone" is configured.' });
    expect((await db.printJobs.get(job.id))!.nextAttemptAt).toBeUndefined();
    expect(await claimNextJob(db)).toBeUndefined();
    await retryJob(db, { who: 'manager-1' }, job.id);
    expect((await claimNextJob(db))?.id).toBe(job.id);
  });

  it('a job cut off by a crash is not printed again on its own', async () => {
    const db = freshDb();
    const job = await enqueueLabel(db, clerk, { label, printerId: 'p1' });
    await claimNextJob(db); // printing… and the station dies here
    expect(await recoverInterruptedJobs(db)).toBe(1);
    expect(await db.printJobs.get(job.id)).toMatchObject({ state: 'unconfirmed', lastError: expect.stringMatching(/Interrupted while printing/) });
    expect(await claimNextJob(db)).toBeUndefined();
  });

  it('a job whose outcome is unknown (bytes may have reached the printer) waits for a person: it printed, or print it again', async () => {
    const db = freshDb();
    let calls = 0;
    const worker = startPrintWorker(
      db,
      async () => {
        calls++;
        throw new StationError('print_unconfirmed', 'The printer at 127.0.0.1:9100 dropped the connection (ECONNRESET) after the label was sent');
      },
      { idleMs: 10 },
    );
    const job = await enqueueLabel(db, clerk, { label, printerId: 'p1' });
    worker.wake();
    await until(async () => (await db.printJobs.get(job.id))?.state === 'unconfirmed', 'unconfirmed');
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(1);
    expect((await db.printJobs.get(job.id))!.nextAttemptAt).toBeUndefined();
    // The clerk looked: it did print.
    await confirmPrinted(db, clerk, job.id);
    expect(await db.printJobs.get(job.id)).toMatchObject({ state: 'done' });
    await new Promise((r) => setTimeout(r, 100));
    await worker.stop();
    expect(calls).toBe(1);
    expect((await db.auditEvents.toArray()).map((e) => e.action)).toContain('label.confirmPrinted');
  });

  for (const code of ['transport_closed', 'transport_timeout'] as const) {
    it(`a print call whose answer was lost (${code}: the station service may have printed it) is never sent again by itself`, async () => {
      const db = freshDb();
      let calls = 0;
      const worker = startPrintWorker(
        db,
        async () => {
          calls++;
          // The page lost its connection to the station service after sending the job: did it print?
          throw new StationError(code, 'The connection to the station service dropped before it answered.');
        },
        { idleMs: 10 },
      );
      const job = await enqueueLabel(db, clerk, { label, printerId: 'p1' });
      worker.wake();
      await until(async () => (await db.printJobs.get(job.id))?.state === 'unconfirmed', 'unconfirmed');
      await new Promise((r) => setTimeout(r, 150));
      await worker.stop();
      expect(calls).toBe(1);
      expect(await db.printJobs.get(job.id)).toMatchObject({ state: 'unconfirmed', lastErrorCode: code });
      expect((await db.printJobs.get(job.id))!.nextAttemptAt).toBeUndefined();
    });
  }

  it('reprint by code: a new job that says which label it reprints', async () => {
    const db = freshDb();
    const first = await enqueueLabel(db, clerk, { label, printerId: 'p1' });
    const found = await latestJobForCode(db, 'LPN00000000A1');
    expect(found?.id).toBe(first.id);
    const again = await reprintJob(db, clerk, found!.id);
    expect(again).toMatchObject({ reprintOf: first.id, state: 'queued', code: 'LPN00000000A1' });
    const third = await reprintJob(db, clerk, again.id);
    expect(third.reprintOf).toBe(first.id);
  });

  it('every queue action is audited and told to HQ, in order', async () => {
    const db = freshDb();
    const job = await enqueueLabel(db, clerk, { label, printerId: 'p1' });
    await reprintJob(db, clerk, job.id);
    expect((await db.auditEvents.toArray()).map((e) => [e.action, e.who])).toEqual([
      ['label.enqueue', 'clerk-7'],
      ['label.reprint', 'clerk-7'],
    ]);
    expect((await db.outbox.toArray()).map((o) => o.seq)).toEqual([1, 2]);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('survives a restart: queued work is still there in a new connection', async () => {
    const db = freshDb();
    const job = await enqueueLabel(db, clerk, { label, printerId: 'p1' });
    const reopened = stationDbs.reopen(db);
    expect((await reopened.printJobs.get(job.id)) as PrintJobRow).toMatchObject({ state: 'queued', code: 'LPN00000000A1' });
  });
});
