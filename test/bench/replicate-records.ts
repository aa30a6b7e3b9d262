// Many parcels' records from one parcel's, for the bench (pure: runs in Node and in the Chromium harness).
import type { OutboxItem } from '../../shared/sync/protocol';

export type Draft = Omit<OutboxItem, 'seq'>;

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

/**
 * `n` records numbered from `first`: the parcel's records repeated, each copy with fresh identities (so a
 * long history can be made a chunk at a time).
 */
export function stationRecords(parcel: Draft[], n: number, tag = '', first = 1): OutboxItem[] {
  const ids = identities(parcel);
  return Array.from({ length: n }, (_, j) => {
    const k = first - 1 + j;
    const r = parcel[k % parcel.length]!;
    return { ...r, seq: k + 1, payload: renamed(r.payload, ids, `-${tag}${Math.floor(k / parcel.length).toString(36)}`) as OutboxItem['payload'] };
  });
}
