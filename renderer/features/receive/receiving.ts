import type { ScanResult } from '../../../shared/barcode/scan-result';
import { StationError } from '../../../shared/errors';
import type { Label } from '../../../shared/labels/label';
import {
  CN_MARKETPLACE_POLICY,
  WESTERN_30_DAY_POLICY,
  assessRisk,
  checkGifts,
  lineReceptionStates,
  recommendRefund,
  type Channel,
  type DispositionCode,
  type ExceptionDraft,
  type ExpectedReturn,
  type OuterCondition,
  type ParcelMatch,
  type Policy,
  type UnitEvaluation,
} from '../../../shared/returns';
import type { ExceptionRow, ParcelRow, PendingItem, RefundRow, StationDb, UnitRow } from '../../db/station-db';
import { recordUserAction, type Actor } from '../../db/user-action';
import { newPrintJob } from '../labels/print-jobs';

const iso = (d: Date) => d.toISOString();
const id = () => crypto.randomUUID();

/** The parcel left open (a crash, a power cut, a closed window): the flow resumes it. */
export async function findOpenParcel(db: StationDb): Promise<ParcelRow | undefined> {
  const open = await db.parcels.where('status').anyOf('open', 'inspecting').toArray();
  return open.sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];
}

/** The policy a return is decided under: the one HQ named, else by currency, newest version. */
export async function policyFor(db: StationDb, expected?: ExpectedReturn): Promise<Policy> {
  const wanted = expected?.policyId ?? (expected?.currency === 'CNY' ? CN_MARKETPLACE_POLICY.id : WESTERN_30_DAY_POLICY.id);
  const versions = await db.policies.where('id').equals(wanted).toArray();
  const stored = versions.sort((a, b) => b.version - a.version)[0];
  if (stored) {
    const { key: _key, ...policy } = stored;
    return policy;
  }
  return wanted === WESTERN_30_DAY_POLICY.id ? WESTERN_30_DAY_POLICY : CN_MARKETPLACE_POLICY;
}

function exceptionRow(draft: ExceptionDraft, at: string, where: { parcelId: string; rmaNo?: string; lpn?: string }): ExceptionRow {
  return { id: id(), kind: draft.kind, status: 'open', details: draft.details, createdAt: at, parcelId: where.parcelId, ...(where.rmaNo ? { rmaNo: where.rmaNo } : {}), ...(where.lpn ? { lpn: where.lpn } : {}), ...(draft.lineId ? { lineId: draft.lineId } : {}) };
}

/** The scanned parcel, matched to its return or received blind (then an exception says so). */
export function openParcel(
  db: StationDb,
  actor: Actor,
  input: { raw: string; scan: ScanResult; match: ParcelMatch; stationId: string; now?: Date },
): Promise<ParcelRow> {
  const now = input.now ?? new Date();
  return recordUserAction(db, actor, ['parcels', 'exceptions'], async () => {
    const parcel: ParcelRow = {
      id: id(),
      ...(input.scan.kind === 'tracking' ? { trackingNumber: input.scan.trackingNumber, carrier: input.scan.carrier } : {}),
      match: input.match.kind === 'matched' ? { kind: 'rma', rmaNo: input.match.rmaNo, by: input.match.by } : { kind: 'blind' },
      ...(input.match.kind === 'matched' ? { rmaNo: input.match.rmaNo } : {}),
      outerCondition: 'intact',
      photos: [],
      status: 'open',
      openedAt: iso(now),
      clerkId: actor.who,
      stationId: input.stationId,
    };
    await db.parcels.add(parcel);
    if (input.match.kind !== 'matched') {
      await db.exceptions.add(exceptionRow({ kind: 'unmatched_parcel', details: input.match.reasons }, iso(now), { parcelId: parcel.id }));
    }
    return {
      result: parcel,
      record: { action: 'parcel.open', entity: 'parcel', entityId: parcel.id, after: { scanned: input.raw, match: parcel.match }, outbox: { type: 'parcel.opened', payload: { id: parcel.id, scanned: input.raw, match: parcel.match, openedAt: parcel.openedAt } } },
    };
  });
}

export function recordWeight(db: StationDb, actor: Actor, parcelId: string, weight: NonNullable<ParcelRow['weight']>): Promise<void> {
  return recordUserAction(db, actor, ['parcels'], async () => {
    await db.parcels.update(parcelId, { weight });
    return { result: undefined, record: { action: 'parcel.weigh', entity: 'parcel', entityId: parcelId, after: weight } };
  });
}

