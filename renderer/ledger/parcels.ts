import type { ScanResult } from '../../shared/barcode/scan-result';
import { describeZodError, StationError } from '../../shared/errors';
import { ParcelWeightSchema, type OuterCondition, type ParcelMatch } from '../../shared/returns';
import type { ParcelRow, StationDb } from '../db/station-db';
import { exceptionRow, iso, newId, raiseExceptions, requireManager } from './common';
import { recordUserAction, type Actor } from './record-action';

const isOpen = (p: ParcelRow | undefined): p is ParcelRow => p?.status === 'open' || p?.status === 'inspecting';

async function openParcelOrThrow(db: StationDb, parcelId: string): Promise<ParcelRow> {
  const parcel = await db.parcels.get(parcelId);
  if (!isOpen(parcel)) throw new StationError('parcel_not_open', 'This parcel is not open any more.');
  return parcel;
}

/** The scanned parcel, matched to its return or received blind (then an exception says so). */
export function openParcel(
  db: StationDb,
  actor: Actor,
  input: { raw: string; scan: ScanResult; match: ParcelMatch; stationId: string; now?: Date },
): Promise<ParcelRow> {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['parcels', 'exceptions'],
    async () => {
      if (await db.parcels.where('status').anyOf('open', 'inspecting').count())
        throw new StationError('parcel_already_open', 'Another parcel is still open on this station: complete it first.');
      const parcel: ParcelRow = {
        id: newId(),
        ...(input.scan.kind === 'tracking' ? { trackingNumber: input.scan.trackingNumber, carrier: input.scan.carrier } : {}),
        match: input.match.kind === 'matched' ? { kind: 'rma', rmaNo: input.match.rmaNo, by: input.match.by } : { kind: 'blind' },
        rmaNos: input.match.kind === 'matched' ? [input.match.rmaNo] : [],
        outerCondition: 'intact',
        photos: [],
        status: 'open',
        openedAt: iso(now),
        clerkId: actor.who,
        stationId: input.stationId,
      };
      await db.parcels.add(parcel);
      const raised =
        input.match.kind === 'matched'
          ? []
          : await raiseExceptions(db, [exceptionRow({ kind: 'unmatched_parcel', details: input.match.reasons }, iso(now), { parcelId: parcel.id })]);
      return {
        result: parcel,
        record: {
          action: 'parcel.open',
          entity: 'parcel',
          entityId: parcel.id,
          after: { scanned: input.raw, match: parcel.match },
          outbox: [
            {
              type: 'parcel.opened',
              payload: {
                id: parcel.id,
                stationId: parcel.stationId,
                scanned: input.raw,
                match: parcel.match,
                rmaNos: parcel.rmaNos,
                trackingNumber: parcel.trackingNumber ?? null,
                carrier: parcel.carrier ?? null,
                openedAt: parcel.openedAt,
                clerkId: parcel.clerkId,
              },
            },
            ...raised,
          ],
        },
      };
    },
    now,
  );
}

/** A customer packed a second return in the same box: its slip was scanned inside the open parcel. */
export function addReturnToParcel(db: StationDb, actor: Actor, input: { parcelId: string; rmaNo: string; raw: string }): Promise<ParcelRow> {
  return recordUserAction(db, actor, ['parcels'], async () => {
    const parcel = await openParcelOrThrow(db, input.parcelId);
    if (parcel.rmaNos.includes(input.rmaNo)) throw new StationError('return_already_in_parcel', `${input.rmaNo} is already in this parcel.`);
    const next: ParcelRow = { ...parcel, rmaNos: [...parcel.rmaNos, input.rmaNo] };
    await db.parcels.put(next);
    return {
      result: next,
      record: {
        action: 'parcel.addReturn',
        entity: 'parcel',
        entityId: parcel.id,
        before: { rmaNos: parcel.rmaNos },
        after: { rmaNos: next.rmaNos, scanned: input.raw },
        outbox: { type: 'parcel.returnAdded', payload: { id: parcel.id, rmaNo: input.rmaNo, scanned: input.raw } },
      },
    };
  });
}

