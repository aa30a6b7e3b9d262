import type { z } from 'zod';
import { CN_MARKETPLACE_POLICY, type ExpectedReturnSchema, type Policy } from '../../shared/returns';

type ExpectedInput = z.input<typeof ExpectedReturnSchema>;

/**
 * A realistic Tmall-style return: a dress (¥399.00) with a free scarf (赠品, allocated ¥29.00), delivered
 * 2026-11-20 10:00 China time, the customer's reason "no reason" (七天无理由), postage ¥12.00 on a
 * seller-prepaid label.
 */
export function dressReturn(overrides: Partial<ExpectedInput> = {}): ExpectedInput {
  return {
    rmaNo: 'RMA-2026A0001',
    orderNo: '4102938475610293847',
    customer: { name: '王小明' },
    warehouseId: 'WH-SH-01',
    channel: 'tmall',
    createdAt: '2026-11-21T03:00:00.000Z',
    deliveredAt: '2026-11-20T02:00:00.000Z',
    reason: 'no_reason',
    trackingNumbers: ['SF1234567890123'],
    currency: 'CNY',
    returnFreight: { amountMinor: 1200, paidBy: 'seller' },
    lines: [
      {
        lineId: 'L1',
        sku: 'DRESS-RED-M',
        gtin: '06901234567892',
        name: '真丝连衣裙 红色 M',
        category: 'apparel',
        qty: 1,
        unitPriceMinor: 39900,
        unitWeightGrams: 420,
      },
      {
        lineId: 'G1',
        sku: 'SCARF-GIFT',
        gtin: '06901234567908',
        name: '赠品 丝巾',
        category: 'apparel',
        qty: 1,
        unitPriceMinor: 0,
        isGift: true,
        parentLineId: 'L1',
        giftAllocatedMinor: 2900,
        unitWeightGrams: 60,
      },
    ],
    ...overrides,
  };
}

/** Two phones (¥2,999.00 each, serials shipped) with one power bank gift each. */
export function phoneReturn(overrides: Partial<ExpectedInput> = {}): ExpectedInput {
  return {
    rmaNo: 'RMA-2026B0002',
    orderNo: 'JD2026112200017',
    customer: { name: 'Li Lei' },
    warehouseId: 'WH-SH-01',
    channel: 'jd',
    createdAt: '2026-11-22T03:00:00.000Z',
    deliveredAt: '2026-11-21T02:00:00.000Z',
    reason: 'changed_mind',
    trackingNumbers: ['JD0012345678901'],
    currency: 'CNY',
    lines: [
      {
        lineId: 'P1',
        sku: 'PHONE-X-128',
        gtin: '06901234567915',
        name: 'Phone X 128GB',
        category: 'electronics',
        qty: 2,
        unitPriceMinor: 299900,
        shippedSerials: ['SN-A1', 'SN-A2'],
        unitWeightGrams: 380,
      },
      {
        lineId: 'PG1',
        sku: 'POWERBANK-GIFT',
        gtin: '06901234567922',
        name: 'Power bank (gift)',
        category: 'electronics',
        qty: 2,
        unitPriceMinor: 0,
        isGift: true,
        parentLineId: 'P1',
        giftAllocatedMinor: 5900,
        unitWeightGrams: 200,
      },
    ],
    ...overrides,
  };
}

/** Every apparel check answered "yes" except the ones given. */
export const apparelAnswers = (no: string[] = []) =>
  Object.fromEntries(
    ['tags_attached', 'packaging_intact', 'no_signs_of_use', 'no_damage', 'complete', 'works_as_described'].map((id) => [id, no.includes(id) ? 'no' : 'yes']),
  ) as Record<string, 'yes' | 'no'>;

export const electronicsAnswers = (no: string[] = []) =>
  Object.fromEntries(
    ['factory_sealed', 'packaging_intact', 'no_signs_of_use', 'no_damage', 'complete', 'serial_matches', 'works_as_described'].map((id) => [
      id,
      no.includes(id) ? 'no' : 'yes',
    ]),
  ) as Record<string, 'yes' | 'no'>;

export const cnPolicy: Policy = CN_MARKETPLACE_POLICY;
