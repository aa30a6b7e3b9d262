/**
 * Every reason a decision can give reaches a person in both languages: each key in the catalogue is
 * produced by some decision below (so none is dead) and renders in zh-CN and en with every placeholder
 * filled, every nested vocabulary word found and money formatted.
 */
import { createInstance } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { apparelAnswers, dressReturn, electronicsAnswers, phoneReturn } from '../../test/helpers/returns';
import { classifyScan } from '../../shared/barcode/classify';
import {
  CN_MARKETPLACE_POLICY as CN,
  REASON_KEYS,
  parcelNotices,
  missingPhotoEvidence,
  ExpectedReturnSchema,
  WESTERN_30_DAY_POLICY as WEST,
  assessRisk,
  secondLookFor,
  checkGifts,
  carrierClaimDetails,
  emptyReturnRefund,
  recyclingDetails,
  evaluateUnit,
  intoContainer,
  judgeAcrossStations,
  lineReceptionStates,
  matchItemScan,
  matchParcelScan,
  recommendRefund,
  settleReturn,
  type Reason,
} from '../../shared/returns';
import { addFormatters, i18nOptions } from './index';

const produced: Reason[] = [];
const collect = (r: { ok: boolean; value?: unknown }) => {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.key === 'string' && (REASON_KEYS as readonly string[]).includes(o.key)) produced.push(o as unknown as Reason);
      else Object.values(o).forEach(walk);
    }
  };
  expect(r.ok).toBe(true);
  walk(r.value);
};

