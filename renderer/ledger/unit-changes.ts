import { StationError } from '../../shared/errors';
import type { Label } from '../../shared/labels/label';
import type { Channel, DispositionCode } from '../../shared/returns';
import type { StationDb, UnitRow } from '../db/station-db';
import { iso, RECEIVING_TABLES, requireManager } from './common';
import { closeSettledParcels, resolveExceptionRows } from './held';
import { labelJobCreated, newPrintJob } from './print-jobs';
import { recordUserAction, type Actor, type OutboxItem } from './record-action';
import { decideRefund, refundDecisions } from './refunds';
import type { UnitDecision } from './units';

// A unit's decision changed after it was accepted — by a manager (a held unit decided, a decision
// overturned) or by a same-day correction — each a new record beside the old, its label printed again.

/**
 * Inside a ledger transaction: prints the unit's label again with its decision as it now stands, and marks
 * every earlier label for it superseded (they show the old routing). Sets the unit's `labelJobId`.
 */
async function relabel(
  db: StationDb,
  actor: Actor,
  unit: UnitRow,
  input: { label?: (lpn: string, decision: UnitDecision) => Label; printerId?: string },
  now: Date,
): Promise<OutboxItem | null> {
  const oldJob = unit.labelJobId ? await db.printJobs.get(unit.labelJobId) : undefined;
  const printerId = input.printerId ?? oldJob?.printerId;
  if (!input.label || !printerId) return null;
  const decision: UnitDecision = {
    grade: unit.grade,
    acceptance: unit.acceptance,
    ...(unit.disposition ? { disposition: unit.disposition } : {}),
    ...(unit.channel ? { channel: unit.channel } : {}),
  };
  const job = newPrintJob(input.label(unit.lpn, decision), printerId, actor.who, now, oldJob?.id);
  await db.printJobs.add(job);
  for (const earlier of await db.printJobs
    .where('code')
    .equals(unit.lpn)
    .filter((j) => j.id !== job.id && !j.supersededBy)
    .toArray())
    await db.printJobs.put({ ...earlier, supersededBy: job.id });
  unit.labelJobId = job.id;
  return labelJobCreated(job, { supersedes: true });
}

/** What a manager decides for a unit: accepted or rejected, where it goes, and why. */
export interface ManagerDecision {
  lpn: string;
  acceptance: 'accepted' | 'rejected';
  disposition: DispositionCode;
  channel: Channel;
  reason: string;
  label?: (lpn: string, decision: UnitDecision) => Label;
  printerId?: string;
  now?: Date;
}

/**
 * A manager decides a unit the rules left to a person (manual_intervention_required: a late or doubtful
 * return, an unexpected item, an over-receipt): accepted or rejected, with its routing. The unit keeps
 * what was decided before; its label is printed again when what it shows changed, its exceptions are
 * settled (and a parcel held only by them closes), and its return's refund decided again.
 */
export function decideHeldUnit(db: StationDb, manager: Actor, input: ManagerDecision): Promise<UnitRow> {
  return managerDecides(db, manager, input, 'held');
}

/**
 * A manager overturns a decision later (可酌情处理: a late return accepted after all, a rejection reconsidered),
 * on any day: recorded as a new decision dated when it is made — the day the unit came in is never edited,
 * even when it is closed — with the same consequences as deciding a held unit.
 */
export function overturnDecision(db: StationDb, manager: Actor, input: ManagerDecision): Promise<UnitRow> {
  return managerDecides(db, manager, input, 'overturn');
}

