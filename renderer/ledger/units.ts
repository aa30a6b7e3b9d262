import { StationError } from '../../shared/errors';
import type { Label } from '../../shared/labels/label';
import {
  reason,
  routeUnit,
  type AcceptanceState,
  type Channel,
  type DispositionCode,
  type ExceptionDraft,
  type FaultParty,
  type Grade,
  type UnitEvaluation,
} from '../../shared/returns';
import type { ParcelRow, PendingItem, StationDb, UnitRow } from '../db/station-db';
import { exceptionRaised, exceptionRow, iso, requireManager } from './common';
import { decideItem, ITEM_DECISION_TABLES, readAhead, type ReturnGuess } from './item-decision';
import { reserveLpn } from './lpn';
import { labelJobCreated, newPrintJob } from './print-jobs';
import { recordUserAction, type Actor, type OutboxItem } from './record-action';

/** What a label shows of a unit's decision: the one stored, so the bench routes by the truth. */
export interface UnitDecision {
  grade: Grade;
  disposition?: DispositionCode;
  channel?: Channel;
  acceptance: AcceptanceState;
}

/** A manager's decision instead of the rules': what they chose, and only that (where it goes follows from the policy). */
export interface ManagerOverride {
  by: string;
  reason: string;
  disposition: DispositionCode;
  /** Changed only when the manager says so in the override form. */
  acceptance?: AcceptanceState;
  faultParty?: FaultParty;
}

/** A manager lets a unit be accepted without the photos its policy asks for (no camera at this dock), and why. */
export interface PhotoWaiver {
  by: string;
  reason: string;
}

function scanFields(pending: PendingItem): UnitRow['scan'] {
  const { scan } = pending;
  return {
    raw: pending.raw,
    ...(scan.kind === 'gtin' ? { gtin: scan.gtin } : {}),
    ...(scan.kind === 'gs1'
      ? {
          ...(scan.gtin ? { gtin: scan.gtin } : {}),
          ...(scan.serial ? { serial: scan.serial } : {}),
          ...(scan.lot ? { lot: scan.lot } : {}),
          ...(scan.expiry ? { expiry: scan.expiry } : {}),
        }
      : {}),
  };
}

/** Exceptions a unit raises the moment it is accepted: each names its unit, so HQ can follow it. */
function unitExceptions(unit: UnitRow, evaluation: Extract<UnitEvaluation, { status: 'decided' }> | null): ExceptionDraft[] {
  const drafts: ExceptionDraft[] = [];
  const lineId = unit.expectedLineId ?? undefined;
  const on = lineId ? { lineId } : {};
  if (unit.match === 'serial_mismatch') drafts.push({ kind: 'serial_mismatch', ...on, details: unit.reasons.filter((r) => r.key === 'item.serialMismatch') });
  if (unit.match === 'wrong_item')
    drafts.push({ kind: 'wrong_item', ...on, details: unit.reasons.filter((r) => r.key === 'item.notOnReturnQuarantined' || r.key === 'item.wrongItem') });
  if (unit.match === 'over') drafts.push({ kind: 'qty_over', ...on, details: unit.reasons.filter((r) => r.key === 'item.overReceipt') });
  if (unit.match === 'unexpected') drafts.push({ kind: 'unexpected_item', details: [reason('reception.unexpected', { qty: unit.qty })] });
  if (unit.faultParty === 'carrier') drafts.push({ kind: 'damaged_in_transit', ...on, details: unit.reasons.filter((r) => r.key === 'fault.carrier') });
  if (evaluation && unit.acceptance === 'rejected') {
    const excluded = evaluation.eligibility.reasons.some((r) => r.key === 'eligibility.excludedFromNoReason');
    drafts.push({ kind: excluded ? 'category_excluded' : evaluation.eligibility.late ? 'late' : 'ineligible', ...on, details: evaluation.eligibility.reasons });
  }
  return drafts;
}

