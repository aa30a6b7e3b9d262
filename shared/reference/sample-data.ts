/**
 * A realistic day's expected returns for trying the station: Chinese marketplace and western orders,
 * zh-CN and en product names, gifts (赠品), serial-numbered electronics, several categories, carriers the
 * classifier knows. Dates are relative to `now`, so the sample is never stale.
 */
import { gs1CheckDigit } from '../barcode/check-digits';
import { CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY } from '../returns/policy/defaults';
import type { Policy } from '../returns/policy/schema';
import type { CatalogItem } from '../returns/records/catalog';
import type { ExpectedReturn } from '../returns/records/expected-return';
import { hashPin, type StationUser } from '../returns/records/user';

const gtin = (body12: string) => `0${body12}${gs1CheckDigit(body12)}`;
const G = {
  dress: gtin('690123456789'),
  scarf: gtin('690123456790'),
  phone: gtin('690123456791'),
  powerbank: gtin('690123456792'),
  shoes: gtin('690123456793'),
  cream: gtin('690123456794'),
  woolScarf: gtin('690123456795'),
  hat: gtin('690123456796'),
  cooker: gtin('690123456797'),
  headphones: gtin('003600029145'),
  tshirts: gtin('003600029146'),
  mug: gtin('690123456798'),
};

const item = (
  key: keyof typeof G,
  sku: string,
  name: string,
  altName: string,
  category: string,
  priceMinor: number,
  currency: string,
  unitWeightGrams: number,
  more: { vendor?: string; size?: string } = {},
): CatalogItem => ({ gtin: G[key], sku, name, altName, category, priceMinor, currency, unitWeightGrams, ...more });

/**
 * Sample users: clerk 王芳 (badge BADGE-C001, PIN 1234), clerk Tom Baker (PIN 2468), manager 张伟 (PIN 9999).
 * The PINs are for trying the station only; real users come from HQ.
 */
export function sampleUsers(): StationUser[] {
  return [
    { id: 'C001', name: '王芳', role: 'clerk', badge: 'BADGE-C001', pin: hashPin('1234', '0a1b2c3d4e5f60718293a4b5c6d7e8f9') },
    { id: 'C002', name: 'Tom Baker', role: 'clerk', badge: 'BADGE-C002', pin: hashPin('2468', '1b2c3d4e5f60718293a4b5c6d7e8f90a') },
    { id: 'M001', name: '张伟', role: 'manager', badge: 'BADGE-M001', pin: hashPin('9999', '2c3d4e5f60718293a4b5c6d7e8f90a1b') },
  ];
}

