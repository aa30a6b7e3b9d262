import type { ParsedItem, Payload, Scope } from './apply';
import { returnEventsOf } from './return-events';

/** Thrown when a batch cannot be applied in bulk with the same outcome as record by record. */
export class NotBulkable extends Error {}

/** What a segment's changes do to a parcel, in record order: the last value set wins, added RMAs and photos keep their order. */
export interface ParcelPatch {
  parcel_id: string;
  add_rma: string[];
  add_photos: string[];
  set_weight?: boolean;
  weight_grams?: number;
  weight_source?: string;
  set_condition?: boolean;
  outer_condition?: string;
  carrier_noted?: boolean;
  status?: string;
  set_closed?: boolean;
  closed_at?: string | null;
  set_void?: boolean;
  void_reason?: string;
}

export interface UnitPatch {
  lpn: string;
  acceptance?: string;
  set_disposition?: boolean;
  disposition?: string;
  channel?: string;
  corrections: number;
  add_photos: string[];
  /** A correction or decision needs the unit at HQ (unknown_unit otherwise); a photo alone does not. */
  must_exist: boolean;
}

/** A row as its table's columns name it; `log_seq` stands for the payload column: the record's own, read from its log row. */
type Row = Record<string, unknown>;

/** A return step; `rma_no` null means "the return HQ's row of unit `lpn` came back on". */
export interface PlannedStep {
  rma_no: string | null;
  lpn: string | null;
  step: string;
  at: string;
  detail: Record<string, unknown>;
}

/**
 * One segment's records folded into what the tables receive: rows created here with every later change of
 * this segment already applied (a row is written once, not written and then updated), changes to rows an
 * earlier push created, and the return steps in record order.
 */
export interface SegmentPlan {
  parcels: Row[];
  units: Row[];
  labelJobs: Row[];
  refunds: Row[];
  exceptions: Payload[];
  parcelPatches: ParcelPatch[];
  unitPatches: UnitPatch[];
  steps: PlannedStep[];
}

const pushNew = (list: string[], x: string) => {
  if (!list.includes(x)) list.push(x);
};
/** `list` then what `more` adds that `list` does not hold, as the SQL `x || array(… where not a = any(x))` does. */
const appended = (list: string[], more: string[]) => [...list, ...more.filter((a) => !list.includes(a))];