/**
 * The clerk accepts the inspected unit. The ledger decides it — with the shared rules, from what the station
 * holds (the item in hand, its answers and photos, its return, the policy: see decideItem) — inside the same
 * transaction that issues its LPN, stores the unit with its inspection, queues its label (showing the
 * decision stored, override included), raises the exceptions it carries, clears the item in hand, and
 * records the audit event and outbox rows. What the policy forbids is refused: unanswered checks, missing
 * photos (unless a manager waived them, with a reason). A crash before it commits leaves the item in hand;
 * after, it is all there. An item is accepted once.
 */
export function acceptUnit(
  db: StationDb,
  actor: Actor,
  input: {
    parcelId: string;
    /** The item in hand being accepted (the scan it came from): accepting checks it is still the one. */
    itemId: string;
    /** The return the screen shows for the item: its reads then go with the rest (only a guess, checked). */
    expected?: ReturnGuess;
    label: (lpn: string, decision: UnitDecision) => Label;
    printerId?: string;
    override?: ManagerOverride;
    photoWaiver?: PhotoWaiver;
    /** A high-value unit's second look: the manager (not the clerk) who confirmed it. */
    secondLook?: { by: string };
    now?: Date;
  },
): Promise<UnitRow> {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['units', 'parcels', 'printJobs', 'exceptions', 'users', ...ITEM_DECISION_TABLES],
    async () => {
      // Read together (each IndexedDB request is a round trip); the LPN counter is only kept if all of it is.
      const [, , parcel, taken, reserved, ahead] = await Promise.all([
        input.override ? requireManager(db, { who: input.override.by }) : undefined,
        input.photoWaiver ? requireManager(db, { who: input.photoWaiver.by }) : undefined,
        db.parcels.get(input.parcelId),
        db.units.where('itemId').equals(input.itemId).count(),
        reserveLpn(db),
        readAhead(db, input.expected),
      ]);
      if (!parcel?.pending || parcel.pending.id !== input.itemId || taken > 0) {
        throw new StationError('already_accepted', 'This item was already accepted (or dropped).');
      }
      const pending = parcel.pending;
      const d = await decideItem(db, parcel, pending, now, ahead);
      if (d.grade === null)
        throw new StationError('inspection_incomplete', 'Answer every check of the item first.', {
          checklist: d.checklist.filter((c) => pending.answers[c.id] === undefined).map((c) => c.id),
        });
      if (d.missingPhotos.length > 0 && !input.photoWaiver)
        throw new StationError(
          'photos_required',
          `The policy wants photos first (${d.missingPhotos.map((r) => r.key).join(', ')}): take them (P), or a manager accepts without them, with a reason.`,
          { reasons: d.missingPhotos },
        );
      // Looked at twice: by a manager who is not the clerk — on the spot, or in the override or waiver they sign.
      const secondLookBy = [input.secondLook?.by, input.override?.by, input.photoWaiver?.by].find((by) => by !== undefined);
      if (d.secondLook && secondLookBy === undefined)
        throw new StationError('second_look_required', 'High value: a second person confirms it — a manager scans their badge, or O and their PIN.', {
          reasons: [d.secondLook],
        });
      if (d.secondLook && input.secondLook) await requireManager(db, { who: input.secondLook.by });
      if (d.secondLook && secondLookBy === actor.who)
        throw new StationError('second_look_same_person', "The second look is someone else's: a manager other than the clerk who inspected it.");
      if (input.photoWaiver && input.photoWaiver.reason.trim().length < 3)
        throw new StationError('reason_required', 'Say why the unit is accepted without its photos.');
      const input2 = { pending, evaluation: d.evaluation, grade: d.grade, undecidedReasons: d.undecidedReasons };
      const lpn = reserved.lpn;
      const e = input2.evaluation;
      const quarantined = !e && input2.pending.match !== 'matched' && input2.pending.match !== 'serial_mismatch';
      const unit: UnitRow = {
        lpn,
        itemId: input2.pending.id,
        parcelId: parcel.id,
        ...(input2.pending.rmaNo ? { rmaNo: input2.pending.rmaNo } : {}),
        expectedLineId: input2.pending.lineId,
        match: input2.pending.match,
        scan: scanFields(input2.pending),
        qty: 1,
        answers: input2.pending.answers,
        ...(input2.pending.photos?.length ? { photos: input2.pending.photos } : {}),
        grade: input2.grade,
        ...(e
          ? { disposition: e.disposition, channel: e.channel, faultParty: e.faultParty, policy: e.policy }
          : quarantined
            ? { channel: 'quarantine' as const }
            : {}),
        acceptance: e ? e.acceptance : 'manual_intervention_required',
        reasons: e ? e.reasons : (input2.undecidedReasons ?? []),
        inspectedAt: iso(now),
        clerkId: actor.who,
      };
      if (d.secondLook && secondLookBy) unit.secondLook = { by: secondLookBy, at: iso(now) };
      if (input.photoWaiver) unit.photoWaiver = { by: input.photoWaiver.by, reason: input.photoWaiver.reason.trim(), at: iso(now), missing: d.missingPhotos };
      if (input.override) {
        const o = input.override;
        unit.override = {
          by: o.by,
          reason: o.reason,
          computed: {
            grade: unit.grade,
            acceptance: unit.acceptance,
            ...(unit.disposition ? { disposition: unit.disposition } : {}),
            ...(unit.channel ? { channel: unit.channel } : {}),
            ...(unit.faultParty ? { faultParty: unit.faultParty } : {}),
          },
        };
        unit.disposition = o.disposition;
        // Where it goes follows from the policy, as it would for the rules' own decision.
        unit.channel = d.policy ? routeUnit(d.policy, o.disposition, unit.grade) : 'quarantine';
        if (o.acceptance) unit.acceptance = o.acceptance;
        if (o.faultParty) unit.faultParty = o.faultParty;
      }
      const outbox: OutboxItem[] = [];
      let jobAdded: Promise<unknown> | undefined;
      if (input.printerId) {
        const job = newPrintJob(
          input.label(lpn, {
            grade: unit.grade,
            acceptance: unit.acceptance,
            ...(unit.disposition ? { disposition: unit.disposition } : {}),
            ...(unit.channel ? { channel: unit.channel } : {}),
          }),
          input.printerId,
          actor.who,
          now,
        );
        jobAdded = db.printJobs.add(job);
        unit.labelJobId = job.id;
        outbox.push(labelJobCreated(job));
      }
      const next: ParcelRow = { ...parcel };
      delete next.pending;
      const exceptions = unitExceptions(unit, e).map((d) => exceptionRow(d, iso(now), { parcelId: unit.parcelId, rmaNo: unit.rmaNo, lpn }));
      const raised = exceptions.map(exceptionRaised);
      // Not awaited here: the ledger awaits them with its audit and outbox writes, in one trip.
      const written = Promise.all([
        reserved.commit(),
        jobAdded,
        db.units.add(unit),
        exceptions.length ? db.exceptions.bulkAdd(exceptions) : undefined,
        db.parcels.put(next),
      ]);
      return {
        written,
        result: unit,
        record: {
          action: unit.override ? 'unit.override' : 'unit.accept',
          entity: 'unit',
          entityId: lpn,
          ...(unit.override ? { before: unit.override.computed } : {}),
          after: {
            grade: unit.grade,
            disposition: unit.disposition,
            channel: unit.channel,
            acceptance: unit.acceptance,
            ...(unit.override ? { overrideBy: unit.override.by, reason: unit.override.reason } : {}),
            ...(unit.photoWaiver ? { photosWaivedBy: unit.photoWaiver.by, photosWaivedBecause: unit.photoWaiver.reason } : {}),
          },
          outbox: [{ type: 'unit.received', payload: unit }, ...outbox, ...raised],
        },
      };
    },
    now,
  );
}