export function recordCondition(db: StationDb, actor: Actor, parcelId: string, outerCondition: OuterCondition): Promise<void> {
  return recordUserAction(db, actor, ['parcels'], async () => {
    await db.parcels.update(parcelId, { outerCondition, status: 'inspecting' });
    return { result: undefined, record: { action: 'parcel.condition', entity: 'parcel', entityId: parcelId, after: { outerCondition } } };
  });
}

/** The item being inspected, saved as it changes so a restart loses nothing. Not an audited action. */
export function savePending(db: StationDb, parcelId: string, pending: PendingItem | undefined): Promise<unknown> {
  return db.transaction('rw', db.parcels, async () => {
    const parcel = await db.parcels.get(parcelId);
    if (!parcel) return;
    const next = { ...parcel };
    if (pending) next.pending = pending;
    else delete next.pending;
    await db.parcels.put(next);
  });
}

/** LPN + a two-character station tag + an eight-character counter: unique per station, never reused. */
async function nextLpn(db: StationDb, stationId: string): Promise<string> {
  const row = await db.meta.get('lpnSeq');
  const seq = (typeof row?.value === 'number' ? row.value : 0) + 1;
  await db.meta.put({ key: 'lpnSeq', value: seq });
  const tag = ([...stationId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1296, 7) ).toString(36).toUpperCase().padStart(2, '0');
  return `LPN${tag}${seq.toString(36).toUpperCase().padStart(8, '0')}`;
}

/**
 * The clerk accepts the rules' decision for the inspected unit: one transaction issues its LPN, stores
 * the unit with its inspection, queues its label, clears the pending item, and records the audit event
 * and the outbox row. A crash before it commits leaves the item pending; after, it is all there.
 */
export function acceptUnit(
  db: StationDb,
  actor: Actor,
  input: {
    parcel: ParcelRow;
    pending: PendingItem;
    evaluation: Extract<UnitEvaluation, { status: 'decided' }> | null;
    grade: UnitRow['grade'];
    label: (lpn: string) => Label;
    printerId?: string;
    /** A manager decided otherwise than the rules: the disposition, who and why. */
    override?: { by: string; reason: string; disposition: DispositionCode; channel: Channel };
    now?: Date;
  },
): Promise<UnitRow> {
  const now = input.now ?? new Date();
  return recordUserAction(db, actor, ['units', 'parcels', 'printJobs', 'exceptions'], async () => {
    const current = await db.parcels.get(input.parcel.id);
    if (current?.pending?.id !== input.pending.id) throw new StationError('already_accepted', 'This item was already accepted (or dropped).');
    const lpn = await nextLpn(db, input.parcel.stationId);
    const { scan } = input.pending;
    const e = input.evaluation;
    const unit: UnitRow = {
      lpn,
      parcelId: input.parcel.id,
      ...(input.parcel.rmaNo ? { rmaNo: input.parcel.rmaNo } : {}),
      expectedLineId: input.pending.lineId,
      match: input.pending.match,
      scan: {
        raw: input.pending.raw,
        ...(scan.kind === 'gtin' ? { gtin: scan.gtin } : {}),
        ...(scan.kind === 'gs1' ? { ...(scan.gtin ? { gtin: scan.gtin } : {}), ...(scan.serial ? { serial: scan.serial } : {}), ...(scan.lot ? { lot: scan.lot } : {}), ...(scan.expiry ? { expiry: scan.expiry } : {}) } : {}),
      },
      qty: 1,
      answers: input.pending.answers,
      ...(input.pending.photos?.length ? { photos: input.pending.photos } : {}),
      grade: input.grade,
      ...(e ? { disposition: e.disposition, channel: e.channel, faultParty: e.faultParty, policy: e.policy } : {}),
      acceptance: input.override ? 'accepted' : e ? e.acceptance : 'manual_intervention_required',
      reasons: e ? e.reasons : [],
      inspectedAt: iso(now),
      clerkId: actor.who,
    };
    if (input.override) {
      const { by, reason, disposition, channel } = input.override;
      unit.override = { by, reason, computed: { grade: unit.grade, ...(unit.disposition ? { disposition: unit.disposition } : {}), ...(unit.channel ? { channel: unit.channel } : {}) } };
      unit.disposition = disposition;
      unit.channel = channel;
      unit.faultParty ??= 'customer';
    }
    if (input.printerId) {
      const job = newPrintJob(input.label(lpn), input.printerId, actor.who, now);
      await db.printJobs.add(job);
      unit.labelJobId = job.id;
    }
    await db.units.add(unit);
    if (unit.match === 'serial_mismatch') {
      await db.exceptions.add(exceptionRow({ kind: 'serial_mismatch', details: unit.reasons.filter((r) => r.key === 'item.serialMismatch') }, iso(now), { parcelId: unit.parcelId, ...(unit.rmaNo ? { rmaNo: unit.rmaNo } : {}), lpn }));
    }
    if (e?.acceptance === 'rejected') {
      await db.exceptions.add(exceptionRow({ kind: e.eligibility.late ? 'late' : 'ineligible', details: e.eligibility.reasons }, iso(now), { parcelId: unit.parcelId, ...(unit.rmaNo ? { rmaNo: unit.rmaNo } : {}), lpn }));
    }
    const parcel = await db.parcels.get(input.parcel.id);
    if (parcel) {
      const next = { ...parcel };
      delete next.pending;
      await db.parcels.put(next);
    }
    return {
      result: unit,
      record: {
        action: unit.override ? 'unit.override' : 'unit.accept',
        entity: 'unit',
        entityId: lpn,
        ...(unit.override ? { before: unit.override.computed } : {}),
        after: { grade: unit.grade, disposition: unit.disposition, channel: unit.channel, acceptance: unit.acceptance, ...(unit.override ? { overrideBy: unit.override.by, reason: unit.override.reason } : {}) },
        outbox: { type: 'unit.received', payload: unit },
      },
    };
  });
}

