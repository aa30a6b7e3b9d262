import { StationError } from '../../shared/errors';
import type { Label } from '../../shared/labels/label';
import { CONTAINER_ROUTES, intoContainer, nameOfItemInHand, type ContainerRoute } from '../../shared/returns';
import type { ContainerRow, StationDb, UnitRow } from '../db/station-db';
import { iso, requireManager } from './common';
import { reserveContainerId } from './lpn';
import { labelJobCreated, newPrintJob } from './print-jobs';
import { recordUserAction, type Actor, type OutboxItem } from './record-action';

/**
 * The packing bench: units sorted into containers by route. Every step is one audited action that HQ hears
 * of once (container.* and unit.relabelled): a container opened by printing its label, a unit put in (or
 * moved, or taken out, with a reason), a container closed with its count, weight and manifest label,
 * reopened only by a manager, a unit going back to stock labelled for the shelf.
 */

async function containerOf(db: StationDb, id: string): Promise<ContainerRow> {
  const c = await db.containers.get(id);
  if (!c) throw new StationError('container_unknown', `No container ${id} was opened at this station.`);
  return c;
}

async function unitOf(db: StationDb, lpn: string): Promise<UnitRow> {
  const u = await db.units.get(lpn);
  if (!u) throw new StationError('unit_unknown', `No unit ${lpn} was received at this station.`);
  return u;
}

/** Who takes a unit back when it is returned to vendor: its catalog entry's vendor. */
export async function vendorOf(db: StationDb, unit: UnitRow): Promise<string | undefined> {
  return unit.scan.gtin ? (await db.catalog.get(unit.scan.gtin))?.vendor : undefined;
}

/**
 * Opens a container for a route (and a vendor, for returns to vendor) by queueing its label. With no printer
 * at the bench the container is opened all the same and its id is written on it by hand.
 */
export async function openContainer(
  db: StationDb,
  actor: Actor,
  input: { route: ContainerRoute; vendor?: string; printerId?: string | undefined; label: (id: string) => Label; now?: Date },
): Promise<ContainerRow> {
  const now = input.now ?? new Date();
  if (!CONTAINER_ROUTES.includes(input.route)) throw new StationError('invalid_input', `No container is opened for ${input.route}.`);
  const vendor = input.vendor?.trim();
  if (input.route === 'return_to_vendor' && !vendor) throw new StationError('vendor_required', 'A pallet for returns to vendor is for one vendor: name it.');
  return recordUserAction(
    db,
    actor,
    ['containers', 'printJobs'],
    async () => {
      const reserved = await reserveContainerId(db);
      const job = input.printerId ? newPrintJob(input.label(reserved.id), input.printerId, actor.who, now) : undefined;
      const container: ContainerRow = {
        id: reserved.id,
        route: input.route,
        ...(input.route === 'return_to_vendor' && vendor ? { vendor } : {}),
        status: 'open',
        openedAt: iso(now),
        openedBy: actor.who,
        ...(job ? { labelJobId: job.id } : {}),
      };
      await Promise.all([db.containers.add(container), ...(job ? [db.printJobs.add(job)] : []), reserved.commit()]);
      return {
        result: container,
        record: {
          action: 'container.open',
          entity: 'container',
          entityId: container.id,
          after: { route: container.route, vendor: container.vendor },
          outbox: [...(job ? [labelJobCreated(job)] : []), { type: 'container.opened', payload: { ...container, status: 'open' as const } }],
        },
      };
    },
    now,
  );
}

/**
 * Puts a unit into a container. One whose route (or vendor) differs is refused and nothing moves; a unit
 * held for a manager, quarantined or rejected goes into none. A unit in another container is moved — with a
 * reason — out of it (which must still be open) and into this one.
 */
export function putInContainer(db: StationDb, actor: Actor, input: { lpn: string; containerId: string; reason?: string; now?: Date }) {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['containers', 'units', 'catalog'],
    async () => {
      const [unit, container] = await Promise.all([unitOf(db, input.lpn), containerOf(db, input.containerId)]);
      const refused = intoContainer(unit, container, await vendorOf(db, unit));
      if (refused) throw new StationError('container_refused', `${unit.lpn} does not go into ${container.id} (${refused.key}).`, { reason: refused });
      const from = unit.containerId;
      const outbox: OutboxItem[] = [];
      if (from) {
        const old = await containerOf(db, from);
        if (old.status !== 'open') throw new StationError('container_closed', `${from} is closed: a manager reopens it before a unit leaves it.`);
        if (!input.reason || input.reason.trim().length < 3) throw new StationError('reason_required', `${unit.lpn} is in ${from}: say why it moves.`);
        outbox.push({ type: 'container.unitRemoved', payload: { containerId: from, lpn: unit.lpn, at: iso(now), by: actor.who, reason: input.reason.trim() } });
      }
      await db.units.put({ ...unit, containerId: container.id });
      outbox.push({
        type: 'container.unitAdded',
        payload: {
          containerId: container.id,
          lpn: unit.lpn,
          at: iso(now),
          by: actor.who,
          ...(from ? { movedFrom: from, reason: input.reason!.trim() } : {}),
        },
      });
      return {
        result: { unit: { ...unit, containerId: container.id }, container, ...(from ? { movedFrom: from } : {}) },
        record: {
          action: from ? 'container.move' : 'container.put',
          entity: 'unit',
          entityId: unit.lpn,
          before: { containerId: from ?? null },
          after: { containerId: container.id },
          outbox,
        },
      };
    },
    now,
  );
}

