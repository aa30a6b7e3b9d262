import type { TFunction } from 'i18next';
import type { ScanResult } from '../../../shared/barcode/classify';
import {
  bestMatch,
  gtinOf,
  isOrderedItem,
  knownAnswers,
  matchItemScan,
  nameOfItemInHand,
  type Checklist,
  type ExpectedReturn,
  type ItemMatch,
} from '../../../shared/returns';
import type { ParcelRow, PendingItem, StationDb } from '../../db/station-db';
import { addReturnToParcel, returnsNamedBy, startItem, unitsOfReturn, type Actor } from '../../ledger';
import type { Flash } from './receiving-state';

/** The item in hand the best match makes of a scan (the line it counts against, or none). */
export function pendingOf(id: string, raw: string, scan: ScanResult, best: { rmaNo: string | null; match: ItemMatch }): PendingItem {
  const r = best.match;
  if (r.kind === 'matched') return { id, rmaNo: best.rmaNo, raw, scan, lineId: r.lineId, match: r.serialMismatch ? 'serial_mismatch' : 'matched', answers: {} };
  if (r.kind === 'over') return { id, rmaNo: best.rmaNo, raw, scan, lineId: r.lineId, match: 'over', answers: {} };
  if (r.kind === 'wrong_item') return { id, rmaNo: best.rmaNo, raw, scan, lineId: r.insteadOfLineId, match: 'wrong_item', answers: {} };
  return { id, rmaNo: null, raw, scan, lineId: null, match: 'unexpected', answers: {} };
}

/**
 * A scan at the items step: another return's slip (its items are in this box too), or an item taken in hand
 * against the parcel's returns — with what the scan already answers. Returns what the banner says, naming
 * the item in hand by name.
 */
export async function takeItemScan(
  db: StationDb,
  actor: Actor,
  input: { parcel: ParcelRow; raw: string; scan: ScanResult; returns: ExpectedReturn[]; checklistOf: (pending: PendingItem) => Checklist },
): Promise<Flash> {
  const { parcel: p, raw, scan, returns } = input;
  if (scan.kind !== 'gtin' && scan.kind !== 'gs1') {
    const named = await returnsNamedBy(db, raw, scan);
    if (named.match.ok && named.match.value.kind === 'matched') {
      const rmaNo = named.match.value.rmaNo;
      if (p.rmaNos.includes(rmaNo)) return { kind: 'info', text: (t) => t('receive.returnAlreadyHere', { rmaNo }) };
      await addReturnToParcel(db, actor, { parcelId: p.id, rmaNo, raw });
      return { kind: 'ok', text: (t) => t('receive.returnAdded', { rmaNo }) };
    }
  }
  const id = crypto.randomUUID();
  if (returns.length === 0) {
    if (scan.kind !== 'gtin' && scan.kind !== 'gs1') return { kind: 'error', text: (t) => t('reasons.item.notItemCode', { scanKind: scan.kind }) };
    await startItem(db, p.id, { id, rmaNo: null, raw, scan, lineId: null, match: 'unexpected', answers: {} });
    return { kind: 'info', text: (t) => t('receive.blindItem') };
  }
  const results: { rmaNo: string; match: ItemMatch }[] = [];
  for (const r of returns) {
    const received = await unitsOfReturn(db, r.rmaNo);
    const m = matchItemScan({
      scan,
      expected: r,
      received: received.map((u) => ({ expectedLineId: u.expectedLineId, qty: u.qty, ...(u.scan.serial ? { serial: u.scan.serial } : {}), match: u.match })),
    });
    if (!m.ok) return { kind: 'error', text: m.error.message };
    results.push({ rmaNo: r.rmaNo, match: m.value });
  }
  const best = bestMatch(results)!;
  const r = best.match;
  // A serial that differs is what the clerk must see (both serials), not that the barcode matched.
  const first = (r.kind === 'matched' && r.serialMismatch ? r.reasons.find((x) => x.key === 'item.serialMismatch') : undefined) ?? r.reasons[0];
  const currency = returns.find((e) => e.rmaNo === best.rmaNo)?.currency;
  const said = (t: TFunction) => (first ? t(`reasons.${first.key}`, { ...first.params, currency }) : '');
  if (r.kind === 'not_an_item' || r.kind === 'duplicate') return { kind: 'error', text: said };
  const pending = pendingOf(id, raw, scan, best);
  // What the scan already proves is answered for the clerk: a serial that differs fails the serial check.
  const known = knownAnswers(input.checklistOf(pending), pending.match);
  await startItem(db, p.id, Object.keys(known).length > 0 ? { ...pending, answers: known } : pending);
  if (r.kind === 'matched' && !r.serialMismatch) return { kind: 'ok', text: said };
  if (isOrderedItem(pending.match)) return { kind: 'error', text: said };
  // Not the ordered item: the banner starts with what the clerk holds.
  const gtin = gtinOf(scan);
  const held = nameOfItemInHand(pending, undefined, gtin ? (await db.catalog.get(gtin))?.name : undefined);
  return { kind: 'error', text: (t) => `${held} — ${said(t)}` };
}