/**
 * Closes the parcel: where each line stands, the gift checks, the refund recommendation with its reasons,
 * risk flags; exceptions for what is short, wrong, over, missing or off-weight. One transaction.
 */
export function completeParcel(db: StationDb, actor: Actor, input: { parcel: ParcelRow; expected?: ExpectedReturn; policy: Policy; customerReturnsInWindow: number; now?: Date }): Promise<RefundRow | null> {
  const now = input.now ?? new Date();
  return recordUserAction(db, actor, ['parcels', 'units', 'exceptions', 'refunds'], async () => {
    const current = await db.parcels.get(input.parcel.id);
    if (!current || (current.status !== 'open' && current.status !== 'inspecting')) throw new StationError('parcel_not_open', 'This parcel is already complete.');
    if (current.pending) throw new StationError('finish_inspection', 'An item is still being inspected: accept it or drop it first.');
    const units = await db.units.where('parcelId').equals(input.parcel.id).toArray();
    const at = iso(now);
    const where = { parcelId: input.parcel.id, ...(input.parcel.rmaNo ? { rmaNo: input.parcel.rmaNo } : {}) };
    let refund: RefundRow | null = null;
    const drafts: ExceptionDraft[] = [];
    if (input.expected) {
      const reception = lineReceptionStates({ expected: input.expected, units: units.map((u) => ({ expectedLineId: u.expectedLineId, qty: u.qty, match: u.match })), parcelsClosed: true, now: at });
      const received = input.expected.lines.map((l) => {
        const on = units.filter((u) => u.expectedLineId === l.lineId && u.match !== 'wrong_item');
        return { lineId: l.lineId, qty: on.length, damagedQty: on.filter((u) => u.grade === 'D').length };
      });
      const gifts = checkGifts({ expected: input.expected, received, policy: input.policy });
      const risk = assessRisk({ expected: input.expected, ...(input.parcel.weight ? { parcelGrams: input.parcel.weight.grams } : {}), customerReturnsInWindow: input.customerReturnsInWindow, policy: input.policy });
      const decided = units.filter((u) => u.expectedLineId && u.match !== 'wrong_item' && u.disposition && u.faultParty);
      const recommendation = recommendRefund({
        expected: input.expected,
        units: decided.map((u) => ({ lineId: u.expectedLineId!, qty: u.qty, acceptance: u.acceptance, disposition: u.disposition!, grade: u.grade, faultParty: u.faultParty! })),
        gifts: gifts.ok ? gifts.value : [],
        policy: input.policy,
      });
      if (!reception.ok || !gifts.ok || !risk.ok || !recommendation.ok) {
        throw new Error([reception, gifts, risk, recommendation].map((r) => (!r.ok ? r.error.message : '')).filter(Boolean).join('; '));
      }
      drafts.push(...reception.value.exceptions, ...risk.value.exceptions);
      for (const g of gifts.value) if (g.outcome === 'missing') drafts.push({ kind: 'gift_missing', lineId: g.giftLineId, details: g.reasons });
      for (const g of gifts.value) if (g.tasks.some((t) => t.kind === 'return_extra')) drafts.push({ kind: 'gift_extra', lineId: g.giftLineId, details: g.reasons });
      refund = { ...recommendation.value, parcelId: input.parcel.id, decidedAt: at };
      await db.refunds.put(refund);
    }
    for (const d of drafts) await db.exceptions.add(exceptionRow(d, at, where));
    await db.parcels.update(input.parcel.id, { status: drafts.length > 0 ? 'held' : 'closed', closedAt: at });
    return {
      result: refund,
      record: {
        action: 'parcel.complete',
        entity: 'parcel',
        entityId: input.parcel.id,
        after: { units: units.length, exceptions: drafts.map((d) => d.kind), refundMinor: refund?.totalMinor ?? null },
        outbox: { type: 'parcel.completed', payload: { id: input.parcel.id, rmaNo: input.parcel.rmaNo ?? null, units: units.map((u) => u.lpn), refund, exceptions: drafts } },
      },
    };
  });
}

