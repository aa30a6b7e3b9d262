import { z } from 'zod';
import type { LineReceptionState } from '../codes';
import { UtcIso } from '../dates';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema } from '../records/expected-return';
import type { ExceptionDraft } from '../records/outcomes';
import { decideWith } from '../result';

export const ReceptionInputSchema = z.object({
  expected: ExpectedReturnSchema,
  units: z
    .array(
      z.object({
        expectedLineId: z.string().nullable(),
        qty: z.number().int().positive(),
        match: z.enum(['matched', 'serial_mismatch', 'wrong_item', 'unexpected', 'over']),
      }),
    )
    .max(10_000),
  /** Every parcel of this return has been closed: what has not arrived now is short. */
  parcelsClosed: z.boolean(),
  now: UtcIso,
});

export interface LineReception {
  lineId: string;
  expectedQty: number;
  receivedQty: number;
  wrongItemQty: number;
  state: LineReceptionState;
  reasons: Reason[];
}

/**
 * Where each expected line stands (after Solidus' ReturnItem states): received in full, short-shipped once
 * the parcel is closed with units missing, shipped_wrong_item when something else came in its place,
 * awaiting while open, expired when the deadline passed with nothing received. Exceptions for the
 * manager: short, over, wrong item.
 */
export function lineReceptionStates(input: z.input<typeof ReceptionInputSchema>) {
  return decideWith(ReceptionInputSchema, input, ({ expected, units, parcelsClosed, now }) => {
    const exceptions: ExceptionDraft[] = [];
    const lines = expected.lines.map((line): LineReception => {
      const on = units.filter((u) => u.expectedLineId === line.lineId);
      const receivedQty = on.filter((u) => u.match !== 'wrong_item').reduce((n, u) => n + u.qty, 0);
      const wrongItemQty = on.filter((u) => u.match === 'wrong_item').reduce((n, u) => n + u.qty, 0);
      const base = { lineId: line.lineId, expectedQty: line.qty, receivedQty, wrongItemQty };
      if (expected.status === 'cancelled') return { ...base, state: 'cancelled', reasons: [reason('reception.cancelled')] };
      if (wrongItemQty > 0)
        exceptions.push({ kind: 'wrong_item', lineId: line.lineId, details: [reason('reception.wrongItem', { sku: line.sku, qty: wrongItemQty })] });
      if (receivedQty > line.qty) {
        exceptions.push({
          kind: 'qty_over',
          lineId: line.lineId,
          details: [reason('reception.over', { sku: line.sku, expected: line.qty, received: receivedQty })],
        });
      }
      if (receivedQty >= line.qty) return { ...base, state: 'received', reasons: [reason('reception.received', { qty: receivedQty })] };
      if (wrongItemQty > 0) return { ...base, state: 'shipped_wrong_item', reasons: [reason('reception.wrongItem', { sku: line.sku, qty: wrongItemQty })] };
      if (parcelsClosed) {
        if (!line.isGift) {
          exceptions.push({
            kind: 'qty_short',
            lineId: line.lineId,
            details: [reason('reception.shortShipped', { sku: line.sku, expected: line.qty, received: receivedQty })],
          });
        }
        return { ...base, state: 'short_shipped', reasons: [reason('reception.shortShipped', { sku: line.sku, expected: line.qty, received: receivedQty })] };
      }
      if (receivedQty === 0 && expected.deadline !== undefined && now > expected.deadline) {
        return { ...base, state: 'expired', reasons: [reason('reception.expired', { deadline: expected.deadline })] };
      }
      return { ...base, state: 'awaiting', reasons: [reason('reception.awaiting', { expected: line.qty, received: receivedQty })] };
    });
    const unexpected = units.filter((u) => u.match === 'unexpected').reduce((n, u) => n + u.qty, 0);
    if (unexpected > 0) exceptions.push({ kind: 'unexpected_item', details: [reason('reception.unexpected', { qty: unexpected })] });
    return { lines, exceptions };
  });
}