function managerDecides(db: StationDb, manager: Actor, input: ManagerDecision, kind: 'held' | 'overturn'): Promise<UnitRow> {
  const now = input.now ?? new Date();
  const at = iso(now);
  return recordUserAction(
    db,
    manager,
    [...RECEIVING_TABLES, 'users'],
    async () => {
      await requireManager(db, manager);
      const unit = await db.units.get(input.lpn);
      if (!unit) throw new StationError('unit_unknown', `No unit ${input.lpn} was received here.`);
      if (kind === 'held' && unit.acceptance !== 'manual_intervention_required')
        throw new StationError(
          'unit_not_held',
          `${input.lpn} is already decided (${unit.acceptance}): a manager overturns that decision instead, with a reason.`,
        );
      if (kind === 'overturn' && unit.acceptance === 'manual_intervention_required')
        throw new StationError('unit_not_held', `${input.lpn} waits for a first decision: decide it as a held unit.`);
      const reason = input.reason.trim();
      if (reason.length < 3) throw new StationError('reason_required', 'Say why.');
      const before = { acceptance: unit.acceptance, disposition: unit.disposition, channel: unit.channel };
      const after = { acceptance: input.acceptance, disposition: input.disposition, channel: input.channel };
      const decided: UnitRow = {
        ...unit,
        ...after,
        faultParty: unit.faultParty ?? (input.disposition === 'SELLABLE' || input.disposition === 'CUSTOMER_DAMAGED' ? 'customer' : 'seller'),
        managerDecisions: [
          ...(unit.managerDecisions ?? []),
          { at, by: manager.who, reason, before, after, ...(kind === 'overturn' ? { overturned: true } : {}) },
        ],
      };
      const outbox: OutboxItem[] = [
        { type: 'unit.decided', payload: { lpn: unit.lpn, before, after, reason, by: manager.who, at, ...(kind === 'overturn' ? { overturned: true } : {}) } },
      ];
      // A label is printed again only when what it shows (disposition and where it goes) changed.
      const changed = before.disposition !== after.disposition || before.channel !== after.channel;
      const relabelled = changed ? await relabel(db, manager, decided, input, now) : null;
      if (relabelled) outbox.push(relabelled);
      await db.units.put(decided);
      const mine = await db.exceptions
        .where('parcelId')
        .equals(unit.parcelId)
        .filter((x) => x.status === 'open' && x.lpn === unit.lpn)
        .toArray();
      outbox.push(...(await resolveExceptionRows(db, mine, `decided by a manager: ${input.acceptance} — ${reason}`, manager.who, at)));
      outbox.push(...(await closeSettledParcels(db, [unit.parcelId], at, manager.who)));
      if (unit.rmaNo) {
        const refund = await decideRefund(db, manager, { rmaNo: unit.rmaNo, parcelId: unit.parcelId, cause: 'correction', now });
        if (refund) outbox.push(refund.outbox);
      }
      return {
        result: decided,
        record: {
          action: kind === 'overturn' ? 'unit.overturn' : 'unit.decide',
          entity: 'unit',
          entityId: unit.lpn,
          before,
          after: { ...after, reason, relabelled: !!relabelled },
          outbox,
        },
      };
    },
    now,
  );
}

/**
 * Same-day correction of a unit's disposition: the unit keeps its history of corrections and the audit
 * log records before and after. Its label is printed again with the corrected routing (the old one is
 * marked superseded), and its return's refund is decided again when it had been decided. After the day
 * it was received, changes go through a manager at HQ.
 */
export function correctUnit(
  db: StationDb,
  actor: Actor,
  input: {
    lpn: string;
    disposition: DispositionCode;
    channel: Channel;
    reason: string;
    timeZone: string;
    label?: (lpn: string, decision: UnitDecision) => Label;
    printerId?: string;
    now?: Date;
  },
): Promise<UnitRow> {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    [...RECEIVING_TABLES, 'users'],
    async () => {
      await requireManager(db, actor);
      const unit = await db.units.get(input.lpn);
      if (!unit) throw new StationError('unit_unknown', `No unit ${input.lpn} was received here.`);
      const day = (at: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: input.timeZone }).format(new Date(at));
      if (day(unit.inspectedAt) !== day(now))
        throw new StationError(
          'correction_too_late',
          `${input.lpn} was received on ${day(unit.inspectedAt)}: only same-day corrections are made at the station.`,
        );
      const before = { disposition: unit.disposition, channel: unit.channel };
      const corrected: UnitRow = {
        ...unit,
        disposition: input.disposition,
        channel: input.channel,
        corrections: [
          ...(unit.corrections ?? []),
          { at: iso(now), by: actor.who, reason: input.reason, before, after: { disposition: input.disposition, channel: input.channel } },
        ],
      };
      const outbox: OutboxItem[] = [
        {
          type: 'unit.corrected',
          payload: {
            lpn: unit.lpn,
            before,
            after: { disposition: input.disposition, channel: input.channel },
            reason: input.reason,
            by: actor.who,
            at: iso(now),
          },
        },
      ];
      const relabelled = await relabel(db, actor, corrected, input, now);
      if (relabelled) outbox.push(relabelled);
      await db.units.put(corrected);
      if (unit.rmaNo && (await refundDecisions(db, unit.rmaNo)).length > 0) {
        const decided = await decideRefund(db, actor, { rmaNo: unit.rmaNo, parcelId: unit.parcelId, cause: 'correction', now });
        if (decided) outbox.push(decided.outbox);
      }
      return {
        result: corrected,
        record: {
          action: 'unit.correct',
          entity: 'unit',
          entityId: unit.lpn,
          before,
          after: { disposition: input.disposition, channel: input.channel, reason: input.reason },
          outbox,
        },
      };
    },
    now,
  );
}
