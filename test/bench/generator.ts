/**
 * The bench's seeded data: a catalog, expected returns, a station's unit history and a day's intake, varied
 * as a dock's are (categories and prices, gifts, serial-numbered electronics, grades and routes, a few
 * products that are most of the returns, customers who return often) and identical for the same seed.
 * Pure: runs in Node and, bundled, inside Chromium (the history is generated in the page, chunk by chunk).
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { gs1CheckDigit } from '../../shared/barcode/check-digits';
import { RETURN_REASONS, type CatalogItem, type Channel, type DispositionCode, type ExpectedLine, type ExpectedReturn, type Grade } from '../../shared/returns';
import type { UnitRow } from '../../renderer/db/station-db';

export const DEFAULT_SEED = 20_261_128;

export class Rng {
  private readonly g;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed);
  }
  int(from: number, to: number): number {
    return uniformInt(this.g, from, to);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  /** Mostly the first few of `xs`: a handful of products and customers make most of the returns. */
  popular<T>(xs: readonly T[]): T {
    return xs[this.popularIndex(xs.length)]!;
  }
  popularIndex(n: number): number {
    return Math.floor(n * (this.int(0, 999_999) / 1_000_000) ** 3);
  }
  chance(p: number): boolean {
    return this.int(0, 999_999) < p * 1_000_000;
  }
}

const CATEGORIES = [
  {
    category: 'apparel',
    zh: ['连衣裙', 'T恤', '羊毛围巾', '羽绒服', '牛仔裤', '针织衫'],
    en: ['Dress', 'T-shirt', 'Wool scarf', 'Down jacket', 'Jeans', 'Cardigan'],
    price: [3_900, 89_900],
    grams: [80, 1_200],
    serial: false,
  },
  {
    category: 'shoes',
    zh: ['跑步鞋', '帆布鞋', '皮靴'],
    en: ['Running shoes', 'Canvas shoes', 'Leather boots'],
    price: [9_900, 129_900],
    grams: [500, 1_800],
    serial: false,
  },
  {
    category: 'electronics',
    zh: ['蓝牙耳机', '手机', '充电宝', '智能手表'],
    en: ['Bluetooth earbuds', 'Phone', 'Power bank', 'Smart watch'],
    price: [9_900, 699_900],
    grams: [60, 450],
    serial: true,
  },
  {
    category: 'beauty',
    zh: ['保湿面霜', '精华液', '口红'],
    en: ['Moisturising cream', 'Serum', 'Lipstick'],
    price: [5_900, 59_900],
    grams: [30, 250],
    serial: false,
  },
  {
    category: 'appliances',
    zh: ['电饭煲', '空气炸锅', '电热水壶'],
    en: ['Rice cooker', 'Air fryer', 'Kettle'],
    price: [12_900, 159_900],
    grams: [900, 5_500],
    serial: true,
  },
  {
    category: 'general',
    zh: ['马克杯', '保温杯', '收纳盒'],
    en: ['Mug', 'Vacuum flask', 'Storage box'],
    price: [1_900, 19_900],
    grams: [150, 900],
    serial: false,
  },
] as const;
const COLOURS = [
  ['黑色', 'black'],
  ['白色', 'white'],
  ['红色', 'red'],
  ['灰色', 'grey'],
  ['蓝色', 'blue'],
] as const;
const CHANNELS = ['tmall', 'jd', 'douyin', 'pinduoduo', 'shopify'] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

/** `n` products, each with a unique GS1 GTIN (prefix 690) and names in both languages. */
export function generateCatalog(rng: Rng, n: number): CatalogItem[] {
  return Array.from({ length: n }, (_, i) => {
    const c = rng.pick(CATEGORIES);
    const k = rng.int(0, c.zh.length - 1);
    const [zhColour, enColour] = rng.pick(COLOURS);
    const body = `690${String(1_000_000_000 + i).slice(1)}`;
    return {
      gtin: `0${body}${gs1CheckDigit(body)}`,
      sku: `${c.category.slice(0, 3).toUpperCase()}-${String(i).padStart(6, '0')}`,
      name: `${c.zh[k]} ${zhColour}`,
      altName: `${c.en[k]}, ${enColour}`,
      category: c.category,
      priceMinor: Math.round(rng.int(c.price[0], c.price[1]) / 100) * 100,
      currency: 'CNY',
      unitWeightGrams: rng.int(c.grams[0], c.grams[1]),
    };
  });
}

const serialNumbered = (item: CatalogItem) => CATEGORIES.some((c) => c.category === item.category && c.serial);

/**
 * `n` expected returns created over the last `days` days before `now`, from `customers` customers (a few
 * return far more often than the rest), one to three products each, a free gift with one in ten.
 */
