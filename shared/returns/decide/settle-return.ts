import { z } from 'zod';
import { ACCEPTANCE_STATES, DISPOSITION_CODES, FAULT_PARTIES, GRADES } from '../codes';
import { UtcIso } from '../dates';
import { PolicySchema } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema } from '../records/expected-return';
import type { GiftCheck, RefundRecommendation } from '../records/outcomes';
import { ReceivedUnitSchema } from '../records/received-unit';
import { decideWith } from '../result';
import { checkGifts } from './gifts';
import { lineReceptionStates, type LineReception } from './reception';
import { recommendRefund } from './refund';

export const SettleReturnInputSchema = z.object({
  expected: ExpectedReturnSchema,
  /** Every unit received for this return so far, in every parcel, on every station that reported it. */
  units: z
    .array(
      z.object({
        expectedLineId: z.string().nullable(),
        qty: z.number().int().positive(),
        match: ReceivedUnitSchema.shape.match,
        grade: z.enum(GRADES),
        disposition: z.enum(DISPOSITION_CODES).optional(),
        faultParty: z.enum(FAULT_PARTIES).optional(),
        acceptance: z.enum(ACCEPTANCE_STATES),
      }),
    )
    .max(10_000),
  /** The return's refund as last decided (the latest decision's total), or null before the first one. */
  previousTotalMinor: z.number().int().nonnegative().nullable(),
  policy: PolicySchema,
  now: UtcIso,
});

/** For an exchange (换货): which units get a replacement; HQ ships them. No money moves. */
export interface ExchangeDecision {
  status: 'approved' | 'refused' | 'partial' | 'needs_manager';
  lines: { lineId: string; sku: string; approvedQty: number; refusedQty: number; pendingQty: number }[];
  reasons: Reason[];
}

export interface ReturnSettlement {
  /** Something came for every unit of every main line: nothing is awaited any more. */
  complete: boolean;
  reception: LineReception[];
  gifts: GiftCheck[];
  /** The refund for everything received so far (cumulative, one freight adjustment per return). */
  refund: RefundRecommendation;
  /** What this decision adds to (or takes back from) what was decided before. */
  deltaMinor: number;
  reasons: Reason[];
  /** Set when the customer asked for a replacement instead of money. */
  exchange?: ExchangeDecision;
}

/**
 * Only units that are what the customer ordered count toward reception, gifts and money — and, when the
 * seller sent the wrong item (发错货), what the seller actually shipped: the customer returns it and is paid
 * for the line in full (a person confirms it is that item: the rules hold it for a manager).
 */
const countsForTheLine = (match: string, reason: string) =>
  match === 'matched' || match === 'serial_mismatch' || (match === 'wrong_item' && reason === 'wrong_item_sent');

/**
 * Where a return stands after one more parcel (or a correction), computed over every unit received for
 * it, whatever parcel it came in. A split shipment leaves lines awaiting, not short; freight is adjusted
 * once per return; units beyond a line's quantity, wrong items and unexpected items are never paid.
 * The refund is cumulative, and the decision records what it changes: `deltaMinor`, so the records of
 * one return add up to its total and none is ever overwritten.
 */