/** A manager closes an exception with what was done about it. Audited, and told to HQ. */
export function resolveException(db: StationDb, manager: Actor, exceptionId: string, resolution: string, now = new Date()): Promise<void> {
  return recordUserAction(db, manager, ['exceptions'], async () => {
    const x = await db.exceptions.get(exceptionId);
    if (!x || x.status !== 'open') throw new StationError('exception_not_open', 'This exception is already resolved.');
    const resolved: ExceptionRow = { ...x, status: 'resolved', resolution, resolvedBy: manager.who, resolvedAt: iso(now) };
    await db.exceptions.put(resolved);
    return {
      result: undefined,
      record: { action: 'exception.resolve', entity: 'exception', entityId: x.id, before: { status: 'open' }, after: { status: 'resolved', resolution }, outbox: { type: 'exception.resolved', payload: resolved } },
    };
  });
}

/**
 * Same-day correction of a unit's disposition: the unit keeps its history of corrections and the audit
 * log records before and after. After the day it was received, changes go through a manager at HQ.
 */
export function correctUnit(db: StationDb, actor: Actor, input: { lpn: string; disposition: DispositionCode; channel: Channel; reason: string; timeZone: string; now?: Date }): Promise<UnitRow> {
  const now = input.now ?? new Date();
  return recordUserAction(db, actor, ['units'], async () => {
    const unit = await db.units.get(input.lpn);
    if (!unit) throw new StationError('unit_unknown', `No unit ${input.lpn} was received here.`);
    const day = (at: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: input.timeZone }).format(new Date(at));
    if (day(unit.inspectedAt) !== day(now)) throw new StationError('correction_too_late', `${input.lpn} was received on ${day(unit.inspectedAt)}: only same-day corrections are made at the station.`);
    const before = { disposition: unit.disposition, channel: unit.channel };
    const corrected: UnitRow = {
      ...unit,
      disposition: input.disposition,
      channel: input.channel,
      corrections: [...(unit.corrections ?? []), { at: iso(now), by: actor.who, reason: input.reason, before, after: { disposition: input.disposition, channel: input.channel } }],
    };
    await db.units.put(corrected);
    return {
      result: corrected,
      record: { action: 'unit.correct', entity: 'unit', entityId: unit.lpn, before, after: { disposition: input.disposition, channel: input.channel, reason: input.reason }, outbox: { type: 'unit.corrected', payload: { lpn: unit.lpn, before, after: { disposition: input.disposition, channel: input.channel }, reason: input.reason, by: actor.who, at: iso(now) } } },
    };
  });
}

/**
 * Keeps a photo of the parcel, or of the item being inspected. The bytes are hashed before the
 * transaction (WebCrypto is asynchronous and must not run inside one); the same photo is stored once.
 */
export async function addPhoto(db: StationDb, actor: Actor, parcelId: string, blob: Blob, now = new Date()): Promise<string> {
  const sha256 = [...new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return recordUserAction(db, actor, ['photos', 'parcels'], async () => {
    const parcel = await db.parcels.get(parcelId);
    if (!parcel) throw new StationError('parcel_unknown', 'No such parcel.');
    if (!(await db.photos.get(sha256))) await db.photos.add({ sha256, blob, takenAt: iso(now), parcelId });
    const next = parcel.pending
      ? { ...parcel, pending: { ...parcel.pending, photos: [...(parcel.pending.photos ?? []), sha256] } }
      : { ...parcel, photos: [...parcel.photos, sha256] };
    await db.parcels.put(next);
    return { result: sha256, record: { action: 'photo.add', entity: parcel.pending ? 'pendingItem' : 'parcel', entityId: parcel.pending?.id ?? parcelId, after: { sha256, bytes: blob.size } } };
  });
}