export function planSegment(s: Scope, items: ParsedItem[]): SegmentPlan {
  // Per parcel and unit created here: the row its first record makes (a repeat leaves it).
  const opened = new Map<string, Row>();
  const received = new Map<string, Row>();
  const labelJobs: Row[] = [];
  const refunds: Row[] = [];
  const exceptions: Payload[] = [];
  const parcels = new Map<string, ParcelPatch>();
  const units = new Map<string, UnitPatch>();

  // A change must come after every open of what it changes (else only record by record says what it does).
  const lastOpen = new Map<string, number>();
  const lastReceive = new Map<string, number>();
  for (const { type, seq, payload: p } of items) {
    if (type === 'parcel.opened') lastOpen.set(p.id, seq);
    if (type === 'unit.received') lastReceive.set(p.lpn, seq);
  }
  const parcel = (id: string, seq: number) => {
    if ((lastOpen.get(id) ?? 0) > seq) throw new NotBulkable(`parcel ${id} is changed before it is opened`);
    let patch = parcels.get(id);
    if (!patch) parcels.set(id, (patch = { parcel_id: id, add_rma: [], add_photos: [] }));
    return patch;
  };
  const unit = (lpn: string, seq: number, mustExist: boolean) => {
    if ((lastReceive.get(lpn) ?? 0) > seq) throw new NotBulkable(`unit ${lpn} is changed before it is received`);
    let patch = units.get(lpn);
    if (!patch) units.set(lpn, (patch = { lpn, corrections: 0, add_photos: [], must_exist: false }));
    patch.must_exist ||= mustExist;
    return patch;
  };

  // Each as apply.ts writes it record by record.
  for (const { type, seq, payload: p } of items) {
    switch (type) {
      case 'parcel.opened': {
        const first = opened.get(p.id);
        if (first && first.opened_at !== p.openedAt) throw new NotBulkable(`parcel ${p.id} is opened at two times`);
        opened.set(p.id, first ?? { warehouse_id: s.warehouseId, parcel_id: p.id, opened_at: p.openedAt, station_id: s.stationId, status: 'open', rma_nos: p.rmaNos, tracking_number: p.trackingNumber, carrier: p.carrier, clerk_id: p.clerkId, carrier_noted: false, photos: [] });
        break;
      }
      case 'unit.received': {
        const first = received.get(p.lpn);
        if (first && first.received_at !== p.inspectedAt) throw new NotBulkable(`unit ${p.lpn} is received at two times`);
        received.set(
          p.lpn,
          first ?? {
            warehouse_id: s.warehouseId, lpn: p.lpn, received_at: p.inspectedAt, station_id: s.stationId, parcel_id: p.parcelId, rma_no: p.rmaNo ?? null, line_id: p.expectedLineId, match: p.match, grade: p.grade,
            disposition: p.disposition ?? null, channel: p.channel ?? null, acceptance: p.acceptance, fault_party: p.faultParty ?? null, clerk_id: p.clerkId, photos: p.photos ?? [], corrections: 0, log_seq: seq,
          },
        );
        break;
      }
      case 'labelJob.created':
        labelJobs.push({ warehouse_id: s.warehouseId, job_id: p.id, created_at: p.createdAt, station_id: s.stationId, code: p.code, kind: p.kind, reprint_of: p.reprintOf });
        break;
      case 'refund.decided':
        refunds.push({
          warehouse_id: s.warehouseId, decision_id: p.id, decided_at: p.decidedAt, station_id: s.stationId, rma_no: p.rmaNo, parcel_id: p.parcelId, seq: p.seq, cause: p.cause,
          currency: p.recommendation.currency, delta_minor: p.deltaMinor, total_minor: p.recommendation.totalMinor, status: p.recommendation.status, log_seq: seq,
        });
        break;
      case 'exception.raised':
      case 'exception.resolved':
        exceptions.push(p);
        break;
      case 'parcel.returnAdded':
        pushNew(parcel(p.id, seq).add_rma, p.rmaNo);
        break;
      case 'parcel.weighed':
        Object.assign(parcel(p.id, seq), { set_weight: true, weight_grams: p.weight.grams, weight_source: p.weight.source });
        break;
      case 'parcel.condition':
        Object.assign(parcel(p.id, seq), { set_condition: true, outer_condition: p.outerCondition, status: 'inspecting' });
        break;
      case 'parcel.carrierNoted':
        parcel(p.id, seq).carrier_noted = true;
        break;
      case 'parcel.voided':
        Object.assign(parcel(p.id, seq), { status: 'voided', set_void: true, void_reason: p.reason, set_closed: true, closed_at: p.at });
        break;
      case 'parcel.reopened':
        Object.assign(parcel(p.id, seq), { status: 'inspecting', set_closed: true, closed_at: null });
        break;
      case 'parcel.completed':
        Object.assign(parcel(p.id, seq), { status: p.status, set_closed: true, closed_at: p.closedAt });
        break;
      case 'parcel.closed':
        parcel(p.id, seq).status = 'closed';
        break;
      case 'photo.added':
        if (p.entity === 'parcel') pushNew(parcel(p.parcelId, seq).add_photos, p.sha256);
        if (p.entity === 'unit') pushNew(unit(p.entityId, seq, false).add_photos, p.sha256);
        break;
      case 'unit.corrected': {
        const u = unit(p.lpn, seq, true);
        Object.assign(u, { set_disposition: true, disposition: p.after.disposition, channel: p.after.channel, corrections: u.corrections + 1 });
        break;
      }
      case 'unit.decided': {
        const u = unit(p.lpn, seq, true);
        Object.assign(u, { acceptance: p.after.acceptance, set_disposition: true, disposition: p.after.disposition, channel: p.after.channel, corrections: u.corrections + 1 });
        break;
      }
      default:
        throw new NotBulkable(`${type} is applied on its own`);
    }
  }

  // A unit's return is its first row's: this segment's when received here, else HQ's (looked up in SQL).
  const steps = items.flatMap((item) =>
    returnEventsOf(s, item, (lpn) => (received.has(lpn) ? (received.get(lpn)!.rma_no as string | null) : LOOK_UP)).map(
      (e): PlannedStep => (e.rmaNo === LOOK_UP ? { rma_no: null, lpn: item.payload.lpn, step: e.step, at: e.at, detail: e.detail } : { rma_no: e.rmaNo, lpn: null, step: e.step, at: e.at, detail: e.detail }),
    ),
  );
  return {
    parcels: [...opened.values()].map((row) => patchedParcel(row, parcels.get(row.parcel_id as string))),
    units: [...received.values()].map((row) => patchedUnit(row, units.get(row.lpn as string))),
    labelJobs,
    refunds,
    exceptions,
    parcelPatches: [...parcels.values()].filter((p) => !opened.has(p.parcel_id)),
    unitPatches: [...units.values()].filter((u) => !received.has(u.lpn)),
    steps,
  };
}

/** Stands for "HQ's row says" while steps are planned; never a real return number (those are non-empty text without NUL). */
const LOOK_UP = '\u0000look-up';

/** A new parcel row with its segment's changes applied, exactly as the SQL update in apply-batch.ts applies them. */
function patchedParcel(row: Row, v: ParcelPatch | undefined): Row {
  if (!v) return row;
  return {
    ...row,
    rma_nos: appended(row.rma_nos as string[], v.add_rma),
    photos: appended(row.photos as string[], v.add_photos),
    ...(v.set_weight ? { weight_grams: v.weight_grams, weight_source: v.weight_source } : {}),
    ...(v.set_condition ? { outer_condition: v.outer_condition } : {}),
    carrier_noted: (row.carrier_noted as boolean) || (v.carrier_noted ?? false),
    ...(v.status ? { status: v.status } : {}),
    ...(v.set_closed ? { closed_at: v.closed_at } : {}),
    ...(v.set_void ? { void_reason: v.void_reason } : {}),
  };
}

function patchedUnit(row: Row, v: UnitPatch | undefined): Row {
  if (!v) return row;
  return {
    ...row,
    ...(v.acceptance ? { acceptance: v.acceptance } : {}),
    ...(v.set_disposition ? { disposition: v.disposition, channel: v.channel } : {}),
    corrections: v.corrections,
    photos: appended(row.photos as string[], v.add_photos),
  };
}