export function settleReturn(input: z.input<typeof SettleReturnInputSchema>) {
  return decideWith(SettleReturnInputSchema, input, ({ expected, units, previousTotalMinor, policy, now }): ReturnSettlement => {
    const onLine = (lineId: string) => units.filter((u) => u.expectedLineId === lineId);
    const counts = (match: string) => countsForTheLine(match, expected.reason);
    const settled = (lineId: string, qty: number) =>
      onLine(lineId)
        .filter((u) => counts(u.match) || u.match === 'wrong_item')
        .reduce((n, u) => n + u.qty, 0) >= qty;
    const complete = expected.status === 'cancelled' || expected.lines.filter((l) => !l.isGift).every((l) => settled(l.lineId, l.qty));

    const reception = lineReceptionStates({
      expected,
      units: units.map((u) => ({ expectedLineId: u.expectedLineId, qty: u.qty, match: u.match })),
      parcelsClosed: complete,
      now,
    });
    if (!reception.ok) throw new Error(reception.error.message);

    const received = expected.lines.map((l) => {
      const own = onLine(l.lineId).filter((u) => counts(u.match));
      return { lineId: l.lineId, qty: own.reduce((n, u) => n + u.qty, 0), damagedQty: own.filter((u) => u.grade === 'D').reduce((n, u) => n + u.qty, 0) };
    });
    const gifts = checkGifts({ expected, received, policy });
    if (!gifts.ok) throw new Error(gifts.error.message);

    const paid = units.filter((u) => u.expectedLineId !== null && counts(u.match) && u.disposition !== undefined && u.faultParty !== undefined);
    const refund = recommendRefund({
      expected,
      units: paid.map((u) => ({
        lineId: u.expectedLineId!,
        qty: u.qty,
        acceptance: u.acceptance,
        disposition: u.disposition!,
        grade: u.grade,
        faultParty: u.faultParty!,
      })),
      gifts: gifts.value,
      policy,
    });
    if (!refund.ok) throw new Error(refund.error.message);

    // An exchange moves no money: the same acceptance rules decide which units get a replacement.
    const exchange = expected.resolution === 'exchange' ? decideExchange(expected, paid) : undefined;
    const money = exchange ? exchangeMoney(refund.value) : refund.value;
    const before = previousTotalMinor ?? 0;
    const deltaMinor = money.totalMinor - before;
    const reasons: Reason[] =
      previousTotalMinor === null ? [] : [reason('refund.decision', { previousMinor: before, totalMinor: money.totalMinor, deltaMinor })];
    return { complete, reception: reception.value.lines, gifts: gifts.value, refund: money, deltaMinor, reasons, ...(exchange ? { exchange } : {}) };
  });
}

/**
 * An exchange moves no money at the dock: no fee, no deduction, no total — and its postage is said once,
 * as who bears it (what the policy charges the customer for it is settled with the replacement, at HQ).
 */
function exchangeMoney(r: RefundRecommendation): RefundRecommendation {
  const moneyReasons = new Set([
    'refund.freightDeducted',
    'refund.freightReimbursed',
    'refund.giftDeduction',
    'refund.flooredAtZero',
    'refund.deductionsAwaitDecision',
  ]);
  const deducted = r.reasons.find((x) => x.key === 'refund.freightDeducted' || x.key === 'refund.freightReimbursed');
  const freightSaid = deducted
    ? [
        reason(deducted.key === 'refund.freightDeducted' ? 'refund.freightByCustomer' : 'refund.freightBySeller', {
          amountMinor: Number(deducted.params?.amountMinor ?? 0),
        }),
      ]
    : [];
  return {
    ...r,
    lines: r.lines.map((l) => ({ ...l, restockingFeeMinor: 0, reasons: l.reasons.filter((x) => x.key !== 'refund.restockingFee') })),
    restockingFeeMinor: 0,
    freight: { payer: r.freight.payer, deductedMinor: 0, reimbursedMinor: 0 },
    giftDeductionMinor: 0,
    totalMinor: 0,
    reasons: [...r.reasons.filter((x) => !moneyReasons.has(x.key)), ...freightSaid, reason('refund.exchangeNoRefund')],
  };
}

function decideExchange(
  expected: z.output<typeof ExpectedReturnSchema>,
  units: { expectedLineId: string | null; qty: number; acceptance: string }[],
): ExchangeDecision {
  const reasons: Reason[] = [];
  const lines = expected.lines
    .filter((l) => !l.isGift)
    .map((l) => {
      const on = units.filter((u) => u.expectedLineId === l.lineId);
      let room = l.qty;
      const take = (want: string) => on.filter((u) => u.acceptance === want).reduce((n, u) => n + u.qty, 0);
      const approvedQty = Math.min(room, take('accepted'));
      room -= approvedQty;
      const refusedQty = Math.min(room, take('rejected'));
      room -= refusedQty;
      const pendingQty = Math.min(room, take('manual_intervention_required') + take('pending'));
      if (approvedQty) reasons.push(reason('exchange.approved', { sku: l.sku, qty: approvedQty }));
      if (refusedQty) reasons.push(reason('exchange.refused', { sku: l.sku, qty: refusedQty }));
      if (pendingQty) reasons.push(reason('exchange.needsManager', { sku: l.sku, qty: pendingQty }));
      return { lineId: l.lineId, sku: l.sku, approvedQty, refusedQty, pendingQty };
    });
  const sum = (k: 'approvedQty' | 'refusedQty' | 'pendingQty') => lines.reduce((n, l) => n + l[k], 0);
  const status =
    sum('pendingQty') > 0 ? 'needs_manager' : sum('refusedQty') === 0 && sum('approvedQty') > 0 ? 'approved' : sum('approvedQty') === 0 ? 'refused' : 'partial';
  return { status, lines, reasons };
}