export function sampleReference(now: Date): { expectedReturns: ExpectedReturn[]; catalog: CatalogItem[]; policies: Policy[]; users: StationUser[] } {
  // Whole days of 24 h before `now` (less `hoursEarlier`): the calendar-day count in any time zone without
  // daylight saving is then the same at every hour, so the sample reads the same at 09:00 and at 23:30.
  const daysAgo = (d: number, hoursEarlier = 0) => new Date(now.getTime() - d * 86_400_000 - hoursEarlier * 3_600_000).toISOString();
  const catalog = [
    item('dress', 'DRESS-RED-M', '真丝连衣裙 红色 M', 'Silk dress, red, M', 'apparel', 39900, 'CNY', 420, { size: 'M' }),
    item('scarf', 'SCARF-GIFT', '赠品 真丝丝巾', 'Gift: silk scarf', 'apparel', 0, 'CNY', 60),
    item('phone', 'PHONE-X-128', 'Phone X 128GB 黑色', 'Phone X 128GB, black', 'electronics', 299900, 'CNY', 380, {
      vendor: 'Phone X 华东经销',
      size: '128GB',
    }),
    item('powerbank', 'POWERBANK-GIFT', '赠品 充电宝 10000mAh', 'Gift: power bank 10000 mAh', 'electronics', 0, 'CNY', 200, { vendor: 'Phone X 华东经销' }),
    item('shoes', 'RUN-SHOE-42', '跑步鞋 42码', 'Running shoes, EU 42', 'shoes', 56900, 'CNY', 780, { size: '42' }),
    item('cream', 'FACE-CREAM-50', '保湿面霜 50ml', 'Moisturising cream 50 ml', 'beauty', 26800, 'CNY', 150, { vendor: '润肤坊 Cosmetics', size: '50ml' }),
    item('woolScarf', 'WOOL-SCARF', '羊毛围巾 灰色', 'Wool scarf, grey', 'apparel', 19900, 'CNY', 180),
    item('hat', 'KNIT-HAT', '毛线帽', 'Knitted hat', 'apparel', 8900, 'CNY', 90),
    item('cooker', 'RICE-COOKER-3L', '电饭煲 3L', 'Rice cooker 3 l', 'appliances', 45900, 'CNY', 2900, { vendor: '美的 Midea', size: '3L' }),
    item('headphones', 'HEADPHONES-BT', 'Wireless headphones', '无线耳机', 'electronics', 12999, 'USD', 310, { vendor: 'SoundCo' }),
    item('tshirts', 'KIDS-TEE-3PK', 'Kids T-shirt 3-pack', '儿童T恤 3件装', 'apparel', 2499, 'USD', 240, { size: '110' }),
    item('mug', 'MUG-GIFT', '赠品 马克杯', 'Gift: mug', 'general', 0, 'CNY', 350),
  ];
  const line = (lineId: string, key: keyof typeof G, qty: number, extra: Partial<ExpectedReturn['lines'][number]> = {}) => {
    const c = catalog.find((x) => x.gtin === G[key])!;
    return {
      lineId,
      sku: c.sku,
      gtin: c.gtin,
      name: c.name,
      category: c.category,
      qty,
      unitPriceMinor: c.priceMinor,
      isGift: false,
      giftKind: 'item' as const,
      shippedSerials: [],
      excludedFromNoReason: false,
      ...(c.unitWeightGrams ? { unitWeightGrams: c.unitWeightGrams } : {}),
      ...extra,
    };
  };
  const cn = { warehouseId: 'WH-SH-01', currency: 'CNY', policyId: CN_MARKETPLACE_POLICY.id, status: 'open' as const, resolution: 'refund' as const };
  const us = { warehouseId: 'WH-SH-01', currency: 'USD', policyId: WESTERN_30_DAY_POLICY.id, status: 'open' as const, resolution: 'refund' as const };
  const expectedReturns: ExpectedReturn[] = [
    {
      ...cn,
      rmaNo: 'RMA-2026A0001',
      orderNo: '4102938475610293847',
      customer: { name: '王小明' },
      channel: 'tmall',
      createdAt: daysAgo(2),
      deliveredAt: daysAgo(3),
      reason: 'no_reason',
      trackingNumbers: ['SF1234567890123'],
      returnFreight: { amountMinor: 1200, paidBy: 'seller' },
      lines: [line('L1', 'dress', 1), line('G1', 'scarf', 1, { isGift: true, parentLineId: 'L1', giftAllocatedMinor: 2900 })],
    },
    {
      ...cn,
      rmaNo: 'RMA-2026A0002',
      orderNo: 'JD2026112200017',
      customer: { name: '李雷' },
      channel: 'jd',
      createdAt: daysAgo(4),
      deliveredAt: daysAgo(5),
      reason: 'changed_mind',
      trackingNumbers: ['JD0012345678901'],
      lines: [
        line('P1', 'phone', 2, { shippedSerials: ['SN-A1', 'SN-A2'] }),
        line('PG1', 'powerbank', 2, { isGift: true, parentLineId: 'P1', giftAllocatedMinor: 5900 }),
      ],
    },
    {
      ...cn,
      rmaNo: 'RMA-2026A0003',
      orderNo: '4102938475610293999',
      customer: { name: '陈静' },
      channel: 'tmall',
      createdAt: daysAgo(1),
      deliveredAt: daysAgo(2),
      reason: 'wrong_size',
      trackingNumbers: ['YT1234567890123'],
      returnFreight: { amountMinor: 1000, paidBy: 'customer' },
      lines: [line('S1', 'shoes', 1)],
    },
    {
      ...cn,
      rmaNo: 'RMA-2026A0004',
      orderNo: 'DY88201122334455',
      customer: { name: '赵敏' },
      channel: 'douyin',
      createdAt: daysAgo(8),
      deliveredAt: daysAgo(10),
      reason: 'quality_defect',
      customerComment: '用后过敏，怀疑质量问题',
      trackingNumbers: ['75123456789012'],
      lines: [line('C1', 'cream', 1, { excludedFromNoReason: true })],
    },
    {
      ...us,
      rmaNo: 'RMA-2026A0005',
      orderNo: 'SHOP-100458',
      customer: { name: 'Emily Carter' },
      channel: 'shopify',
      createdAt: daysAgo(10),
      deliveredAt: daysAgo(12),
      reason: 'not_as_described',
      customerComment: 'Left ear cup crackles.',
      trackingNumbers: ['1Z999AA10123456784'],
      returnFreight: { amountMinor: 899, paidBy: 'customer' },
      lines: [line('H1', 'headphones', 1, { shippedSerials: ['HP-77812'] })],
    },
    {
      ...cn,
      rmaNo: 'RMA-2026A0006',
      orderNo: '4102938475610294100',
      customer: { name: '刘洋' },
      channel: 'tmall',
      createdAt: daysAgo(1),
      deliveredAt: daysAgo(10),
      reason: 'no_reason',
      trackingNumbers: ['7712345678901'],
      lines: [line('W1', 'woolScarf', 1), line('W2', 'hat', 1), line('WG1', 'mug', 1, { isGift: true, parentLineId: 'W1', shippedQty: 0 })],
    },
    {
      ...cn,
      rmaNo: 'RMA-2026A0007',
      orderNo: 'JD2026112300031',
      customer: { name: '孙悦' },
      channel: 'jd',
      createdAt: daysAgo(0, 1),
      deliveredAt: daysAgo(1),
      reason: 'damaged_in_transit',
      customerComment: '外箱压坏，内胆变形',
      trackingNumbers: ['JD0098765432109'],
      lines: [line('R1', 'cooker', 1)],
    },
    {
      ...us,
      rmaNo: 'RMA-2026A0008',
      orderNo: '112-5550123-7654321',
      customer: { name: 'Daniel Kim' },
      channel: 'amazon',
      createdAt: daysAgo(3),
      deliveredAt: daysAgo(6),
      reason: 'changed_mind',
      trackingNumbers: ['TBA123456789012'],
      lines: [line('T1', 'tshirts', 2)],
    },
    // 换货: the customer wants the hat in another size, not money back.
    {
      ...cn,
      rmaNo: 'RMA-2026A0009',
      orderNo: '4102938475610294200',
      customer: { name: '周婷' },
      channel: 'tmall',
      createdAt: daysAgo(1),
      deliveredAt: daysAgo(3),
      reason: 'wrong_size',
      resolution: 'exchange',
      trackingNumbers: ['SF2234567890123'],
      lines: [line('X1', 'hat', 1)],
    },
  ];
  return { expectedReturns, catalog, policies: [CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY], users: sampleUsers() };
}
