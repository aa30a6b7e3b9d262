/**
 * The ledger's all-or-nothing guarantee, run inside Chromium on its real IndexedDB (not fake-indexeddb):
 * bundled by the spec with esbuild and loaded on a page of its own.
 */
import { StationDb } from '../../../renderer/db/station-db';
import { labelJobCreated } from '../../../renderer/ledger/print-jobs';
import { recordUserAction, type OutboxItem } from '../../../renderer/ledger/record-action';
import { verifyAuditChain } from '../../../renderer/ledger/audit-chain';

const job = (id: string) => ({
  id,
  code: id,
  label: { kind: 'unit' as const, code: id, title: 't', lines: [] },
  printerId: 'p',
  state: 'queued' as const,
  attempts: 0,
  createdAt: '2026-11-24T00:00:00.000Z',
  createdBy: 'clerk-1',
});

async function counts(db: StationDb) {
  return { printJobs: await db.printJobs.count(), auditEvents: await db.auditEvents.count(), outbox: await db.outbox.count() };
}

async function allOrNothing() {
  const db = new StationDb(`harness-${Date.now()}`);
  await db.open();
  const results: Record<string, unknown> = {};
  await recordUserAction(db, { who: 'clerk-1' }, ['printJobs'], async () => {
    await db.printJobs.add(job('J1'));
    return { result: 1, record: { action: 'label.enqueue', entity: 'printJob', entityId: 'J1', outbox: labelJobCreated(job('J1')) } };
  });
  results.afterOne = await counts(db);
  // The work throws after writing: nothing of it stays.
  results.throwInWork = await recordUserAction(db, { who: 'clerk-1' }, ['printJobs'], async () => {
    await db.printJobs.add(job('J2'));
    throw new Error('the clerk cancelled');
  }).then(
    () => 'resolved',
    (e: Error) => e.message,
  );
  results.afterThrowInWork = await counts(db);
  // The record is written, then its outbox row fails (a type with no schema) — after the work's writes and the audit event.
  results.badOutbox = await recordUserAction(db, { who: 'clerk-1' }, ['printJobs'], async () => {
    await db.printJobs.add(job('J3'));
    return {
      result: 3,
      record: { action: 'label.enqueue', entity: 'printJob', entityId: 'J3', outbox: { type: 'no.such.type', payload: {} } as unknown as OutboxItem },
    };
  }).then(
    () => 'resolved',
    (e: Error) => e.message,
  );
  results.afterBadOutbox = await counts(db);
  // A failing write of IndexedDB itself (a duplicate key) mid-work.
  results.duplicate = await recordUserAction(db, { who: 'clerk-1' }, ['printJobs'], async () => {
    await db.printJobs.add(job('J4'));
    await db.printJobs.add(job('J1'));
    return { result: 4, record: { action: 'label.enqueue', entity: 'printJob', entityId: 'J4' } };
  }).then(
    () => 'resolved',
    (e: Error) => e.name,
  );
  results.afterDuplicate = await counts(db);
  results.chain = await verifyAuditChain(db);
  const name = db.name;
  db.close();
  // Read back through a fresh connection: what is on disk, not what one connection cached.
  const again = new StationDb(name);
  await again.open();
  results.reopened = await counts(again);
  results.ids = (await again.printJobs.toArray()).map((j) => j.id);
  again.close();
  return results;
}

(window as unknown as { harness: unknown }).harness = { allOrNothing };
document.body.dataset.ready = 'true';