/** Takes a unit out of its (open) container, with a reason: it waits at the bench again. */
export function takeOutOfContainer(db: StationDb, actor: Actor, input: { lpn: string; reason: string; now?: Date }) {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['containers', 'units'],
    async () => {
      const unit = await unitOf(db, input.lpn);
      if (!unit.containerId) throw new StationError('invalid_input', `${unit.lpn} is in no container.`);
      const container = await containerOf(db, unit.containerId);
      if (container.status !== 'open') throw new StationError('container_closed', `${container.id} is closed: a manager reopens it before a unit leaves it.`);
      if (input.reason.trim().length < 3) throw new StationError('reason_required', `Say why ${unit.lpn} leaves ${container.id}.`);
      const { containerId: _, ...out } = unit;
      await db.units.put(out);
      return {
        result: out,
        record: {
          action: 'container.takeOut',
          entity: 'unit',
          entityId: unit.lpn,
          before: { containerId: container.id },
          after: { containerId: null, reason: input.reason.trim() },
          outbox: {
            type: 'container.unitRemoved',
            payload: { containerId: container.id, lpn: unit.lpn, at: iso(now), by: actor.who, reason: input.reason.trim() },
          },
        },
      };
    },
    now,
  );
}

/**
 * Closes a container: its count, its weight (from the bench scale, or typed with a reason) and a manifest
 * label. A closed container takes nothing more until a manager reopens it.
 */
export function closeContainer(
  db: StationDb,
  actor: Actor,
  input: {
    containerId: string;
    weight: { grams: number; source: 'scale' | 'manual'; reason?: string };
    printerId?: string | undefined;
    manifest: (container: ContainerRow, units: UnitRow[]) => Label;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['containers', 'units', 'printJobs'],
    async () => {
      const container = await containerOf(db, input.containerId);
      if (container.status !== 'open') throw new StationError('container_closed', `${container.id} is closed already.`);
      const units = await db.units.where('containerId').equals(container.id).sortBy('lpn');
      if (units.length === 0) throw new StationError('container_empty', `${container.id} holds nothing: put units in before closing it.`);
      const { grams, source } = input.weight;
      if (!Number.isInteger(grams) || grams <= 0 || grams > 10_000_000) throw new StationError('invalid_weight', `${grams} g is no container's weight.`);
      if (source === 'manual' && (input.weight.reason ?? '').trim().length < 3)
        throw new StationError('reason_required', 'Say why the weight is typed, not read from the scale.');
      const closed: ContainerRow = {
        ...container,
        status: 'closed',
        closedAt: iso(now),
        closedBy: actor.who,
        units: units.length,
        weightGrams: grams,
        weightSource: source,
      };
      const job = input.printerId ? newPrintJob(input.manifest(closed, units), input.printerId, actor.who, now) : undefined;
      if (job) closed.manifestJobId = job.id;
      await Promise.all([db.containers.put(closed), ...(job ? [db.printJobs.add(job)] : [])]);
      return {
        result: closed,
        record: {
          action: 'container.close',
          entity: 'container',
          entityId: container.id,
          before: { status: 'open' },
          after: {
            status: 'closed',
            units: units.length,
            weightGrams: grams,
            weightSource: source,
            ...(source === 'manual' ? { reason: input.weight.reason } : {}),
          },
          outbox: [
            ...(job ? [labelJobCreated(job)] : []),
            {
              type: 'container.closed',
              payload: {
                id: container.id,
                at: iso(now),
                by: actor.who,
                lpns: units.map((u) => u.lpn),
                weightGrams: grams,
                weightSource: source,
                ...(job ? { manifestJobId: job.id } : {}),
              },
            },
          ],
        },
      };
    },
    now,
  );
}

