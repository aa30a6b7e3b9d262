import { sampleReference } from './sample-data';

/**
 * What each sample return is there to show, and what to scan to see it: Settings lists it after "Load
 * sample data", and `npm run demo` prints it in its terminal. The stories are written here; the codes
 * come from the sample itself, so the two never disagree.
 */
export const SAMPLE_STORIES = {
  'RMA-2026A0003': 'happyPath',
  'RMA-2026A0001': 'giftMissing',
  'RMA-2026A0002': 'highValueSerials',
  'RMA-2026A0006': 'lateWrongItem',
  'RMA-2026A0007': 'carrierDamage',
  'RMA-2026A0004': 'qualityDefect',
  'RMA-2026A0009': 'exchange',
  'RMA-2026A0005': 'otherPolicy',
  'RMA-2026A0008': 'otherPolicy',
} as const;
export type SampleStory = (typeof SAMPLE_STORIES)[keyof typeof SAMPLE_STORIES];

export interface SampleGuideEntry {
  rmaNo: string;
  story: SampleStory;
  customer: string;
  /** A code on the parcel (its tracking number) — the RMA scans too. */
  tracking: string | undefined;
  /** Each line's product and the barcode to scan for it. */
  items: { name: string; gtin: string; gift: boolean; shipped: boolean }[];
}

export function sampleGuide(now = new Date()): SampleGuideEntry[] {
  const sample = sampleReference(now);
  return Object.entries(SAMPLE_STORIES).map(([rmaNo, story]) => {
    const e = sample.expectedReturns.find((r) => r.rmaNo === rmaNo)!;
    return {
      rmaNo,
      story,
      customer: e.customer.name,
      tracking: e.trackingNumbers[0],
      items: e.lines.map((l) => ({ name: l.name, gtin: (l.gtin ?? '').replace(/^0/, ''), gift: !!l.isGift, shipped: (l.shippedQty ?? l.qty) > 0 })),
    };
  });
}

/** The same guide for a terminal (English; the demo's terminal is a developer's). */
export const SAMPLE_STORY_WORDS: Record<SampleStory, string> = {
  happyPath: 'the usual parcel: 4 scans (RMA, item, #CMD:GRADE-A, #CMD:COMPLETE), refund CN¥569.00',
  giftMissing:
    'a dress with a free scarf (赠品): leave the scarf out and the gift is deducted and the parcel held; two returns in one box: scan RMA-2026A0003 inside it',
  highValueSerials: 'two phones with shipped serials (scan ]d201<GTIN>21<serial>; SN-A1, SN-A2), high value, a power bank gift',
  lateWrongItem: 'outside its 7-day window (late); scan the face cream (6901234567946) for a wrong item; its mug gift was never shipped',
  carrierDamage: 'a rice cooker that arrived crushed: box condition 4, photos, a carrier claim for HQ',
  qualityDefect: 'a face cream returned for an allergy (quality): the seller pays the postage',
  exchange: 'an exchange (换货): no money moves, a replacement is approved',
  otherPolicy: 'a US order under the 30-day policy, in USD',
};
