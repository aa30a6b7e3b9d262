import { StationError } from '../../shared/errors';
import {
  checklistFor,
  evaluateUnit,
  gradeUnit,
  missingPhotoEvidence,
  secondLookFor,
  undecidedReasons,
  type Checklist,
  type ExpectedLine,
  type ExpectedReturn,
  type Grade,
  type Policy,
  type Reason,
  type UnitEvaluation,
} from '../../shared/returns';
import type { ParcelRow, PendingItem, PolicyRow, StationDb } from '../db/station-db';
import { pickPolicy } from './policies';
import { countInWindow, returnsOfCustomer } from './queries';

/** The tables deciding an item reads (an action that records it names them in its transaction). */
export const ITEM_DECISION_TABLES = ['expectedReturns', 'policies'] as const;

export type DecidedEvaluation = Extract<UnitEvaluation, { status: 'decided' }>;

/** What the rules say of the item in hand, from what the station holds — shown on screen, and recorded on accept. */
export interface ItemDecision {
  expected?: ExpectedReturn;
  line?: ExpectedLine;
  /** The return's policy; undefined when the station does not hold it (a manager decides). */
  policy?: Policy;
  /** The checklist the item is inspected by (the default policy's for a blind item). */
  checklist: Checklist;
  /** Its grade once every check is answered; null while some are not. */
  grade: Grade | null;
  /** The rules' whole decision, when the rules decide (not for over-receipts, unexpected items, unknown policies). */
  evaluation: DecidedEvaluation | null;
  /** Why the rules leave it to a person. */
  undecidedReasons: Reason[];
  /** Photos the policy still wants before it may be accepted. */
  missingPhotos: Reason[];
  /** A high-value unit: a second person confirms it before it is accepted (why, or null). */
  secondLook: Reason | null;
}

/** The return the screen shows for the item in hand: a guess that lets its reads go with the others. */
export type ReturnGuess = Pick<ExpectedReturn, 'rmaNo' | 'customer'>;

/** What deciding an item reads, read ahead from a guess of its return (all in one trip to the storage). */
export interface ReadAhead {
  guess: ReturnGuess | undefined;
  expected: ExpectedReturn | undefined;
  policies: PolicyRow[];
  customerReturns: ExpectedReturn[];
}

/** Issues the reads deciding an item needs, from a guess of its return, without waiting for anything else. */
export async function readAhead(db: StationDb, guess: ReturnGuess | undefined): Promise<ReadAhead> {
  const [expected, policies, customerReturns] = await Promise.all([
    guess ? db.expectedReturns.get(guess.rmaNo) : undefined,
    db.policies.toArray(),
    guess ? returnsOfCustomer(db, guess.customer) : [],
  ]);
  return { guess, expected, policies, customerReturns };
}

const sameCustomerKey = (a: ExpectedReturn['customer'], b: ExpectedReturn['customer']) => a.id === b.id && a.contactHash === b.contactHash;

/**
 * Decides the item in hand with the shared rules, reading only: the return it counts against, that
 * return's policy (or the station's default for a blind item), the checklist and its answers, the photos
 * taken, the parcel's condition, the customer's other returns. The same function shows the decision to
 * the clerk and, inside acceptUnit's transaction, records it: a caller never supplies a decision. What was
 * read ahead (`ahead`) is used only where its guess proves right; the rest is read here.
 */
export async function decideItem(db: StationDb, parcel: ParcelRow, pending: PendingItem, now: Date, ahead?: ReadAhead): Promise<ItemDecision> {
  const guess = ahead?.guess?.rmaNo === pending.rmaNo ? ahead?.guess : undefined;
  // Asked together (each request is a trip to the storage): the return, and the few policies the station holds.
  const [expected, policies] =
    ahead && guess
      ? [ahead.expected, ahead.policies]
      : await Promise.all([pending.rmaNo ? db.expectedReturns.get(pending.rmaNo) : undefined, ahead?.policies ?? db.policies.toArray()]);
  const known = (e?: ExpectedReturn): Policy | undefined => {
    try {
      return pickPolicy(policies, e);
    } catch (err) {
      if (!(err instanceof StationError) || err.code !== 'policy_unknown') throw err;
      return undefined;
    }
  };
  const policy = known(expected);
  // A return under a policy this station lacks is still inspected, by the default checklist: a manager decides it.
  const checklistPolicy = policy ?? known();
  const line = expected?.lines.find((l) => l.lineId === pending.lineId);
  const checklist = checklistPolicy ? checklistFor(checklistPolicy, line?.category ?? 'general') : [];
  const graded = gradeUnit({ checklist, answers: pending.answers });
  if (!graded.ok) throw new StationError('decision_failed', graded.error.message);
  const missingPhotos = checklistPolicy
    ? missingPhotoEvidence({
        policy: checklistPolicy,
        checklist,
        answers: pending.answers,
        outerCondition: parcel.outerCondition,
        serialMismatch: pending.match === 'serial_mismatch',
        itemPhotos: pending.photos?.length ?? 0,
        parcelPhotos: parcel.photos.length,
      })
    : [];
  const base = {
    ...(expected ? { expected } : {}),
    ...(line ? { line } : {}),
    ...(policy ? { policy } : {}),
    checklist,
    missingPhotos,
    secondLook: secondLookFor(policy, line),
    undecidedReasons: undecidedReasons(pending, line),
  };
  if (graded.value.status === 'incomplete') return { ...base, grade: null, evaluation: null };
  // Over-receipts and unexpected items are not the rules' to decide: a manager does.
  if (!expected || !policy || !pending.lineId || pending.match === 'over' || pending.match === 'unexpected')
    return { ...base, grade: graded.value.grade, evaluation: null };
  const handedToCarrierAt = parcel.handedToCarrierAt ?? expected.handedToCarrierAt;
  const result = evaluateUnit({
    expected,
    lineId: pending.lineId,
    itemMatchesOrder: pending.match !== 'wrong_item',
    answers: pending.answers,
    ...(pending.scan.kind === 'gs1' && pending.scan.expiry ? { expiry: pending.scan.expiry } : {}),
    outerCondition: parcel.outerCondition,
    receivedAt: now.toISOString(),
    ...(handedToCarrierAt ? { handedToCarrierAt } : {}),
    // The customer's returns read ahead were read by the guess's customer: used only if that is the stored one.
    customerReturnsInWindow: countInWindow(
      ahead && guess && sameCustomerKey(guess.customer, expected.customer) ? ahead.customerReturns : await returnsOfCustomer(db, expected.customer),
      expected,
      policy,
      now,
    ),
    policy,
  });
  if (!result.ok) throw new StationError('decision_failed', result.error.message);
  const evaluation = result.value.status === 'decided' ? result.value : null;
  return { ...base, grade: evaluation?.grade ?? graded.value.grade, evaluation };
}

/** The decision for the parcel's item in hand as it is stored now (read-only), for the screen. */
export async function previewItem(db: StationDb, parcelId: string, now = new Date()): Promise<ItemDecision | null> {
  const parcel = await db.parcels.get(parcelId);
  return parcel?.pending ? decideItem(db, parcel, parcel.pending, now) : null;
}
