import { classifyScan } from '../../shared/barcode/classify';
import { ExpectedReturnSchema, matchParcelScan, type ExpectedReturn } from '../../shared/returns';
import type { PendingItem, StationDb } from '../../renderer/db/station-db';
import { acceptUnit, openParcel, recordCondition, recordWeight, startItem } from '../../renderer/ledger';
import { expect } from 'vitest';
import { OUTBOX_TYPES, isOutboxType } from '../../shared/sync/outbox-types';
import { apparelAnswers, type dressReturn, electronicsAnswers } from './returns';

/** A parcel received through the real ledger and rules, for ledger tests. */
const clerk = { who: 'clerk-7' };
export const NOW = new Date('2026-11-24T06:00:00.000Z');
export const label = (lpn: string, d: { disposition?: string; channel?: string }) => ({
  kind: 'unit' as const,
  code: lpn,
  title: 'item',
  lines: [`${d.disposition ?? '-'} → ${d.channel ?? '-'}`],
});

/** Manager M001 (no PIN needed here: the ledger checks the role, the UI checks the PIN). */
export async function seedManager(db: StationDb) {
  await db.users.put({ id: 'M001', name: '张伟', role: 'manager' });
}

/** The returns, and manager M001. */
export async function seed(db: StationDb, ...returns: ReturnType<typeof dressReturn>[]) {
  await seedManager(db);
  const parsed = returns.map((r) => ExpectedReturnSchema.parse(r));
  await db.expectedReturns.bulkPut(parsed);
  return parsed;
}

/** Opens, weighs and checks the box of a parcel scanned by `code`. */
export async function receiveParcel(db: StationDb, code: string, candidates: ExpectedReturn[], grams = 430, now = NOW) {
  const scan = classifyScan(code);
  const match = matchParcelScan({ raw: code, scan, candidates });
  if (!match.ok) throw new Error(match.error.message);
  const parcel = await openParcel(db, clerk, { raw: code, scan, match: match.value, stationId: 'STATION-01', now });
  await recordWeight(db, clerk, parcel.id, { grams, stable: true, source: 'scale', scaleId: 'scale-1' });
  await recordCondition(db, clerk, parcel.id, 'intact');
  return parcel;
}

/** Scans, inspects (all checks answered as given) and accepts one item: the ledger decides it with the real rules. */
export async function takeItem(
  db: StationDb,
  parcelId: string,
  expected: ExpectedReturn,
  item: Omit<PendingItem, 'id' | 'answers' | 'scan'> & { answers?: PendingItem['answers'] },
  printerId?: string,
  now = NOW,
  // A high-value unit is looked at twice: the seeded manager confirms it, unless a test says otherwise.
  extra: Pick<Parameters<typeof acceptUnit>[2], 'override' | 'photoWaiver' | 'secondLook'> = { secondLook: { by: 'M001' } },
) {
  const pending: PendingItem = {
    id: crypto.randomUUID(),
    scan: classifyScan(item.raw),
    answers: item.answers ?? (expected.lines[0]!.category === 'electronics' ? electronicsAnswers() : apparelAnswers()),
    ...item,
  };
  await startItem(db, parcelId, pending);
  return acceptUnit(db, clerk, { parcelId, itemId: pending.id, label, ...(printerId ? { printerId } : {}), now, ...extra });
}

/** Every record the ledger queued for HQ is one HQ's schema for its type and version accepts. */
export async function expectOutboxValid(db: StationDb) {
  for (const row of await db.outbox.toArray()) {
    expect(isOutboxType(row.type), row.type).toBe(true);
    const spec = OUTBOX_TYPES[row.type as keyof typeof OUTBOX_TYPES];
    expect(row.v, row.type).toBe(spec.v);
    const parsed = spec.schema.safeParse(row.payload);
    expect(parsed.success, `${row.type}: ${parsed.error?.message}`).toBe(true);
  }
}
