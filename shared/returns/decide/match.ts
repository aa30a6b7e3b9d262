import { z } from 'zod';
import { ScanResultSchema, type ScanResult } from '../../barcode/scan-result';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema, type ExpectedLine, type ExpectedReturn } from '../records/expected-return';
import { decideWith } from '../result';

// ─── a parcel scan → an expected return ───────────────────────────────────────────────────────────

export const ParcelMatchInputSchema = z.object({
  /** The code as scanned: order numbers have no format of their own, so they are matched raw. */
  raw: z.string().max(512),
  scan: ScanResultSchema,
  /** The expected returns the station's index found for this code (by RMA, tracking or order number). */
  candidates: z.array(ExpectedReturnSchema).max(200),
});

export type ParcelMatch =
  | { kind: 'matched'; rmaNo: string; by: 'rma' | 'tracking' | 'order'; reasons: Reason[] }
  | { kind: 'ambiguous'; rmaNos: string[]; reasons: Reason[] }
  | { kind: 'blind'; reasons: Reason[] };

const norm = (s: string) => s.trim().toUpperCase();

/**
 * Which expected return a parcel scan belongs to. An RMA number is exact; a tracking number next; an
 * order number last, and it may cover several open returns, which a clerk must then choose between.
 * Cancelled returns never match. Nothing found ⇒ a blind receipt.
 */
export function matchParcelScan(input: z.input<typeof ParcelMatchInputSchema>) {
  return decideWith(ParcelMatchInputSchema, input, ({ raw, scan, candidates }): ParcelMatch => {
    const code = norm(scan.kind === 'rma' ? scan.rma : scan.kind === 'tracking' ? scan.trackingNumber : raw);
    const open = candidates.filter((c) => c.status === 'open');
    const tiers: ['rma' | 'tracking' | 'order', (c: ExpectedReturn) => boolean][] = [
      ['rma', (c) => norm(c.rmaNo) === code],
      ['tracking', (c) => c.trackingNumbers.some((t) => norm(t) === code)],
      ['order', (c) => norm(c.orderNo) === code],
    ];
    const matchedBy = { rma: 'match.byRma', tracking: 'match.byTracking', order: 'match.byOrder' } as const;
    for (const [by, test] of tiers) {
      const hits = open.filter(test);
      if (hits.length === 1) return { kind: 'matched', rmaNo: hits[0]!.rmaNo, by, reasons: [reason(matchedBy[by], { code, rmaNo: hits[0]!.rmaNo })] };
      if (hits.length > 1) return { kind: 'ambiguous', rmaNos: hits.map((h) => h.rmaNo), reasons: [reason('match.ambiguous', { code, count: hits.length })] };
    }
    return { kind: 'blind', reasons: [reason('match.none', { code, scanKind: scan.kind })] };
  });
}

// ─── an item scan → an expected line ──────────────────────────────────────────────────────────────

export const ItemMatchInputSchema = z.object({
  scan: ScanResultSchema,
  expected: ExpectedReturnSchema,
  /** Units already taken out of this return's parcels. */
  received: z
    .array(z.object({ expectedLineId: z.string().nullable(), qty: z.number().int().positive(), serial: z.string().optional(), match: z.string() }))
    .max(10_000),
});

export type ItemMatch =
  | { kind: 'matched'; lineId: string; isGift: boolean; by: 'serial' | 'gtin'; serialMismatch: boolean; reasons: Reason[] }
  | { kind: 'over'; lineId: string; reasons: Reason[] }
  | { kind: 'duplicate'; reasons: Reason[] }
  | { kind: 'wrong_item'; insteadOfLineId: string; reasons: Reason[] }
  | { kind: 'unexpected'; reasons: Reason[] }
  | { kind: 'not_an_item'; reasons: Reason[] };

function itemIdentity(scan: ScanResult): { gtin: string; serial?: string } | null {
  if (scan.kind === 'gtin') return { gtin: scan.gtin };
  if (scan.kind === 'gs1' && scan.gtin) return scan.serial ? { gtin: scan.gtin, serial: scan.serial } : { gtin: scan.gtin };
  return null;
}

/**
 * Which expected line a scanned item is. An exact serial shipped to this customer first, then any line
 * with that GTIN and units still open (main lines before gifts). A GTIN on no line is a wrong item while
 * something is still open (the customer sent something else instead), else an unexpected extra.
 */
export function matchItemScan(input: z.input<typeof ItemMatchInputSchema>) {
  return decideWith(ItemMatchInputSchema, input, ({ scan, expected, received }): ItemMatch => {
    const id = itemIdentity(scan);
    if (!id) return { kind: 'not_an_item', reasons: [reason('item.notItemCode', { scanKind: scan.kind })] };
    if (id.serial && received.some((r) => r.serial === id.serial)) {
      return { kind: 'duplicate', reasons: [reason('item.duplicateSerial', { serial: id.serial })] };
    }
    const receivedOn = (line: ExpectedLine) =>
      received.filter((r) => r.expectedLineId === line.lineId && r.match !== 'wrong_item').reduce((n, r) => n + r.qty, 0);
    const open = (line: ExpectedLine) => line.qty - receivedOn(line);
    const byGiftLast = (a: ExpectedLine, b: ExpectedLine) => Number(a.isGift) - Number(b.isGift);
    const lines = expected.lines.filter((l) => l.gtin === id.gtin).sort(byGiftLast);

    if (lines.length === 0) {
      const stillOpen = expected.lines.filter((l) => !l.isGift && open(l) > 0);
      return stillOpen.length > 0
        ? {
            kind: 'wrong_item',
            insteadOfLineId: stillOpen[0]!.lineId,
            reasons: [
              reason('item.wrongItem', { gtin: id.gtin, expectedGtin: stillOpen[0]!.gtin ?? '', sku: stillOpen[0]!.sku, expected: stillOpen[0]!.name }),
            ],
          }
        : { kind: 'unexpected', reasons: [reason('item.unexpected', { gtin: id.gtin })] };
    }
    const serialLine = id.serial ? lines.find((l) => l.shippedSerials.includes(id.serial!) && open(l) > 0) : undefined;
    if (serialLine) {
      return {
        kind: 'matched',
        lineId: serialLine.lineId,
        isGift: serialLine.isGift,
        by: 'serial',
        serialMismatch: false,
        reasons: [reason('item.matchedSerial', { serial: id.serial!, sku: serialLine.sku })],
      };
    }
    const line = lines.find((l) => open(l) > 0);
    if (!line) return { kind: 'over', lineId: lines[0]!.lineId, reasons: [reason('item.overReceipt', { sku: lines[0]!.sku, qty: lines[0]!.qty })] };
    const serialMismatch = !!id.serial && line.shippedSerials.length > 0;
    const reasons = [reason('item.matchedGtin', { gtin: id.gtin, sku: line.sku })];
    if (serialMismatch) reasons.push(reason('item.serialMismatch', { serial: id.serial!, sku: line.sku, expected: line.shippedSerials.join(', ') }));
    return { kind: 'matched', lineId: line.lineId, isGift: line.isGift, by: 'gtin', serialMismatch, reasons };
  });
}
