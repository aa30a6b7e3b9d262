/**
 * The item in hand, before the rules decide it: which of the parcel's returns it counts against, what its
 * scan already answers, and why the rules leave it to a person. Pure, for the ledger (which records it) and
 * the screens (which show it) alike.
 */
import type { ScanResult } from '../../barcode/scan-result';
import type { Reason } from '../reasons';
import type { ExpectedLine } from '../records/expected-return';
import type { Checklist } from '../policy/schema';
import type { ItemMatch } from './match';

/** The best of an item's matches against each return of the parcel: the ordered item first, then over, duplicate, wrong, unexpected. */
export function bestMatch(results: { rmaNo: string; match: ItemMatch }[]): { rmaNo: string | null; match: ItemMatch } | undefined {
  for (const kind of ['matched', 'over', 'duplicate', 'wrong_item', 'unexpected', 'not_an_item'] as const) {
    const hit = results.find((r) => r.match.kind === kind);
    if (hit) return hit;
  }
  return undefined;
}

/** Checklist answers the scan settles by itself: a serial that differs from the one shipped fails the serial check. */
export function knownAnswers(checklist: Checklist, match: string): Record<string, 'no'> {
  return match === 'serial_mismatch' ? Object.fromEntries(checklist.filter((c) => c.means === 'mismatch').map((c) => [c.id, 'no' as const])) : {};
}

/** The GTIN an item scan carries, if any. */
export const gtinOf = (scan: ScanResult): string | undefined => (scan.kind === 'gtin' ? scan.gtin : scan.kind === 'gs1' ? scan.gtin : undefined);

/** The scanned item is the ordered one (or one too many of it): it is named, and labelled, as its line. */
export const isOrderedItem = (match: string) => match === 'matched' || match === 'serial_mismatch' || match === 'over';

/**
 * The item in hand, by name: the ordered line's name when it is that item, else what was scanned — its
 * catalog name, or the barcode when the catalog does not know it. One rule for the card, the banner, the
 * label and History (a wrong item is never called by the name of the one it replaced).
 */
export function nameOfItemInHand(item: { match: string; raw: string }, line: { name: string } | undefined, catalogName: string | undefined): string {
  return (isOrderedItem(item.match) ? line?.name : undefined) ?? catalogName ?? item.raw;
}

/** Why the rules do not decide an item (an over-receipt, an unexpected item), kept with its unit. */
export function undecidedReasons(item: { match: string; scan: ScanResult }, line: ExpectedLine | undefined): Reason[] {
  if (item.match === 'over' && line) return [{ key: 'item.overReceipt', params: { sku: line.sku, qty: line.qty } }];
  if (item.match === 'unexpected') {
    const gtin = gtinOf(item.scan);
    return gtin ? [{ key: 'item.unexpected', params: { gtin } }] : [];
  }
  return [];
}