function battery() {
  const dress = dressReturn();
  const phones = phoneReturn();
  const at = '2026-11-24T06:00:00.000Z';
  for (const raw of ['RMA-2026A0001', 'SF1234567890123', '4102938475610293847', 'nothing-here'])
    collect(matchParcelScan({ raw, scan: classifyScan(raw), candidates: [dress, phones] }));
  collect(
    matchParcelScan({ raw: '4102938475610293847', scan: classifyScan('4102938475610293847'), candidates: [dress, dressReturn({ rmaNo: 'RMA-2026A0002' })] }),
  );
  for (const raw of [']d2010690123456791521SN-A1', ']d2010690123456791521SN-X', '6901234567915', '4006381333931', 'SF1234567890123'])
    collect(matchItemScan({ scan: classifyScan(raw), expected: phones, received: [] }));
  collect(
    matchItemScan({
      scan: classifyScan(']d2010690123456791521SN-A1'),
      expected: phones,
      received: [{ expectedLineId: 'P1', qty: 1, serial: 'SN-A1', match: 'matched' }],
    }),
  );
  collect(matchItemScan({ scan: classifyScan('6901234567915'), expected: phones, received: [{ expectedLineId: 'P1', qty: 2, match: 'matched' }] }));
  collect(matchItemScan({ scan: classifyScan('4006381333931'), expected: dress, received: [{ expectedLineId: 'L1', qty: 1, match: 'matched' }] }));

  const unit = (expected: ReturnType<typeof dressReturn>, answers: Record<string, 'yes' | 'no'>, extra: object = {}) =>
    collect(
      evaluateUnit({
        expected,
        lineId: expected.lines[0]!.lineId,
        itemMatchesOrder: true,
        answers,
        outerCondition: 'intact',
        receivedAt: at,
        customerReturnsInWindow: 0,
        policy: CN,
        ...extra,
      }),
    );
  unit(dress, apparelAnswers());
  unit(dress, apparelAnswers(['tags_attached']));
  unit(dress, { tags_attached: 'yes' });
  const askedLate = { createdAt: '2026-12-05T06:00:00.000Z' };
  unit(dressReturn(askedLate), apparelAnswers());
  unit(dressReturn({ ...askedLate, reason: 'quality_defect' }), apparelAnswers(['works_as_described']));
  unit(dressReturn({ createdAt: '2026-12-30T06:00:00.000Z', reason: 'quality_defect' }), apparelAnswers(['works_as_described']));
  unit(dressReturn({ deliveredAt: undefined }), apparelAnswers());
  unit(dressReturn(askedLate), apparelAnswers(['no_damage']), { outerCondition: 'crushed' });
  unit(dressReturn({ reason: 'quality_defect' }), apparelAnswers(['works_as_described']));
  unit(dressReturn({ reason: 'quality_defect' }), apparelAnswers(['no_signs_of_use']), { policy: WEST });
  unit(dress, apparelAnswers(['no_damage']), { outerCondition: 'crushed' });
  unit(dress, apparelAnswers(['no_damage']), { outerCondition: 'crushed', itemMatchesOrder: false, expected: dressReturn({ reason: 'wrong_item_sent' }) });
  unit(dressReturn({ reason: 'missing_parts' }), apparelAnswers(['complete']));
  unit(dressReturn({ reason: 'wrong_item_sent' }), apparelAnswers(['no_signs_of_use']), { itemMatchesOrder: false });
  unit(dress, apparelAnswers(), { expiry: '2026-11-22' });
  unit(dress, apparelAnswers(), { expiry: '2026-11-10' });
  unit(dressReturn({ deadline: '2026-11-21T00:00:00.000Z' }), apparelAnswers());
  unit(dressReturn({ lines: [{ ...dress.lines[0]!, excludedFromNoReason: true }] }), apparelAnswers());
  unit(dressReturn({ status: 'cancelled' }), apparelAnswers());
  unit(dress, apparelAnswers(), { customerReturnsInWindow: 9 });
  unit(phones as never, electronicsAnswers(['factory_sealed']), { policy: WEST });
  unit(phones as never, electronicsAnswers(['serial_matches']));

  collect(
    checkGifts({
      expected: dress,
      received: [
        { lineId: 'L1', qty: 1 },
        { lineId: 'G1', qty: 1 },
      ],
      policy: CN,
    }),
  );
  collect(checkGifts({ expected: dress, received: [{ lineId: 'L1', qty: 1 }], policy: CN }));
  collect(
    checkGifts({
      expected: dress,
      received: [
        { lineId: 'L1', qty: 1 },
        { lineId: 'G1', qty: 2 },
      ],
      policy: CN,
    }),
  );
  collect(
    checkGifts({
      expected: dress,
      received: [
        { lineId: 'L1', qty: 1 },
        { lineId: 'G1', qty: 1, damagedQty: 1 },
      ],
      policy: CN,
    }),
  );
  collect(
    checkGifts({
      expected: dress,
      received: [
        { lineId: 'L1', qty: 1 },
        { lineId: 'G1', qty: 1, damagedQty: 1 },
      ],
      policy: WEST,
    }),
  );
  collect(checkGifts({ expected: dress, received: [], policy: CN }));
  collect(
    checkGifts({
      expected: dressReturn({ lines: dress.lines.map((l) => (l.isGift ? { ...l, shippedQty: 0 } : l)) }),
      received: [{ lineId: 'L1', qty: 1 }],
      policy: CN,
    }),
  );

  const states = (
    units: { expectedLineId: string | null; qty: number; match: 'matched' | 'wrong_item' | 'unexpected' }[],
    parcelsClosed: boolean,
    expected = phones,
    now = at,
  ) => collect(lineReceptionStates({ expected, units, parcelsClosed, now }));
  states([{ expectedLineId: 'P1', qty: 1, match: 'matched' }], false);
  states([{ expectedLineId: 'P1', qty: 1, match: 'matched' }], true);
  states(
    [
      { expectedLineId: 'P1', qty: 3, match: 'matched' },
      { expectedLineId: null, qty: 1, match: 'unexpected' },
    ],
    true,
  );
  states([{ expectedLineId: 'P1', qty: 1, match: 'wrong_item' }], true);
  states([], false, phoneReturn({ deadline: '2026-11-23T00:00:00.000Z' }));
  states([], false, phoneReturn({ status: 'cancelled' }));

  const refund = (policy: typeof CN, units: object[], expected = dress, gifts: unknown[] = []) =>
    collect(recommendRefund({ expected, units: units as never, gifts: gifts as never, policy }));
  const u = (over: object) => ({ lineId: 'L1', qty: 1, acceptance: 'accepted', disposition: 'SELLABLE', grade: 'A', faultParty: 'customer', ...over });
  refund(WEST, [u({ disposition: 'CUSTOMER_DAMAGED', grade: 'D' })]);
  refund(WEST, [u({})]);
  refund(
    WEST,
    [u({ faultParty: 'carrier', disposition: 'CARRIER_DAMAGED', grade: 'D' })],
    dressReturn({ returnFreight: { amountMinor: 1200, paidBy: 'customer' } }),
  );
  refund(WEST, [u({ faultParty: 'carrier', disposition: 'CARRIER_DAMAGED', grade: 'D' })]);
  refund(CN, [u({})], dressReturn({ returnFreight: { amountMinor: 1200, paidBy: 'customer' } }));
  refund(CN, [u({ acceptance: 'rejected' }), u({ lineId: 'G1', acceptance: 'manual_intervention_required' })]);
  const gifts = checkGifts({
    expected: dress,
    received: [{ lineId: 'L1', qty: 1 }],
    policy: { ...CN, gifts: { ...CN.gifts, missingDeduction: 'fixed', fixedValueMinor: 99_999_999 } },
  });
  refund(CN, [u({})], dress, gifts.ok ? gifts.value : []);
  // A high-value unit is looked at twice.
  produced.push(secondLookFor(CN, { unitPriceMinor: CN.risk.highValueMinor })!);
  // The same deduction while a manager still has a unit to decide: not yet worked out, rather than 0.
  refund(
    CN,
    [u({}), u({ acceptance: 'pending' })],
    dressReturn({ lines: [{ ...dress.lines[0]!, qty: 2 }, ...dress.lines.slice(1)] }),
    gifts.ok ? gifts.value : [],
  );

  const first = settleReturn({
    expected: phones,
    units: [{ expectedLineId: 'P1', qty: 1, match: 'matched', grade: 'A', disposition: 'SELLABLE', faultParty: 'customer', acceptance: 'accepted' }],
    previousTotalMinor: 0,
    policy: CN,
    now: at,
  });
  collect(first);
  for (const acceptance of ['accepted', 'rejected', 'manual_intervention_required'] as const) {
    collect(
      settleReturn({
        expected: dressReturn({ resolution: 'exchange' }),
        units: [{ expectedLineId: 'L1', qty: 1, match: 'matched', grade: 'A', disposition: 'SELLABLE', faultParty: 'customer', acceptance }],
        previousTotalMinor: null,
        policy: CN,
        now: at,
      }),
    );
  }

  collect(assessRisk({ expected: dress, parcelGrams: 2000, customerReturnsInWindow: 9, policy: { ...CN, risk: { ...CN.risk, highValueMinor: 100 } } }));
  // Photos a policy wants before accepting.
  const electronicsChecklist = CN.checklists.byCategory.electronics ?? CN.checklists.default;
  collect({
    ok: true,
    value: missingPhotoEvidence({
      policy: CN,
      checklist: electronicsChecklist,
      answers: { no_damage: 'no' },
      outerCondition: 'crushed',
      serialMismatch: true,
      itemPhotos: 0,
      parcelPhotos: 0,
    }),
  });
  // At the parcel scan: everything the clerk is told before opening it.
  const earlier = [{ lpn: 'LPNABC0000001', inspectedAt: at, qty: 1, expectedLineId: 'L1', match: 'matched' }];
  collect({
    ok: true,
    value: parcelNotices({ expected: ExpectedReturnSchema.parse(dressReturn({ status: 'cancelled', customerComment: '用后过敏' })), policy: CN, earlier }),
  });
  collect({
    ok: true,
    value: parcelNotices({
      expected: ExpectedReturnSchema.parse(
        dressReturn({ lines: [{ ...dress.lines[0]!, qty: 2, shippedSerials: ['SN1'] }], deliveredAt: '2026-11-01T00:00:00.000Z' }),
      ),
      policy: { ...CN, risk: { ...CN.risk, highValueMinor: 100 } },
      earlier,
    }),
  });
  collect({ ok: true, value: parcelNotices({ expected: ExpectedReturnSchema.parse(dressReturn({ deliveredAt: undefined })), policy: CN, earlier: [] }) });
  // Another station of the warehouse received it (pulled from HQ), or only opened its parcel.
  const elsewhere = {
    parcels: [
      { station: 'STATION-02', at },
      { station: 'STATION-03', at },
    ],
    units: [{ station: 'STATION-02', lpn: 'LPN0020000007', at }],
  };
  collect({ ok: true, value: parcelNotices({ expected: ExpectedReturnSchema.parse(dress), policy: CN, earlier: [], elsewhere }) });
  collect({
    ok: true,
    value: parcelNotices({
      expected: ExpectedReturnSchema.parse(dressReturn({ deadline: '2026-11-01T00:00:00.000Z', deliveredAt: '2026-10-30T00:00:00.000Z' })),
      policy: CN,
      earlier: [],
    }),
  });
  // Virtual gifts (a coupon reversed at HQ; points deducted where the policy says so); work handed to HQ.
  const coupon = dressReturn({ lines: [dress.lines[0]!, { ...dress.lines[1]!, giftKind: 'coupon' }] });
  collect(checkGifts({ expected: coupon, received: [{ lineId: 'L1', qty: 1 }], policy: CN }));
  collect(
    checkGifts({
      expected: dressReturn({ lines: [dress.lines[0]!, { ...dress.lines[1]!, giftKind: 'points', giftPoints: 500 }] }),
      received: [{ lineId: 'L1', qty: 1 }],
      policy: { ...CN, gifts: { ...CN.gifts, virtual: 'deduct' } },
    }),
  );
  collect({ ok: true, value: [...carrierClaimDetails(2, 79800, 'sf', true), ...recyclingDetails('旧丝巾')] });
  // At HQ, a return refunded at two stations.
  const twice = judgeAcrossStations(
    { ...emptyReturnRefund(), dueMinor: 39900, accepted: { 'STATION-01': { L1: 1 } } },
    { stationId: 'STATION-02', deltaMinor: 39900, lines: [{ lineId: 'L1', acceptedQty: 1 }] },
    { lines: [{ lineId: 'L1', qty: 1 }], ceilingMinor: 39900 },
  );
  collect({ ok: true, value: twice.conflict });
  const unknown = judgeAcrossStations(
    { ...emptyReturnRefund(), dueMinor: 100, accepted: { 'STATION-01': { L1: 1 } } },
    { stationId: 'STATION-02', deltaMinor: 100, lines: [{ lineId: 'L1', acceptedQty: 1 }] },
    null,
  );
  collect({ ok: true, value: unknown.conflict });
  // The packing bench: every way a unit is kept out of a container.
  const tote = { id: 'CTNAB00000001', route: 'restock' as const, vendor: undefined, status: 'open' as const };
  const rtv = { id: 'CTNAB00000002', route: 'return_to_vendor' as const, vendor: '华为', status: 'open' as const };
  const benched = { lpn: 'LPN-AB-000001', acceptance: 'accepted', channel: 'restock' };
  const benchCases: [Parameters<typeof intoContainer>[0], Parameters<typeof intoContainer>[1], string | undefined][] = [
    [benched, { ...tote, status: 'closed' }, undefined],
    [{ ...benched, containerId: tote.id }, tote, undefined],
    [{ ...benched, acceptance: 'rejected' }, tote, undefined],
    [{ ...benched, acceptance: 'held' }, tote, undefined],
    [{ ...benched, channel: 'quarantine' }, tote, undefined],
    [{ ...benched, channel: 'liquidate' }, tote, undefined],
    [{ ...benched, channel: 'return_to_vendor' }, rtv, undefined],
    [{ ...benched, channel: 'return_to_vendor' }, rtv, '小米'],
  ];
  collect({ ok: true, value: benchCases.map(([unit, c, vendor]) => intoContainer(unit, c, vendor)) });
  collect(assessRisk({ expected: dress, parcelGrams: 500, customerReturnsInWindow: 0, policy: CN }));
  collect(
    assessRisk({
      expected: dressReturn({ lines: [{ ...dress.lines[0]!, unitWeightGrams: undefined }] }),
      parcelGrams: 500,
      customerReturnsInWindow: 0,
      policy: CN,
    }),
  );
}

