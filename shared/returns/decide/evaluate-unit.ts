import { z } from 'zod';
import type { AcceptanceState, Channel, DispositionCode, FaultParty, Grade } from '../codes';
import { IsoDate, UtcIso, localDate } from '../dates';
import { PolicySchema, checklistFor, type CheckDef } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { ExpectedReturnSchema } from '../records/expected-return';
import { CheckAnswerSchema } from '../records/outcomes';
import { OuterConditionSchema } from '../records/parcel';
import { decideWith } from '../result';
import { eligibilityOf, type Eligibility } from './eligibility';
import { gradeUnit } from './grade';
import { unitOutcomeOf } from './outcome';

export const EvaluateUnitInputSchema = z
  .object({
    expected: ExpectedReturnSchema,
    lineId: z.string().min(1),
    itemMatchesOrder: z.boolean(),
    answers: z.record(z.string(), CheckAnswerSchema),
    expiry: IsoDate.optional(),
    outerCondition: OuterConditionSchema,
    receivedAt: UtcIso,
    handedToCarrierAt: UtcIso.optional(),
    customerReturnsInWindow: z.number().int().nonnegative(),
    policy: PolicySchema,
  })
  .refine((i) => i.expected.lines.some((l) => l.lineId === i.lineId), { message: 'lineId is not a line of this return', path: ['lineId'] });

export type UnitEvaluation =
  | { status: 'incomplete'; missing: string[]; reasons: Reason[] }
  | {
      status: 'decided';
      grade: Grade;
      failed: CheckDef[];
      faultParty: FaultParty;
      disposition: DispositionCode;
      channel: Channel;
      acceptance: AcceptanceState;
      eligibility: Eligibility;
      /** Grade, fault, disposition, routing and eligibility reasons, in that order. */
      reasons: Reason[];
      policy: { id: string; version: number };
    };

/**
 * One inspected unit, start to end: its category's checklist → grade → fault, disposition and channel →
 * may it be returned. The receiving flow calls this once per unit; each step is also usable alone.
 */
export function evaluateUnit(input: z.input<typeof EvaluateUnitInputSchema>) {
  return decideWith(EvaluateUnitInputSchema, input, (i): UnitEvaluation => {
    const line = i.expected.lines.find((l) => l.lineId === i.lineId)!;
    const graded = gradeUnit({ checklist: checklistFor(i.policy, line.category), answers: i.answers });
    if (!graded.ok) throw new Error(graded.error.message);
    if (graded.value.status === 'incomplete') return graded.value;
    const { grade, failed } = graded.value;

    // Its parts are given what this schema already read: the policy and the return are checked once, not three times.
    const outcome = unitOutcomeOf({
      returnReason: i.expected.reason,
      grade,
      failed,
      outerCondition: i.outerCondition,
      itemMatchesOrder: i.itemMatchesOrder,
      ...(i.expiry ? { expiry: i.expiry } : {}),
      receivedOn: localDate(i.receivedAt, i.policy.timeZone),
      ...(i.expected.deliveredAt ? { deliveredOn: localDate(i.expected.deliveredAt, i.policy.timeZone) } : {}),
      policy: i.policy,
    });
    const eligibility = eligibilityOf({
      expected: i.expected,
      lineId: i.lineId,
      receivedAt: i.receivedAt,
      ...(i.handedToCarrierAt ? { handedToCarrierAt: i.handedToCarrierAt } : {}),
      faultParty: outcome.faultParty,
      faultConfirmed: outcome.faultConfirmed,
      grade,
      expired: outcome.expired,
      customerReturnsInWindow: i.customerReturnsInWindow,
      policy: i.policy,
    });
    const decided = {
      status: 'decided' as const,
      grade,
      failed,
      faultParty: outcome.faultParty,
      disposition: outcome.disposition,
      eligibility,
      policy: outcome.policy,
    };
    // Not what was ordered: never accepted or restocked under the ordered line, whatever the customer
    // said. It waits in quarantine, unpaid, until a manager decides.
    if (!i.itemMatchesOrder) {
      return {
        ...decided,
        channel: 'quarantine',
        acceptance: 'manual_intervention_required',
        reasons: [
          ...graded.value.reasons,
          ...outcome.reasons.filter((r) => r.key !== 'routing.channel'),
          reason('item.notOnReturnQuarantined', { sku: line.sku }),
        ],
      };
    }
    // A serial that is not the one shipped says nothing of the item's condition, only that it may not be
    // ours: who is at fault and where it goes are a manager's call, so no fault or disposition is worded.
    if (failed.some((c) => c.means === 'mismatch')) {
      return {
        ...decided,
        channel: 'quarantine',
        acceptance: 'manual_intervention_required',
        reasons: [...graded.value.reasons, reason('item.serialHeld', { sku: line.sku })],
      };
    }
    return {
      ...decided,
      channel: outcome.channel,
      acceptance: eligibility.acceptance,
      reasons: [...graded.value.reasons, ...outcome.reasons, ...eligibility.reasons],
    };
  });
}
