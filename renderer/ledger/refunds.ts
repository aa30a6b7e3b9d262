import { StationError } from '../../shared/errors';
import { refundDueDate, settleReturn, type ExpectedReturn, type Policy, type ReturnSettlement } from '../../shared/returns';
import type { RefundDecisionRow, StationDb, UnitRow } from '../db/station-db';
import { iso, newId } from './common';
import { policyFor } from './policies';
import type { Actor, OutboxItem } from './record-action';

/** A return's decisions, oldest first. */
export async function refundDecisions(db: StationDb, rmaNo: string): Promise<RefundDecisionRow[]> {
  return (await db.refundDecisions.where('rmaNo').equals(rmaNo).toArray()).sort((a, b) => a.seq - b.seq);
}

/** What the return's refund stands at: its latest decision (the deltas of all of them add up to it). */
export async function currentRefund(db: StationDb, rmaNo: string): Promise<RefundDecisionRow | undefined> {
  return (await refundDecisions(db, rmaNo)).at(-1);
}

/**
 * Inside a ledger transaction: settles a return over every unit received for it and records one more
 * decision with what it changes. `null` when the station does not know the return.
 */
export async function decideRefund(
  db: StationDb,
  actor: Actor,
  input: { rmaNo: string; parcelId: string; cause: RefundDecisionRow['cause']; now: Date },
): Promise<{ decision: RefundDecisionRow; settlement: ReturnSettlement; expected: ExpectedReturn; policy: Policy; outbox: OutboxItem } | null> {
  const expected = await db.expectedReturns.get(input.rmaNo);
  if (!expected) return null;
  const policy = await policyFor(db, expected);
  const units = await db.units.where('rmaNo').equals(input.rmaNo).toArray();
  const previous = await currentRefund(db, input.rmaNo);
  const settled = settleReturn({
    expected,
    units: settlementUnits(units),
    previousTotalMinor: previous ? previous.recommendation.totalMinor : null,
    policy,
    now: iso(input.now),
  });
  if (!settled.ok) throw new StationError('refund_failed', settled.error.message);
  const s = settled.value;
  // Due from its own receipt: the units this parcel brought (a correction: when it is made), never the return's first parcel.
  const mine = units
    .filter((u) => u.parcelId === input.parcelId)
    .map((u) => u.inspectedAt)
    .sort();
  const receivedAt = input.cause === 'parcel' && mine[0] ? mine[0] : iso(input.now);
  const decision: RefundDecisionRow = {
    id: newId(),
    rmaNo: input.rmaNo,
    seq: (previous?.seq ?? 0) + 1,
    parcelId: input.parcelId,
    cause: input.cause,
    decidedAt: iso(input.now),
    decidedBy: actor.who,
    previousTotalMinor: previous?.recommendation.totalMinor ?? 0,
    deltaMinor: s.deltaMinor,
    complete: s.complete,
    recommendation: { ...s.refund, reasons: [...s.refund.reasons, ...s.reasons] },
    ...(s.exchange ? { exchange: s.exchange } : {}),
    returnLines: expected.lines.map((l) => ({ lineId: l.lineId, qty: l.qty })),
    dueOn: refundDueDate(policy, receivedAt),
  };
  await db.refundDecisions.add(decision);
  return { decision, settlement: s, expected, policy, outbox: { type: 'refund.decided', payload: decision } };
}

/** Received units as the refund rules read them (the same for a decision and for a day's figures). */
export function settlementUnits(units: UnitRow[]) {
  return units.map((u) => ({
    expectedLineId: u.expectedLineId,
    qty: u.qty,
    match: u.match,
    grade: u.grade,
    acceptance: u.acceptance,
    ...(u.disposition ? { disposition: u.disposition } : {}),
    ...(u.faultParty ? { faultParty: u.faultParty } : {}),
  }));
}