/** A manager reopens a closed container, with a reason (a unit packed wrongly, one more of its route). */
export function reopenContainer(db: StationDb, actor: Actor, input: { containerId: string; reason: string; now?: Date }) {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['containers', 'users'],
    async () => {
      await requireManager(db, actor);
      const container = await containerOf(db, input.containerId);
      if (container.status !== 'closed') throw new StationError('invalid_input', `${container.id} is open.`);
      if (input.reason.trim().length < 3) throw new StationError('reason_required', `Say why ${container.id} is reopened.`);
      const { closedAt: _a, closedBy: _b, units: _c, weightGrams: _d, weightSource: _e, ...rest } = container;
      const reopened: ContainerRow = {
        ...rest,
        status: 'open',
        reopened: [...(container.reopened ?? []), { at: iso(now), by: actor.who, reason: input.reason.trim() }],
      };
      await db.containers.put(reopened);
      return {
        result: reopened,
        record: {
          action: 'container.reopen',
          entity: 'container',
          entityId: container.id,
          before: { status: 'closed' },
          after: { status: 'open', reason: input.reason.trim() },
          outbox: { type: 'container.reopened', payload: { id: container.id, at: iso(now), by: actor.who, reason: input.reason.trim() } },
        },
      };
    },
    now,
  );
}

/** A unit going back to stock gets the shelf label the sales side needs; the relabel is recorded. */
export function printShelfLabel(db: StationDb, actor: Actor, input: { lpn: string; printerId: string; label: Label; now?: Date }) {
  const now = input.now ?? new Date();
  return recordUserAction(
    db,
    actor,
    ['units', 'printJobs'],
    async () => {
      const unit = await unitOf(db, input.lpn);
      if (unit.acceptance !== 'accepted' || unit.channel !== 'restock')
        throw new StationError('not_for_restock', `${unit.lpn} is not going back to stock: it gets no shelf label.`);
      const job = newPrintJob(input.label, input.printerId, actor.who, now);
      const relabelled = { at: iso(now), by: actor.who, labelJobId: job.id };
      await Promise.all([db.units.put({ ...unit, relabelled }), db.printJobs.add(job)]);
      return {
        result: job,
        record: {
          action: 'unit.relabel',
          entity: 'unit',
          entityId: unit.lpn,
          after: relabelled,
          outbox: [
            labelJobCreated(job),
            {
              type: 'unit.relabelled',
              payload: { lpn: unit.lpn, at: relabelled.at, by: actor.who, ...(unit.scan.gtin ? { gtin: unit.scan.gtin } : {}), labelJobId: job.id },
            },
          ],
        },
      };
    },
    now,
  );
}

/** A unit by the name people read: the catalog's name for the item in hand, else its return line's, else what was scanned. */
export async function unitName(db: StationDb, unit: UnitRow): Promise<string> {
  const [expected, item] = await Promise.all([
    unit.rmaNo ? db.expectedReturns.get(unit.rmaNo) : undefined,
    unit.scan.gtin ? db.catalog.get(unit.scan.gtin) : undefined,
  ]);
  const line = expected?.lines.find((l) => l.lineId === unit.expectedLineId);
  return nameOfItemInHand({ match: unit.match, raw: unit.scan.raw }, line, item?.name);
}

/** A unit at the bench: its name, where it goes, the container it is in, and who takes it back (returns to vendor). */
export async function benchUnit(db: StationDb, lpn: string) {
  const unit = await db.units.get(lpn);
  if (!unit) return null;
  const [container, vendor, item, name] = await Promise.all([
    unit.containerId ? db.containers.get(unit.containerId) : undefined,
    vendorOf(db, unit),
    unit.scan.gtin ? db.catalog.get(unit.scan.gtin) : undefined,
    unitName(db, unit),
  ]);
  return { unit, container, vendor, item, name };
}

/** What is in a container now, each unit with its name, by LPN. */
export async function containerContents(db: StationDb, containerId: string): Promise<(UnitRow & { name: string })[]> {
  const units = await db.units.where('containerId').equals(containerId).sortBy('lpn');
  return Promise.all(units.map(async (u) => ({ ...u, name: await unitName(db, u) })));
}

/** Accepted units with a route that are in no container yet (what the bench still has to sort), oldest first. */
export async function unitsAwaitingContainer(db: StationDb): Promise<UnitRow[]> {
  const units = await db.units.where('acceptance').equals('accepted').toArray();
  return units.filter((u) => !u.containerId && u.channel && u.channel !== 'quarantine').sort((a, b) => a.inspectedAt.localeCompare(b.inspectedAt));
}

/** Open containers, oldest first, with how many units each holds. */
export async function openContainers(db: StationDb): Promise<(ContainerRow & { count: number })[]> {
  const open = await db.containers.where('status').equals('open').sortBy('openedAt');
  return Promise.all(open.map(async (c) => ({ ...c, count: await db.units.where('containerId').equals(c.id).count() })));
}