/**
 * The parcel's weight. Weighed once: a second reading of the same parcel is refused unless the clerk
 * asked to weigh again (`reweigh`), so one stable reading never becomes two records.
 */
export function recordWeight(
  db: StationDb,
  actor: Actor,
  parcelId: string,
  weight: NonNullable<ParcelRow['weight']>,
  options: { reweigh?: boolean } = {},
): Promise<void> {
  const valid = ParcelWeightSchema.safeParse(weight);
  if (!valid.success || weight.grams <= 0) {
    // A negative or zero reading, a fraction of a gram: never stored as a parcel's weight.
    return Promise.reject(
      new StationError(
        'invalid_weight',
        valid.success ? `${weight.grams} g is not a parcel's weight: place the parcel on the scale.` : describeZodError(valid.error),
      ),
    );
  }
  return recordUserAction(db, actor, ['parcels'], async () => {
    const parcel = await openParcelOrThrow(db, parcelId);
    if (parcel.weight && !options.reweigh) throw new StationError('already_weighed', 'This parcel is already weighed.');
    await db.parcels.update(parcelId, { weight });
    return {
      result: undefined,
      record: {
        action: options.reweigh ? 'parcel.reweigh' : 'parcel.weigh',
        entity: 'parcel',
        entityId: parcelId,
        ...(parcel.weight ? { before: parcel.weight } : {}),
        after: weight,
        outbox: { type: 'parcel.weighed', payload: { id: parcelId, weight, reweighed: !!options.reweigh } },
      },
    };
  });
}

/** Weigh again: the weight is cleared (audited) and the next stable reading is taken. */
export function clearWeight(db: StationDb, actor: Actor, parcelId: string): Promise<void> {
  return recordUserAction(db, actor, ['parcels'], async () => {
    const parcel = await openParcelOrThrow(db, parcelId);
    const next = { ...parcel };
    delete next.weight;
    await db.parcels.put(next);
    return {
      result: undefined,
      record: { action: 'parcel.weighAgain', entity: 'parcel', entityId: parcelId, ...(parcel.weight ? { before: parcel.weight } : {}) },
    };
  });
}

export function recordCondition(db: StationDb, actor: Actor, parcelId: string, outerCondition: OuterCondition): Promise<void> {
  return recordUserAction(db, actor, ['parcels'], async () => {
    await openParcelOrThrow(db, parcelId);
    await db.parcels.update(parcelId, { outerCondition, status: 'inspecting' });
    return {
      result: undefined,
      record: {
        action: 'parcel.condition',
        entity: 'parcel',
        entityId: parcelId,
        after: { outerCondition },
        outbox: { type: 'parcel.condition', payload: { id: parcelId, outerCondition } },
      },
    };
  });
}

/** The carrier noted the damage when it delivered: kept with the parcel for the claim. */
export function recordCarrierNoted(db: StationDb, actor: Actor, parcelId: string): Promise<void> {
  return recordUserAction(db, actor, ['parcels'], async () => {
    await openParcelOrThrow(db, parcelId);
    await db.parcels.update(parcelId, { carrierNoted: true });
    return {
      result: undefined,
      record: {
        action: 'parcel.carrierNoted',
        entity: 'parcel',
        entityId: parcelId,
        after: { carrierNoted: true },
        outbox: { type: 'parcel.carrierNoted', payload: { id: parcelId } },
      },
    };
  });
}

/**
 * The clerk reads when the customer handed the parcel to the carrier off the carrier's receipt (or the
 * label's drop-off scan): a no-reason return's window counts to that day, not to the day it reached the dock.
 * Only while the parcel is open: its items are decided with it.
 */
