import type { Checklist, Policy } from './schema';

const apparel: Checklist = [
  { id: 'tags_attached', failGrade: 'D', means: 'wear' }, // 吊牌被剪 blocks resale
  { id: 'packaging_intact', failGrade: 'C', means: 'damage' },
  { id: 'no_signs_of_use', failGrade: 'C', means: 'wear' },
  { id: 'no_damage', failGrade: 'D', means: 'damage' },
  { id: 'complete', failGrade: 'D', means: 'incomplete' },
  { id: 'works_as_described', failGrade: 'D', means: 'defect' },
];
const electronics: Checklist = [
  { id: 'factory_sealed', failGrade: 'B', means: 'wear' },
  { id: 'packaging_intact', failGrade: 'C', means: 'damage' },
  { id: 'no_signs_of_use', failGrade: 'C', means: 'wear' },
  { id: 'no_damage', failGrade: 'D', means: 'damage' },
  { id: 'complete', failGrade: 'D', means: 'incomplete' },
  { id: 'serial_matches', failGrade: 'D', means: 'mismatch' },
  { id: 'works_as_described', failGrade: 'D', means: 'defect' },
];
const beauty: Checklist = [
  { id: 'hygiene_seal_intact', failGrade: 'D', means: 'wear' },
  { id: 'packaging_intact', failGrade: 'C', means: 'damage' },
  { id: 'no_damage', failGrade: 'D', means: 'damage' },
  { id: 'works_as_described', failGrade: 'D', means: 'defect' },
];
const general: Checklist = [
  { id: 'packaging_intact', failGrade: 'C', means: 'damage' },
  { id: 'no_signs_of_use', failGrade: 'C', means: 'wear' },
  { id: 'no_damage', failGrade: 'D', means: 'damage' },
  { id: 'complete', failGrade: 'D', means: 'incomplete' },
  { id: 'works_as_described', failGrade: 'D', means: 'defect' },
];

const routing: Policy['routing'] = [
  { disposition: 'SELLABLE', channel: 'restock' },
  { disposition: 'CUSTOMER_DAMAGED', grades: ['C'], channel: 'refurbish' },
  { disposition: 'CUSTOMER_DAMAGED', channel: 'liquidate' },
  { disposition: 'DAMAGED', grades: ['C'], channel: 'refurbish' },
  { disposition: 'DAMAGED', channel: 'liquidate' },
  { disposition: 'DEFECTIVE', channel: 'return_to_vendor' },
  { disposition: 'CARRIER_DAMAGED', grades: ['C'], channel: 'refurbish' },
  { disposition: 'CARRIER_DAMAGED', channel: 'liquidate' },
  { disposition: 'EXPIRED', channel: 'destroy' },
];

const checklists: Policy['checklists'] = { default: general, byCategory: { apparel, shoes: apparel, electronics, beauty } };

/**
 * Chinese marketplace rules: 七天无理由退货 counted in China time from the day after delivery, only
 * when resale is unaffected (不影响二次销售); quality faults accepted for 15 days; the buyer pays return
 * freight for change of mind or damage they caused, the seller for faults; a missing gift is deducted at
 * its allocated price.
 */
export const CN_MARKETPLACE_POLICY: Policy = {
  id: 'cn-marketplace',
  version: 1,
  name: '中国电商平台 · 七天无理由',
  timeZone: 'Asia/Shanghai',
  windows: { noReasonDays: 7, qualityDays: 15 },
  noReasonRequiresResellable: true,
  restockingFee: { percent: 0, appliesTo: 'never' },
  freight: { customerPaysAtFault: true, reimburseCustomerWhenNotAtFault: true },
  gifts: { missingDeduction: 'allocated_price', fixedValueMinor: 0, damaged: 'deduct', virtual: 'reverse', virtualReversalHours: 24, recyclingPoints: 0 },
  weightTolerance: { minGrams: 50, percent: 10, packagingGrams: 0 },
  risk: { highValueMinor: 200_000, frequentReturner: { returns: 5, withinDays: 30 } },
  refundDue: { businessDays: 2, holidays: [] },
  // Marketplace disputes and carrier claims are won with photos.
  photoEvidence: { itemDamage: true, boxDamage: true, serialMismatch: true },
  checklists,
  routing,
};

/**
 * A western 30-day policy: returns within 30 days of delivery, quality faults for 90; a 15 % restocking
 * fee when the customer returns something they damaged or used; a missing gift costs a fixed 10.00.
 */
export const WESTERN_30_DAY_POLICY: Policy = {
  id: 'western-30-day',
  version: 1,
  name: '30-day returns',
  timeZone: 'America/New_York',
  windows: { noReasonDays: 30, qualityDays: 90 },
  noReasonRequiresResellable: false,
  restockingFee: { percent: 15, appliesTo: 'customer_fault_not_resellable' },
  freight: { customerPaysAtFault: true, reimburseCustomerWhenNotAtFault: true },
  gifts: { missingDeduction: 'fixed', fixedValueMinor: 1000, damaged: 'accept', virtual: 'reverse', virtualReversalHours: 24, recyclingPoints: 0 },
  weightTolerance: { minGrams: 50, percent: 10, packagingGrams: 0 },
  risk: { highValueMinor: 50_000, frequentReturner: { returns: 4, withinDays: 60 } },
  checklists,
  routing,
};

export const DEFAULT_POLICIES: readonly Policy[] = [CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY];