describe('reason translations', () => {
  const i18n = createInstance();
  beforeAll(async () => {
    await i18n.init({ ...i18nOptions, lng: 'en' });
    addFormatters(i18n);
    battery();
  });

  it('every key in the catalogue is produced by some decision', () => {
    const seen = new Set(produced.map((r) => r.key));
    expect(REASON_KEYS.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('money is formatted from minor units in the given currency', () => {
    expect(i18n.t('reasons.refund.freightDeducted', { lng: 'en', amountMinor: 1200, currency: 'CNY' })).toBe(
      'Return postage paid by the seller, customer at fault: −CN¥12.00.',
    );
    expect(i18n.t('reasons.refund.giftDeduction', { lng: 'zh-CN', amountMinor: 2900, currency: 'CNY' })).toBe('赠品扣款：−¥29.00。');
    expect(i18n.t('reasons.refund.giftDeduction', { lng: 'en', amountMinor: 1000, currency: 'USD' })).toBe('Gift deduction: −$10.00.');
  });

  for (const lng of ['en', 'zh-CN']) {
    it(`every produced reason renders completely in ${lng}`, () => {
      const broken: string[] = [];
      for (const r of produced) {
        const text = i18n.t(`reasons.${r.key}`, { lng, currency: 'CNY', ...r.params });
        if (/\{\{|\$t\(|^reasons\.|vocab\.|undefined/.test(text)) broken.push(`${r.key}: ${text}`);
      }
      expect(broken).toEqual([]);
    });
  }

  it('a category is named in the UI language; one we do not know is shown as it came', () => {
    const excluded = produced.find((r) => r.key === 'eligibility.excludedFromNoReason')!;
    expect(i18n.t(`reasons.${excluded.key}`, { lng: 'zh-CN', ...excluded.params })).toBe('DRESS-RED-M（服装）不支持无理由退货。');
    expect(i18n.t(`reasons.${excluded.key}`, { lng: 'en', ...excluded.params })).toBe('DRESS-RED-M (apparel) cannot be returned without a fault.');
    expect(i18n.t(`reasons.${excluded.key}`, { lng: 'zh-CN', ...excluded.params, category: 'garden' })).toBe('DRESS-RED-M（garden）不支持无理由退货。');
  });

  it('a sample reads as a clerk would want it', () => {
    const tagCut = produced.find((r) => r.key === 'grade.failedCheck' && r.params?.check === 'tags_attached')!;
    expect(i18n.t(`reasons.${tagCut.key}`, { lng: 'zh-CN', ...tagCut.params })).toBe('未通过：吊牌完好 → 最高 D 级。');
    expect(i18n.t(`reasons.${tagCut.key}`, { lng: 'en', ...tagCut.params })).toBe('Failed: tags attached → at best grade D.');
  });
});