export function recordHandedToCarrier(db: StationDb, actor: Actor, input: { parcelId: string; at: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  if (Number.isNaN(Date.parse(input.at)) || input.at > iso(now))
    return Promise.reject(new StationError('invalid_input', 'The hand-over to the carrier is a date and time before now.'));
  const at = new Date(input.at).toISOString();
  return recordUserAction(
    db,
    actor,
    ['parcels'],
    async () => {
      const parcel = await openParcelOrThrow(db, input.parcelId);
      await db.parcels.update(parcel.id, { handedToCarrierAt: at });
      return {
        result: undefined,
        record: {
          action: 'parcel.handedToCarrier',
          entity: 'parcel',
          entityId: parcel.id,
          ...(parcel.handedToCarrierAt ? { before: { handedToCarrierAt: parcel.handedToCarrierAt } } : {}),
          after: { handedToCarrierAt: at },
          outbox: { type: 'parcel.handedToCarrier', payload: { id: parcel.id, at, by: actor.who } },
        },
      };
    },
    now,
  );
}

/**
 * A manager voids a parcel opened by mistake (a stray scan, the wrong box). Only while nothing was
 * received in it: units already have labels and a place, and are corrected one by one instead. Its open
 * exceptions are resolved as void; HQ learns both.
 */
export function voidParcel(db: StationDb, manager: Actor, input: { parcelId: string; reason: string; now?: Date }): Promise<ParcelRow> {
  return endUnusedParcel(db, manager, { ...input, action: 'parcel.void' }, () => requireManager(db, manager));
}

/**
 * The clerk undoes the scan that opened a parcel by mistake (a stray code, the wrong box), while nothing
 * is in hand or received in it and only the clerk who opened it: as a void, with its exceptions withdrawn.
 * After that, or for someone else's parcel, a manager voids it.
 */
export function withdrawParcel(db: StationDb, clerk: Actor, input: { parcelId: string; now?: Date }): Promise<ParcelRow> {
  return endUnusedParcel(db, clerk, { ...input, reason: 'opened by mistake: scan withdrawn by the clerk', action: 'parcel.withdraw' }, async () => {
    const parcel = await db.parcels.get(input.parcelId);
    if (parcel?.clerkId !== clerk.who) throw new StationError('manager_required', 'Another clerk opened this parcel: a manager voids it.');
    if (parcel.pending) throw new StationError('parcel_has_units', 'An item is in hand: put it back (Esc) first.');
  });
}

function endUnusedParcel(
  db: StationDb,
  actor: Actor,
  input: { parcelId: string; reason: string; action: string; now?: Date },
  allowed: () => Promise<void>,
): Promise<ParcelRow> {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['parcels', 'units', 'exceptions', 'users'],
    async () => {
      await allowed();
      const parcel = await openParcelOrThrow(db, input.parcelId);
      const units = await db.units.where('parcelId').equals(parcel.id).count();
      if (units > 0) throw new StationError('parcel_has_units', `${units} unit(s) were already received in this parcel: correct them instead of voiding it.`);
      const voided: ParcelRow = { ...parcel, status: 'voided', closedAt: iso(now), voided: { at: iso(now), by: actor.who, reason: input.reason } };
      delete voided.pending;
      await db.parcels.put(voided);
      const open = await db.exceptions
        .where('parcelId')
        .equals(parcel.id)
        .filter((x) => x.status === 'open')
        .toArray();
      const resolved = open.map((x) => ({
        ...x,
        status: 'resolved' as const,
        resolution: `parcel voided: ${input.reason}`,
        resolvedBy: actor.who,
        resolvedAt: iso(now),
      }));
      for (const x of resolved) await db.exceptions.put(x);
      return {
        result: voided,
        record: {
          action: input.action,
          entity: 'parcel',
          entityId: parcel.id,
          before: { status: parcel.status },
          after: { status: 'voided', reason: input.reason },
          outbox: [
            { type: 'parcel.voided', payload: { id: parcel.id, reason: input.reason, by: actor.who, at: iso(now) } },
            ...resolved.map((x) => ({ type: 'exception.resolved' as const, payload: x })),
          ],
        },
      };
    },
    now,
  );
}

