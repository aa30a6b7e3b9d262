// The records a station sends HQ, made by the station's own ledger (in Node, on fake-indexeddb), so HQ is
// measured on the real mix: each parcel opened, weighed, checked, two units, their labels, a refund, done.
import 'fake-indexeddb/auto';
import { StationDb } from '../../renderer/db/station-db';
import { completeParcel } from '../../renderer/ledger';
import { sampleReference } from '../../shared/reference/sample-data';
import type { OutboxItem } from '../../shared/sync/protocol';
import { NOW, receiveParcel, takeItem } from '../helpers/receive-flow';

type Draft = Omit<OutboxItem, 'seq'>;

/** One parcel's records exactly as the ledger writes them: a dress and its free gift, completed. */
export async function parcelRecords(): Promise<Draft[]> {
  const db = new StationDb(`bench-records-${Date.now()}`);
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

/** The identities in a parcel's records: each copy of the parcel gets its own. */
function identities(records: Draft[]): Set<string> {
  const ids = new Set<string>();
  for (const { type, payload } of records) {
    const p = payload as Record<string, string>;
    if (type === 'parcel.opened' || type === 'labelJob.created' || type === 'refund.decided' || type.startsWith('exception.')) ids.add(p.id!);
    if (type === 'unit.received') ids.add(p.lpn!);
  }
  return ids;
}

function renamed(value: unknown, ids: Set<string>, suffix: string): unknown {
  if (typeof value === 'string') return ids.has(value) ? `${value.slice(0, 24)}${suffix}` : value;
  if (Array.isArray(value)) return value.map((v) => renamed(v, ids, suffix));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v, ids, suffix)]));
  return value;
}

/** `n` records numbered from 1: the parcel's records repeated, each copy with fresh identities. */
export function stationRecords(parcel: Draft[], n: number, tag = ''): OutboxItem[] {
  const ids = identities(parcel);
  const out: OutboxItem[] = [];
  for (let copy = 0; out.length < n; copy++) {
    const suffix = `-${tag}${copy.toString(36)}`;
    for (const r of parcel) {
      if (out.length === n) break;
      out.push({ ...r, seq: out.length + 1, payload: renamed(r.payload, ids, suffix) as OutboxItem['payload'] });
    }
  }
  return out;
}
