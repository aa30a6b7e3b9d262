import { z } from 'zod';
import { type Channel, type DispositionCode, type FaultParty, GRADES } from '../codes';
import { IsoDate } from '../dates';
import { CheckDefSchema, PolicySchema, type Policy, policyRef } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { ReturnReasonSchema } from '../records/expected-return';
import { CARRIER_DAMAGE_CONDITIONS, OuterConditionSchema } from '../records/parcel';
import { decideWith } from '../result';

export const UnitOutcomeInputSchema = z.object({
  /** Why the customer says they return it. */
  returnReason: ReturnReasonSchema,
  grade: z.enum(GRADES),
  failed: z.array(CheckDefSchema),
  outerCondition: OuterConditionSchema,
  /** The scanned GTIN is the ordered line's GTIN (false for a wrong item). */
  itemMatchesOrder: z.boolean(),
  /** The lot's expiry (GS1 AI 17), if the item has one. */
  expiry: IsoDate.optional(),
  /** The local calendar day it was received (policy time zone). */
  receivedOn: IsoDate,
  deliveredOn: IsoDate.optional(),
  policy: PolicySchema,
});

export interface UnitOutcome {
  faultParty: FaultParty;
  /** The customer's claim of a fault was confirmed by the inspection (or the item was expired on delivery). */
  faultConfirmed: boolean;
  expired: boolean;
  disposition: DispositionCode;
  channel: Channel;
  reasons: Reason[];
  policy: { id: string; version: number };
}

/**
 * Who is at fault and where the unit goes.
 * Fault: a defect found (it does not work / not as described) is the seller's; parts missing are the
 * seller's when the customer reported them; a wrong item is the seller's when the customer said the store
 * sent it; physical damage in a parcel that arrived torn, crushed or wet is the carrier's; goods expired
 * before they were delivered are the seller's; anything else is the customer's.
 * Disposition: EXPIRED, then CARRIER_DAMAGED, DEFECTIVE, SELLABLE (grade A/B), CUSTOMER_DAMAGED, DAMAGED.
 * Channel: the policy's first routing rule for that disposition and grade.
 */
export function decideUnitOutcome(input: z.input<typeof UnitOutcomeInputSchema>) {
  return decideWith(UnitOutcomeInputSchema, input, unitOutcomeOf);
}

/** decideUnitOutcome on input already read by its schema (a caller that validated it once, as evaluateUnit does). */
export function unitOutcomeOf(i: z.output<typeof UnitOutcomeInputSchema>): UnitOutcome {
  const reasons: Reason[] = [];
  const failedMeaning = (m: string) => i.failed.some((c) => c.means === m);
  const expired = i.expiry !== undefined && i.expiry < i.receivedOn;
  const expiredOnDelivery = expired && i.deliveredOn !== undefined && i.expiry! < i.deliveredOn;
  const carrierDamage = failedMeaning('damage') && CARRIER_DAMAGE_CONDITIONS.includes(i.outerCondition);

  let faultParty: FaultParty = 'customer';
  let faultConfirmed = false;
  if (failedMeaning('defect')) {
    [faultParty, faultConfirmed] = ['seller', true];
    reasons.push(reason('fault.seller', { finding: 'defect' }));
  } else if (failedMeaning('incomplete') && i.returnReason === 'missing_parts') {
    [faultParty, faultConfirmed] = ['seller', true];
    reasons.push(reason('fault.seller', { finding: 'incomplete_as_reported' }));
  } else if (!i.itemMatchesOrder && i.returnReason === 'wrong_item_sent') {
    [faultParty, faultConfirmed] = ['seller', true];
    reasons.push(reason('fault.seller', { finding: 'wrong_item_sent' }));
  } else if (expiredOnDelivery) {
    [faultParty, faultConfirmed] = ['seller', true];
    reasons.push(reason('fault.seller', { finding: 'expired_on_delivery', expiry: i.expiry! }));
  } else if (carrierDamage) {
    [faultParty, faultConfirmed] = ['carrier', true];
    reasons.push(reason('fault.carrier', { outerCondition: i.outerCondition }));
  } else {
    reasons.push(reason('fault.customer', { returnReason: i.returnReason }));
    if (['quality_defect', 'not_as_described', 'missing_parts', 'wrong_item_sent', 'damaged_in_transit'].includes(i.returnReason)) {
      reasons.push(reason('fault.defectClaimNotConfirmed', { returnReason: i.returnReason }));
    }
  }

  let disposition: DispositionCode;
  if (expired) {
    disposition = 'EXPIRED';
    reasons.push(reason('disposition.expired', { expiry: i.expiry!, receivedOn: i.receivedOn }));
  } else if (faultParty === 'carrier') {
    disposition = 'CARRIER_DAMAGED';
    reasons.push(reason('disposition.carrierDamaged'));
  } else if (faultParty === 'seller' && (failedMeaning('defect') || failedMeaning('incomplete'))) {
    disposition = 'DEFECTIVE';
    reasons.push(reason('disposition.defective'));
  } else if (i.grade === 'A' || i.grade === 'B') {
    disposition = 'SELLABLE';
    reasons.push(reason('disposition.sellable', { grade: i.grade }));
  } else if (faultParty === 'customer') {
    disposition = 'CUSTOMER_DAMAGED';
    reasons.push(reason('disposition.customerDamaged', { grade: i.grade }));
  } else {
    disposition = 'DAMAGED';
    reasons.push(reason('disposition.damaged', { grade: i.grade }));
  }

  const channel = routeUnit(i.policy, disposition, i.grade);
  reasons.push(reason('routing.channel', { disposition, grade: i.grade, channel }));
  return { faultParty, faultConfirmed, expired, disposition, channel, reasons, policy: policyRef(i.policy) };
}

/** The policy guarantees a catch-all rule per disposition, so a channel is always found. */
export function routeUnit(policy: Policy, disposition: DispositionCode, grade: (typeof GRADES)[number]): Channel {
  const rule = policy.routing.find((r) => r.disposition === disposition && (!r.grades || r.grades.includes(grade)));
  return rule!.channel;
}
