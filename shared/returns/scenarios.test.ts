/**
 * The after-sales scenarios the station must get right, each run through the real decision chain:
 * evaluateUnit (checklist → grade → fault → disposition → eligibility), checkGifts, recommendRefund.
 */
import { describe, expect, it } from 'vitest';
import { apparelAnswers, dressReturn, electronicsAnswers, phoneReturn } from '../../test/helpers/returns';
import {
  CN_MARKETPLACE_POLICY as CN,
  WESTERN_30_DAY_POLICY as WEST,
  checkGifts,
  evaluateUnit,
  lineReceptionStates,
  matchItemScan,
  recommendRefund,
  type Policy,
  type ReturnReason,
  type UnitEvaluation,
} from './index';
import { classifyScan } from '../barcode/classify';

const RECEIVED_IN_WINDOW = '2026-11-24T06:00:00.000Z'; // 4 days after delivery
/** When the customer asked for the return (the RMA's creation): the window counts to here. */
const ASKED_LATE = '2026-12-05T06:00:00.000Z'; // 15 days after delivery

function decided(result: ReturnType<typeof evaluateUnit>): Extract<UnitEvaluation, { status: 'decided' }> {
  if (!result.ok) throw new Error(result.error.message);
  if (result.value.status !== 'decided') throw new Error(`inspection incomplete: ${result.value.missing.join(', ')}`);
  return result.value;
}

function inspectDress(opts: {
  no?: string[];
  policy?: Policy;
  receivedAt?: string;
  askedAt?: string;
  handedToCarrierAt?: string;
  deliveredAt?: string | null;
  deadline?: string;
  reason?: ReturnReason;
  outer?: 'intact' | 'crushed';
  expiry?: string;
}) {
  const expected = dressReturn({
    ...(opts.reason ? { reason: opts.reason } : {}),
    ...(opts.askedAt ? { createdAt: opts.askedAt } : {}),
    ...(opts.deliveredAt !== undefined ? { deliveredAt: opts.deliveredAt ?? undefined } : {}),
    ...(opts.deadline ? { deadline: opts.deadline } : {}),
  });
  return decided(
    evaluateUnit({
      expected,
      lineId: 'L1',
      itemMatchesOrder: true,
      answers: apparelAnswers(opts.no),
      outerCondition: opts.outer ?? 'intact',
      receivedAt: opts.receivedAt ?? RECEIVED_IN_WINDOW,
      ...(opts.handedToCarrierAt ? { handedToCarrierAt: opts.handedToCarrierAt } : {}),
      customerReturnsInWindow: 0,
      policy: opts.policy ?? CN,
      ...(opts.expiry ? { expiry: opts.expiry } : {}),
    }),
  );
}

