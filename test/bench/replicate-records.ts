// Many parcels' records from one parcel's, for the bench (pure: runs in Node and in the Chromium harness).
import { lpnOf } from '../../shared/sync/lpn-prefix';
import type { OutboxItem } from '../../shared/sync/protocol';

export type Draft = Omit<OutboxItem, 'seq'>;

/** The identities in a parcel's records, LPNs apart (they are numbered under the station's prefix). */
function identities(records: Draft[]): { ids: Set<string>; lpns: string[] } {
  const ids = new Set<string>();
  const lpns: string[] = [];
  for (const { type, payload } of records) {
    const p = payload as Record<string, string>;
    if (type === 'parcel.opened' || type === 'labelJob.created' || type === 'refund.decided' || type.startsWith('exception.')) ids.add(p.id!);
    if (type === 'unit.received' && !lpns.includes(p.lpn!)) lpns.push(p.lpn!);
    // Each copy is another customer's return: one return refunded a thousand times is no dock's day.
    if (type === 'parcel.opened') for (const rma of (payload as { rmaNos: string[] }).rmaNos) ids.add(rma);
  }
  return { ids, lpns };
}

function renamed(value: unknown, rename: (s: string) => string): unknown {
  if (typeof value === 'string') return rename(value);
  if (Array.isArray(value)) return value.map((v) => renamed(v, rename));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v, rename)]));
  return value;
}

/**
 * `n` records numbered from `first`: the parcel's records repeated, each copy with fresh identities (so a
 * long history can be made a chunk at a time). LPNs are numbered under `lpnPrefix`, the one HQ gave the
 * station (or its provisional one), as HQ accepts only a station's own.
 */
export function stationRecords(parcel: Draft[], n: number, lpnPrefix: string, first = 1): OutboxItem[] {
  const { ids, lpns } = identities(parcel);
  return Array.from({ length: n }, (_, j) => {
    const k = first - 1 + j;
    const copy = Math.floor(k / parcel.length);
    const r = parcel[k % parcel.length]!;
    const rename = (s: string) => {
      const unit = lpns.indexOf(s);
      if (unit >= 0) return lpnOf(lpnPrefix, copy * lpns.length + unit + 1)!;
      return ids.has(s) ? `${s.slice(0, 24)}-${lpnPrefix}${copy.toString(36)}` : s;
    };
    return { ...r, seq: k + 1, payload: renamed(r.payload, rename) as OutboxItem['payload'] };
  });
}