/** A manager reopens a parcel completed today (something was missed): it is inspected and completed again. */
export function reopenParcel(db: StationDb, manager: Actor, input: { parcelId: string; reason: string; timeZone: string; now?: Date }): Promise<ParcelRow> {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    manager,
    ['parcels', 'users'],
    async () => {
      await requireManager(db, manager);
      const parcel = await db.parcels.get(input.parcelId);
      if (!parcel || (parcel.status !== 'closed' && parcel.status !== 'held'))
        throw new StationError('parcel_not_complete', 'Only a completed parcel can be reopened.');
      if (await db.parcels.where('status').anyOf('open', 'inspecting').count())
        throw new StationError('parcel_already_open', 'Another parcel is still open on this station: complete it first.');
      const day = (at: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: input.timeZone }).format(new Date(at));
      if (!parcel.closedAt || day(parcel.closedAt) !== day(now))
        throw new StationError('reopen_too_late', 'Only a parcel completed today can be reopened at the station.');
      const reopened: ParcelRow = {
        ...parcel,
        status: 'inspecting',
        reopenings: [...(parcel.reopenings ?? []), { at: iso(now), by: manager.who, reason: input.reason }],
      };
      delete reopened.closedAt;
      await db.parcels.put(reopened);
      return {
        result: reopened,
        record: {
          action: 'parcel.reopen',
          entity: 'parcel',
          entityId: parcel.id,
          before: { status: parcel.status },
          after: { status: 'inspecting', reason: input.reason },
          outbox: { type: 'parcel.reopened', payload: { id: parcel.id, reason: input.reason, by: manager.who, at: iso(now) } },
        },
      };
    },
    now,
  );
}

/** Where a photo goes: the parcel, or the item that was in hand when the photo was asked for. */
export type PhotoTarget = { kind: 'parcel' } | { kind: 'item'; itemId: string };

/**
 * Keeps a photo with the parcel, or with the item that was current when it was taken — even if that item
 * was accepted while the camera was busy (then it goes to its unit), never to whatever is pending now.
 * The bytes are hashed before the transaction (WebCrypto is asynchronous and must not run inside one);
 * the same photo is stored once.
 */
/**
 * A photo of a parcel, of the item in hand, or — from History — of a unit already accepted (the evidence a
 * station without a camera at the time adds later): that one only on the day the unit was received, as a
 * correction, so a day's evidence is whole when the day closes.
 */
export async function addPhoto(
  db: StationDb,
  actor: Actor,
  input: { parcelId: string; target: PhotoTarget; blob: Blob; now?: Date; timeZone?: string },
): Promise<string> {
  const now = input.now ?? new Date();
  const sha256 = [...new Uint8Array(await crypto.subtle.digest('SHA-256', await input.blob.arrayBuffer()))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return recordUserAction(
    db,
    actor,
    ['photos', 'parcels', 'units'],
    async () => {
      const parcel = await db.parcels.get(input.parcelId);
      if (!parcel) throw new StationError('parcel_unknown', 'No such parcel.');
      if (!(await db.photos.get(sha256))) await db.photos.add({ sha256, blob: input.blob, takenAt: iso(now), parcelId: input.parcelId, toUpload: 1 });
      let owner: { entity: string; entityId: string };
      if (input.target.kind === 'parcel') {
        await db.parcels.put({ ...parcel, photos: [...parcel.photos, sha256] });
        owner = { entity: 'parcel', entityId: parcel.id };
      } else if (parcel.pending?.id === input.target.itemId) {
        await db.parcels.put({ ...parcel, pending: { ...parcel.pending, photos: [...(parcel.pending.photos ?? []), sha256] } });
        owner = { entity: 'pendingItem', entityId: parcel.pending.id };
      } else {
        const unit = await db.units.where('itemId').equals(input.target.itemId).first();
        if (!unit) throw new StationError('item_gone', 'The item this photo was taken for was dropped: the photo was not kept.');
        const day = (at: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: input.timeZone ?? 'UTC' }).format(new Date(at));
        if (input.timeZone && day(unit.inspectedAt) !== day(now))
          throw new StationError(
            'correction_too_late',
            `Unit ${unit.lpn} was received on ${day(unit.inspectedAt)}: photos are added on the day a unit is received.`,
          );
        await db.units.put({ ...unit, photos: [...(unit.photos ?? []), sha256] });
        owner = { entity: 'unit', entityId: unit.lpn };
      }
      return {
        result: sha256,
        record: {
          action: 'photo.add',
          ...owner,
          after: { sha256, bytes: input.blob.size },
          outbox: { type: 'photo.added', payload: { sha256, bytes: input.blob.size, parcelId: parcel.id, ...owner, takenAt: iso(now) } },
        },
      };
    },
    now,
  );
}