export function generateExpectedReturns(
  rng: Rng,
  n: number,
  catalog: CatalogItem[],
  opts: { now: number; days: number; customers: number; first?: number },
): ExpectedReturn[] {
  const gifts = catalog.filter((c) => c.category === 'general');
  return Array.from({ length: n }, (_, k) => {
    const i = (opts.first ?? 0) + k;
    const createdAt = opts.now - rng.int(0, opts.days * 24 * 60) * 60_000;
    const customer = rng.popularIndex(opts.customers);
    const lines: ExpectedLine[] = Array.from({ length: rng.int(1, 3) }, (_, l) => {
      const item = rng.popular(catalog);
      const qty = rng.chance(0.85) ? 1 : rng.int(2, 3);
      const serials = serialNumbered(item) ? Array.from({ length: qty }, (_, s) => `SN${i}${l}${s}`) : [];
      return {
        lineId: `L${l + 1}`,
        sku: item.sku,
        gtin: item.gtin,
        name: item.name,
        category: item.category,
        qty,
        unitPriceMinor: item.priceMinor,
        isGift: false,
        giftKind: 'item',
        shippedSerials: serials,
        excludedFromNoReason: item.category === 'beauty',
        unitWeightGrams: item.unitWeightGrams,
      };
    });
    if (gifts.length > 0 && rng.chance(0.1)) {
      const gift = rng.pick(gifts);
      lines.push({
        lineId: 'G1',
        sku: gift.sku,
        gtin: gift.gtin,
        name: `赠品 ${gift.name}`,
        category: gift.category,
        qty: 1,
        unitPriceMinor: 0,
        isGift: true,
        giftKind: 'item',
        parentLineId: 'L1',
        shippedSerials: [],
        excludedFromNoReason: false,
        unitWeightGrams: gift.unitWeightGrams,
      });
    }
    return {
      rmaNo: `RMA-G${String(i).padStart(8, '0')}`,
      orderNo: `G${String(i).padStart(12, '0')}`,
      customer: { name: `${rng.pick(SURNAMES)}**`, id: `CUST-${customer}` },
      warehouseId: 'WH-BENCH',
      channel: rng.pick(CHANNELS),
      createdAt: new Date(createdAt).toISOString(),
      deliveredAt: new Date(createdAt - rng.int(1, 6) * 86_400_000).toISOString(),
      reason: rng.pick(RETURN_REASONS),
      trackingNumbers: [`YTG${String(i).padStart(10, '0')}`],
      currency: 'CNY',
      policyId: 'cn-marketplace',
      status: 'open',
      resolution: rng.chance(0.05) ? 'exchange' : 'refund',
      lines,
    };
  });
}

/** How units come back, by grade: what the rules route them to (roughly as a marketplace dock sees it). */
const GRADED: { grade: Grade; weight: number; disposition: DispositionCode; channel: Channel }[] = [
  { grade: 'A', weight: 55, disposition: 'SELLABLE', channel: 'restock' },
  { grade: 'B', weight: 25, disposition: 'SELLABLE', channel: 'refurbish' },
  { grade: 'C', weight: 12, disposition: 'CUSTOMER_DAMAGED', channel: 'liquidate' },
  { grade: 'D', weight: 8, disposition: 'DEFECTIVE', channel: 'return_to_vendor' },
];
const ANSWERED = { yes: 'yes', no: 'no' } as const;

/** One graded unit with its route, the way `grade` and the rules would leave it. */
export function gradedOutcome(rng: Rng) {
  let roll = rng.int(0, 99);
  for (const g of GRADED) {
    if (roll < g.weight) return g;
    roll -= g.weight;
  }
  return GRADED[0]!;
}

/**
 * Unit `i` of a station's history, accepted `spacingMs` × i before `at` (newest first): two units a parcel,
 * three a return, its product mostly one of the popular few.
 */
export function historyUnit(rng: Rng, i: number, catalog: CatalogItem[], at: number, spacingMs = 15_000): UnitRow {
  const item = rng.popular(catalog);
  const g = gradedOutcome(rng);
  const good = g.grade === 'A' || g.grade === 'B';
  return {
    lpn: `LPNH${String(i).padStart(9, '0')}`,
    itemId: `hist-item-${i}`,
    parcelId: `hist-parcel-${Math.floor(i / 2)}`,
    rmaNo: `RMA-H${String(Math.floor(i / 3)).padStart(7, '0')}`,
    expectedLineId: 'L1',
    match: 'matched',
    scan: { raw: item.gtin!.slice(1), gtin: item.gtin! },
    qty: 1,
    answers: {
      tags_attached: good ? ANSWERED.yes : rng.pick([ANSWERED.yes, ANSWERED.no]),
      packaging_intact: good ? ANSWERED.yes : ANSWERED.no,
      no_signs_of_use: g.grade === 'A' ? ANSWERED.yes : ANSWERED.no,
      no_damage: good ? ANSWERED.yes : ANSWERED.no,
      complete: ANSWERED.yes,
      works_as_described: g.grade === 'D' ? ANSWERED.no : ANSWERED.yes,
    },
    grade: g.grade,
    disposition: g.disposition,
    channel: g.channel,
    faultParty: g.grade === 'D' ? 'seller' : 'customer',
    policy: { id: 'cn-marketplace', version: 1 },
    acceptance: g.grade === 'C' && rng.chance(0.3) ? 'rejected' : 'accepted',
    reasons: [g.grade === 'A' ? { key: 'grade.asNew' } : { key: 'grade.failedCheck', params: { check: 'no_signs_of_use', grade: g.grade } }],
    inspectedAt: new Date(at - i * spacingMs).toISOString(),
    clerkId: `C00${rng.int(1, 9)}`,
  } as UnitRow;
}
