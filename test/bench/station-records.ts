// The records a station sends HQ, made by the station's own ledger (in Node, on fake-indexeddb), so HQ is
// measured on the real mix: each parcel opened, weighed, checked, two units, their labels, a refund, done.
import 'fake-indexeddb/auto';
import { StationDb } from '../../renderer/db/station-db';
import { completeParcel } from '../../renderer/ledger';
import { sampleReference } from '../../shared/reference/sample-data';
import { NOW, receiveParcel, takeItem } from '../helpers/receive-flow';
import type { Draft } from './replicate-records';

export { stationRecords } from './replicate-records';

/** One parcel's records exactly as the ledger writes them: a dress and its free gift, completed. */
export async function parcelRecords(): Promise<Draft[]> {
  const db = new StationDb(`bench-records-${Date.now()}`);
  db.clock = () => NOW; // the sample's day, whenever the bench runs
  try {
    const sample = sampleReference(NOW);
    await db.expectedReturns.bulkPut(sample.expectedReturns);
    await db.users.bulkPut(sample.users);
    await db.catalog.bulkPut(sample.catalog);
    const dress = sample.expectedReturns.find((r) => r.rmaNo === 'RMA-2026A0001')!;
    const parcel = await receiveParcel(db, dress.rmaNo, [dress], 480);
    for (const line of dress.lines.slice(0, 2)) {
      await takeItem(db, parcel.id, dress, { rmaNo: dress.rmaNo, raw: line.gtin!.slice(1), lineId: line.lineId, match: 'matched' }, 'printer-1');
    }
    await completeParcel(db, { who: 'C001' }, { parcelId: parcel.id, now: NOW });
    return (await db.outbox.orderBy('seq').toArray()).map(({ type, v, payload, createdAt }) => ({ type, v: v ?? 1, payload, createdAt }));
  } finally {
    await db.delete();
  }
}