function refundFor(unit: ReturnType<typeof inspectDress>, policy: Policy, expected = dressReturn(), lineId = 'L1') {
  const result = recommendRefund({
    expected,
    units: [{ lineId, qty: 1, acceptance: unit.acceptance, disposition: unit.disposition, grade: unit.grade, faultParty: unit.faultParty }],
    gifts: [],
    policy,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('tag cut (吊牌被剪)', () => {
  it('→ grade D, not SELLABLE, customer at fault, and the customer pays the return freight', () => {
    const unit = inspectDress({ no: ['tags_attached'], policy: WEST });
    expect(unit.grade).toBe('D');
    expect(unit.disposition).not.toBe('SELLABLE');
    expect(unit.disposition).toBe('CUSTOMER_DAMAGED');
    expect(unit.faultParty).toBe('customer');
    expect(unit.reasons).toContainEqual({ key: 'grade.failedCheck', params: { check: 'tags_attached', grade: 'D' } });
    const refund = refundFor(unit, WEST);
    expect(refund.freight).toEqual({ payer: 'customer', deductedMinor: 1200, reimbursedMinor: 0 });
    expect(refund.reasons).toContainEqual({ key: 'refund.freightDeducted', params: { amountMinor: 1200 } });
  });

  it('→ under 不影响二次销售 (CN policy) a no-reason return that cannot be resold goes to a manager', () => {
    const unit = inspectDress({ no: ['tags_attached'] });
    expect(unit.acceptance).toBe('manual_intervention_required');
    expect(unit.reasons).toContainEqual({ key: 'eligibility.notResellable', params: { grade: 'D' } });
    const refund = refundFor(unit, CN);
    expect(refund.status).toBe('needs_manager');
    expect(refund.totalMinor).toBe(0);
  });
});

describe('late no-reason return', () => {
  it('→ ineligible when asked for after the 7-day window', () => {
    const unit = inspectDress({ askedAt: ASKED_LATE, receivedAt: ASKED_LATE });
    expect(unit.acceptance).toBe('rejected');
    expect(unit.eligibility).toMatchObject({ late: true, daysAfterDelivery: 15, basis: 'none' });
    expect(unit.reasons).toContainEqual({ key: 'eligibility.late', params: { days: 15, windowDays: 7 } });
    expect(refundFor(unit, CN).totalMinor).toBe(0);
  });

  it('→ but a quality fault inside the warranty is still accepted, with freight on the seller', () => {
    const unit = inspectDress({ askedAt: ASKED_LATE, receivedAt: ASKED_LATE, reason: 'quality_defect', no: ['works_as_described'] });
    expect(unit).toMatchObject({ acceptance: 'accepted', faultParty: 'seller', disposition: 'DEFECTIVE', channel: 'return_to_vendor' });
    expect(unit.reasons).toContainEqual({ key: 'eligibility.lateButQualityFault', params: { days: 15, windowDays: 7, qualityDays: 15 } });
    const refund = refundFor(unit, CN, dressReturn({ reason: 'quality_defect' }));
    expect(refund.totalMinor).toBe(39900);
    expect(refund.freight.payer).toBe('seller');
  });

  it('→ and a quality fault after the warranty is not', () => {
    const unit = inspectDress({
      askedAt: '2026-12-20T06:00:00.000Z',
      receivedAt: '2026-12-22T06:00:00.000Z',
      reason: 'quality_defect',
      no: ['works_as_described'],
    });
    expect(unit.acceptance).toBe('rejected');
    expect(unit.reasons).toContainEqual({ key: 'eligibility.qualityWarrantyOver', params: { days: 30, qualityDays: 15 } });
  });

  it('counts days in the policy’s time zone: day 7 ends at midnight China time', () => {
    // Delivered 2026-11-20 (China). 2026-11-27 23:30 China time = 15:30Z is day 7; 00:30 the next day is day 8.
    expect(inspectDress({ askedAt: '2026-11-27T15:30:00.000Z', receivedAt: '2026-11-29T03:00:00.000Z' }).acceptance).toBe('accepted');
    expect(inspectDress({ askedAt: '2026-11-27T16:30:00.000Z', receivedAt: '2026-11-29T03:00:00.000Z' }).acceptance).toBe('rejected');
  });

  it('a dock backlog never makes an on-time return late: the window ends when the customer asked', () => {
    const unit = inspectDress({ askedAt: '2026-11-22T03:00:00.000Z', receivedAt: '2026-12-15T03:00:00.000Z' });
    expect(unit.acceptance).toBe('accepted');
    expect(unit.eligibility).toMatchObject({ late: false, daysAfterDelivery: 2 });
  });

  it('handing the parcel to the carrier counts, where the carrier says when', () => {
    const unit = inspectDress({ askedAt: '2026-11-22T03:00:00.000Z', handedToCarrierAt: '2026-11-29T03:00:00.000Z', receivedAt: '2026-12-01T03:00:00.000Z' });
    expect(unit.eligibility).toMatchObject({ late: true, daysAfterDelivery: 9 });
  });

  it('without a delivery date, the station says so and a manager decides (no counting from the RMA)', () => {
    const unit = inspectDress({ deliveredAt: null });
    expect(unit.acceptance).toBe('manual_intervention_required');
    expect(unit.reasons).toContainEqual({ key: 'eligibility.noDeliveryDate', params: { rmaNo: 'RMA-2026A0001' } });
  });

  it('a marketplace deadline is compared as an instant, whatever precision it was written with', () => {
    // Half a second late; as text '…03:00:00.500Z' sorts before '…03:00:00Z' and would pass.
    expect(inspectDress({ askedAt: '2026-11-22T03:00:00.500Z', deadline: '2026-11-22T03:00:00Z' }).eligibility.late).toBe(true);
    expect(inspectDress({ askedAt: '2026-11-22T02:59:59.500Z', deadline: '2026-11-22T03:00:00Z' }).eligibility.late).toBe(false);
  });

  it('carrier damage does not excuse a late change of mind: still CARRIER_DAMAGED, the carrier at fault, rejected', () => {
    const unit = inspectDress({ askedAt: ASKED_LATE, reason: 'changed_mind', outer: 'crushed', no: ['no_damage'] });
    expect(unit).toMatchObject({ acceptance: 'rejected', disposition: 'CARRIER_DAMAGED', faultParty: 'carrier' });
    expect(unit.reasons).toContainEqual({ key: 'eligibility.carrierDamageNoExcuse' });
  });
});

describe('gifts (赠品)', () => {
  const dress = dressReturn();

  it('missing → deduction equal to the policy value (CN: its allocated price)', () => {
    const [gift] = ok(checkGifts({ expected: dress, received: [{ lineId: 'L1', qty: 1 }], policy: CN }));
    expect(gift).toMatchObject({ giftLineId: 'G1', expectedQty: 1, receivedQty: 0, outcome: 'missing', deductionMinor: 2900 });
    expect(gift!.reasons).toContainEqual({
      key: 'gift.missingDeducted',
      params: { gift: '赠品 丝巾', qty: 1, unitValueMinor: 2900, amountMinor: 2900, method: 'allocated_price' },
    });
  });

  it('missing → deduction equal to the policy value (western: a fixed value)', () => {
    const [gift] = ok(checkGifts({ expected: dress, received: [{ lineId: 'L1', qty: 1 }], policy: WEST }));
    expect(gift).toMatchObject({ outcome: 'missing', deductionMinor: WEST.gifts.fixedValueMinor });
  });

  it('extra → a 补还 task to send the extra back', () => {
    const [gift] = ok(
      checkGifts({
        expected: dress,
        received: [
          { lineId: 'L1', qty: 1 },
          { lineId: 'G1', qty: 2 },
        ],
        policy: CN,
      }),
    );
    expect(gift).toMatchObject({ outcome: 'extra', deductionMinor: 0, tasks: [{ kind: 'return_extra', qty: 1 }] });
  });

  it('never shipped by the store → no deduction, a 补发 request instead', () => {
    const forgotten = dressReturn({ lines: dress.lines.map((l) => (l.isGift ? { ...l, shippedQty: 0 } : l)) });
    const [gift] = ok(checkGifts({ expected: forgotten, received: [{ lineId: 'L1', qty: 1 }], policy: CN }));
    expect(gift).toMatchObject({ outcome: 'store_missed', deductionMinor: 0, tasks: [{ kind: 'reship_request', qty: 1 }] });
  });

  it('damaged → deducted under CN, accepted under the western policy', () => {
    const received = [
      { lineId: 'L1', qty: 1 },
      { lineId: 'G1', qty: 1, damagedQty: 1 },
    ];
    expect(ok(checkGifts({ expected: dress, received, policy: CN }))[0]).toMatchObject({ outcome: 'damaged', deductionMinor: 2900 });
    expect(ok(checkGifts({ expected: dress, received, policy: WEST }))[0]).toMatchObject({ outcome: 'damaged', deductionMinor: 0 });
  });

  it('a gift is due in proportion to the main units returned', () => {
    const phones = phoneReturn();
    expect(ok(checkGifts({ expected: phones, received: [{ lineId: 'P1', qty: 1 }], policy: CN }))[0]).toMatchObject({
      expectedQty: 1,
      outcome: 'missing',
      deductionMinor: 5900,
    });
    expect(ok(checkGifts({ expected: phones, received: [], policy: CN }))[0]).toMatchObject({ expectedQty: 0, outcome: 'not_required', deductionMinor: 0 });
  });

  it('"buy 3, get 2 gifts", 2 of the 3 back: 1 gift due (2×2/3 rounded down, in the customer’s favour), and the reason says so', () => {
    const three = phoneReturn({
      lines: [
        { ...phoneReturn().lines[0]!, qty: 3, shippedSerials: [] },
        { ...phoneReturn().lines[1]!, qty: 2 },
      ],
    });
    const [gift] = ok(checkGifts({ expected: three, received: [{ lineId: 'P1', qty: 2 }], policy: CN }));
    expect(gift).toMatchObject({ expectedQty: 1, outcome: 'missing', deductionMinor: 5900 });
    expect(gift!.reasons).toContainEqual({
      key: 'gift.dueInProportion',
      params: { gift: 'Power bank (gift)', due: 1, giftQty: 2, parentBack: 2, parentQty: 3 },
    });
  });

  it('two items with one gift missing: the refund deducts the gift and says so', () => {
    const phones = phoneReturn();
    const gifts = ok(
      checkGifts({
        expected: phones,
        received: [
          { lineId: 'P1', qty: 2 },
          { lineId: 'PG1', qty: 1 },
        ],
        policy: CN,
      }),
    );
    const refund = ok(
      recommendRefund({
        expected: phones,
        units: [1, 2].map(() => ({
          lineId: 'P1',
          qty: 1,
          acceptance: 'accepted' as const,
          disposition: 'SELLABLE' as const,
          grade: 'A' as const,
          faultParty: 'customer' as const,
        })),
        gifts,
        policy: CN,
      }),
    );
    expect(refund).toMatchObject({ grossMinor: 599800, giftDeductionMinor: 5900, totalMinor: 593900, status: 'ready' });
    expect(refund.reasons).toContainEqual({ key: 'refund.giftDeduction', params: { giftLineId: 'PG1', amountMinor: 5900 } });
  });
});

describe('line reception', () => {
  it('qty short → short_shipped once the parcel is closed, with a qty_short exception', () => {
    const result = ok(
      lineReceptionStates({
        expected: phoneReturn(),
        units: [{ expectedLineId: 'P1', qty: 1, match: 'matched' }],
        parcelsClosed: true,
        now: RECEIVED_IN_WINDOW,
      }),
    );
    expect(result.lines.find((l) => l.lineId === 'P1')).toMatchObject({ state: 'short_shipped', expectedQty: 2, receivedQty: 1 });
    expect(result.exceptions).toContainEqual({
      kind: 'qty_short',
      lineId: 'P1',
      details: [{ key: 'reception.shortShipped', params: { sku: 'PHONE-X-128', expected: 2, received: 1 } }],
    });
  });

  it('while the parcel is open the line is awaiting', () => {
    const result = ok(
      lineReceptionStates({
        expected: phoneReturn(),
        units: [{ expectedLineId: 'P1', qty: 1, match: 'matched' }],
        parcelsClosed: false,
        now: RECEIVED_IN_WINDOW,
      }),
    );
    expect(result.lines.find((l) => l.lineId === 'P1')!.state).toBe('awaiting');
    expect(result.exceptions).toEqual([]);
  });

  it('different GTIN than expected → wrong item, an exception, and the line shipped_wrong_item', () => {
    const dress = dressReturn();
    const scan = classifyScan('4006381333931'); // a real GTIN, not the dress
    const match = ok(matchItemScan({ scan, expected: dress, received: [] }));
    expect(match).toMatchObject({ kind: 'wrong_item', insteadOfLineId: 'L1' });
    expect(match.reasons).toContainEqual({
      key: 'item.wrongItem',
      params: { gtin: '04006381333931', expectedGtin: '06901234567892', sku: 'DRESS-RED-M', expected: '真丝连衣裙 红色 M' },
    });
    const result = ok(
      lineReceptionStates({ expected: dress, units: [{ expectedLineId: 'L1', qty: 1, match: 'wrong_item' }], parcelsClosed: true, now: RECEIVED_IN_WINDOW }),
    );
    expect(result.lines[0]).toMatchObject({ lineId: 'L1', state: 'shipped_wrong_item', wrongItemQty: 1 });
    expect(result.exceptions.map((e) => e.kind)).toContain('wrong_item');
  });
});

describe('damage', () => {
  it('carrier damage (parcel crushed, item damaged) → CARRIER_DAMAGED and no fee to the customer', () => {
    const unit = inspectDress({ no: ['no_damage'], outer: 'crushed', policy: WEST });
    expect(unit).toMatchObject({ faultParty: 'carrier', disposition: 'CARRIER_DAMAGED', acceptance: 'accepted' });
    const refund = refundFor(unit, WEST);
    expect(refund.restockingFeeMinor).toBe(0);
    expect(refund.freight).toEqual({ payer: 'seller', deductedMinor: 0, reimbursedMinor: 0 });
    expect(refund.totalMinor).toBe(39900);
  });

  it('customer damage (parcel intact, item damaged) → CUSTOMER_DAMAGED and the restocking fee', () => {
    const unit = inspectDress({ no: ['no_damage'], outer: 'intact', policy: WEST });
    expect(unit).toMatchObject({ faultParty: 'customer', disposition: 'CUSTOMER_DAMAGED', channel: 'liquidate' });
    const refund = refundFor(unit, WEST);
    expect(refund.restockingFeeMinor).toBe(5985); // 15 % of ¥399.00, rounded half up
    expect(refund.lines[0]!.reasons).toContainEqual({
      key: 'refund.restockingFee',
      params: { sku: 'DRESS-RED-M', name: '真丝连衣裙 红色 M', qty: 1, percent: 15, amountMinor: 5985 },
    });
    expect(refund.totalMinor).toBe(39900 - 5985 - 1200);
  });

  it('a new, resellable unit returned for no reason pays no restocking fee', () => {
    const unit = inspectDress({ policy: WEST });
    expect(unit).toMatchObject({ grade: 'A', disposition: 'SELLABLE', channel: 'restock' });
    expect(refundFor(unit, WEST).restockingFeeMinor).toBe(0);
  });
});

describe('expiry', () => {
  it('expired lot (AI 17) → EXPIRED, routed to destroy, and not returnable without a fault', () => {
    // Expired on 2026-11-22: after delivery (11-20), before it came back (11-24).
    const scan = classifyScan(']C101069012345678921726112210LOT7');
    expect(scan).toMatchObject({ kind: 'gs1', expiry: '2026-11-22', lot: 'LOT7' });
    const unit = inspectDress({ expiry: scan.kind === 'gs1' ? scan.expiry! : '' });
    expect(unit).toMatchObject({ disposition: 'EXPIRED', channel: 'destroy', acceptance: 'rejected' });
    expect(unit.reasons).toContainEqual({ key: 'disposition.expired', params: { expiry: '2026-11-22', receivedOn: '2026-11-24' } });
  });

  it('goods that had expired before they were delivered are the seller’s fault and accepted', () => {
    const unit = inspectDress({ expiry: '2026-11-15' });
    expect(unit).toMatchObject({ disposition: 'EXPIRED', faultParty: 'seller', acceptance: 'accepted' });
  });
});

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('an item that is not on the return', () => {
  for (const why of ['wrong_item_sent', 'no_reason', 'quality_defect'] as const) {
    it(`is never accepted or restocked under the ordered line (customer said ${why}): quarantine, a manager decides, no refund`, () => {
      const unit = decided(
        evaluateUnit({
          expected: dressReturn({ reason: why }),
          lineId: 'L1',
          itemMatchesOrder: false,
          answers: apparelAnswers(),
          outerCondition: 'intact',
          receivedAt: RECEIVED_IN_WINDOW,
          customerReturnsInWindow: 0,
          policy: CN,
        }),
      );
      expect(unit).toMatchObject({ acceptance: 'manual_intervention_required', channel: 'quarantine' });
      expect(unit.reasons).toContainEqual({ key: 'item.notOnReturnQuarantined', params: { sku: 'DRESS-RED-M' } });
      expect(refundFor(unit, CN, dressReturn({ reason: why })).totalMinor).toBe(0);
    });
  }
});

describe('a serial that differs from the one shipped', () => {
  it('is held in quarantine for a manager, unpaid, and nothing blames the customer for damage', () => {
    const expected = phoneReturn({ reason: 'no_reason' });
    const unit = decided(
      evaluateUnit({
        expected,
        lineId: 'P1',
        itemMatchesOrder: true,
        answers: electronicsAnswers(['serial_matches']),
        outerCondition: 'intact',
        receivedAt: RECEIVED_IN_WINDOW,
        customerReturnsInWindow: 0,
        policy: CN,
      }),
    );
    expect(unit).toMatchObject({ acceptance: 'manual_intervention_required', channel: 'quarantine' });
    expect(unit.reasons).toContainEqual({ key: 'item.serialHeld', params: { sku: 'PHONE-X-128' } });
    expect(unit.reasons.map((r) => r.key).filter((k) => k.startsWith('fault.') || k.startsWith('disposition.'))).toEqual([]);
    expect(refundFor(unit, CN, expected, 'P1').totalMinor).toBe(0);
  });
});
