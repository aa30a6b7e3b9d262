import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cnPolicy, dressReturn, phoneReturn } from '../../../test/helpers/returns';
import { settleReturn } from './settle-return';

const NOW = '2026-11-25T06:00:00.000Z';
type Unit = Parameters<typeof settleReturn>[0]['units'][number];
const sellable = (lineId: string, extra: Partial<Unit> = {}): Unit => ({
  expectedLineId: lineId,
  qty: 1,
  match: 'matched',
  grade: 'A',
  disposition: 'SELLABLE',
  faultParty: 'customer',
  acceptance: 'accepted',
  ...extra,
});

function settle(units: Unit[], previousTotalMinor: number | null, expected = phoneReturn()) {
  const r = settleReturn({ expected, units, previousTotalMinor, policy: cnPolicy, now: NOW });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('settleReturn: a return across parcels', () => {
  it('a split shipment: the first parcel leaves the line awaiting (not short) and pays what came', () => {
    const first = settle([sellable('P1'), sellable('PG1')], null);
    expect(first.complete).toBe(false);
    expect(first.reception.find((l) => l.lineId === 'P1')).toMatchObject({ state: 'awaiting', receivedQty: 1, expectedQty: 2 });
    expect(first.refund.totalMinor).toBe(299900);
    expect(first.deltaMinor).toBe(299900);
  });

  it('the second parcel completes it; its decision adds only what it changes (the missing gift deducted once)', () => {
    const first = settle([sellable('P1'), sellable('PG1')], null);
    const second = settle([sellable('P1'), sellable('PG1'), sellable('P1')], first.refund.totalMinor);
    expect(second.complete).toBe(true);
    expect(second.reception.find((l) => l.lineId === 'P1')).toMatchObject({ state: 'received', receivedQty: 2 });
    expect(second.refund.totalMinor).toBe(2 * 299900 - 5900);
    expect(second.deltaMinor).toBe(299900 - 5900);
    expect(first.deltaMinor + second.deltaMinor).toBe(second.refund.totalMinor);
    expect(second.reasons).toEqual([{ key: 'refund.decision', params: { previousMinor: 299900, totalMinor: 593900, deltaMinor: 294000 } }]);
  });

  it('a gift that arrives in a later parcel gives back what was deducted for it', () => {
    const dress = dressReturn({ returnFreight: undefined });
    const first = settle([sellable('L1')], null, dress);
    expect(first.refund.giftDeductionMinor).toBe(2900);
    const second = settle([sellable('L1'), sellable('G1')], first.refund.totalMinor, dress);
    expect(second.refund.giftDeductionMinor).toBe(0);
    expect(second.deltaMinor).toBe(2900);
  });

  it('freight is deducted once per return, however many parcels it came in', () => {
    const phones = phoneReturn({ returnFreight: { amountMinor: 1500, paidBy: 'seller' } });
    const first = settle([sellable('P1'), sellable('PG1')], null, phones);
    const second = settle([sellable('P1'), sellable('PG1'), sellable('P1'), sellable('PG1')], first.refund.totalMinor, phones);
    expect(first.refund.freight.deductedMinor).toBe(1500);
    expect(second.refund.freight.deductedMinor).toBe(1500);
    expect(first.deltaMinor + second.deltaMinor).toBe(2 * 299900 - 1500);
  });

  it('a unit beyond the line quantity is never a second refundable unit', () => {
    const dress = dressReturn({ returnFreight: undefined });
    const once = settle([sellable('L1'), sellable('G1')], null, dress);
    const again = settle(
      [sellable('L1'), sellable('G1'), sellable('L1', { match: 'over', acceptance: 'manual_intervention_required' })],
      once.refund.totalMinor,
      dress,
    );
    expect(again.refund.totalMinor).toBe(once.refund.totalMinor);
    expect(again.deltaMinor).toBe(0);
  });

  it('a wrong item stands in for its line (settled, not awaited) but is never paid', () => {
    const dress = dressReturn({ returnFreight: undefined });
    const s = settle([sellable('L1', { match: 'wrong_item', acceptance: 'manual_intervention_required' })], null, dress);
    expect(s.complete).toBe(true);
    expect(s.reception.find((l) => l.lineId === 'L1')!.state).toBe('shipped_wrong_item');
    expect(s.refund.totalMinor).toBe(0);
  });

  it('over any split of the same units into parcels, the deltas add up to the total of receiving them at once', () => {
    const pool: Unit[] = [
      sellable('P1'),
      sellable('P1'),
      sellable('PG1'),
      sellable('PG1', { grade: 'D', disposition: 'DAMAGED' }),
      sellable('P1', { match: 'over' }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }), (units, cuts) => {
        let previous: number | null = null;
        let sum = 0;
        let upTo = 0;
        for (const cut of [...cuts, units.length]) {
          upTo = Math.min(units.length, upTo + cut);
          const s = settle(units.slice(0, upTo), previous);
          sum += s.deltaMinor;
          previous = s.refund.totalMinor;
          if (upTo === units.length) break;
        }
        expect(sum).toBe(settle(units, null).refund.totalMinor);
      }),
      { numRuns: 200 },
    );
  });

  it('an exchange (换货) moves no money: accepted units get a replacement, refused ones do not, a manager decides the rest', () => {
    const shoes = dressReturn({ resolution: 'exchange', reason: 'wrong_size', returnFreight: undefined, lines: [dressReturn().lines[0]!] });
    const approved = settle([sellable('L1')], null, shoes);
    expect(approved.refund.totalMinor).toBe(0);
    expect(approved.deltaMinor).toBe(0);
    expect(approved.refund.reasons).toContainEqual({ key: 'refund.exchangeNoRefund' });
    expect(approved.exchange).toEqual({
      status: 'approved',
      lines: [{ lineId: 'L1', sku: 'DRESS-RED-M', approvedQty: 1, refusedQty: 0, pendingQty: 0 }],
      reasons: [{ key: 'exchange.approved', params: { sku: 'DRESS-RED-M', qty: 1 } }],
    });
    expect(settle([sellable('L1', { acceptance: 'rejected' })], null, shoes).exchange!.status).toBe('refused');
    expect(settle([sellable('L1', { acceptance: 'manual_intervention_required' })], null, shoes).exchange!.status).toBe('needs_manager');
    expect(settle([sellable('P1')], null).exchange).toBeUndefined();
  });
});
