/**
 * A segment: a stretch of a batch's records folded into what the tables receive, so it is written in one
 * statement (write-segment.ts) instead of one or two per record. Each record type folds itself in
 * (records/*.ts) through the builder below; the builder keeps what a record-by-record apply would have
 * checked as claims and references the statement checks, so a segment that would refuse anything is not
 * written in bulk (NotBulkable) and goes record by record instead.
 */
import type { OwnedKind } from './owners';
import type { ParsedItem, Payload } from './parse';
import type { ReturnStep } from './return-steps';
import type { PushScope } from './scope';

/** Thrown when a batch cannot be applied in bulk with the same outcome as record by record. */
export class NotBulkable extends Error {}

/** What a segment's changes do to a parcel HQ already holds, in record order: the last value set wins, added RMAs and photos keep their order. */
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
export type Row = Record<string, unknown>;

/** A return step; `rma_no` null means "the return HQ's row of unit `lpn` came back on"; `decision` marks a refund's step (its verdict names it). */
export interface PlannedStep {
  rma_no: string | null;
  lpn: string | null;
  step: string;
  at: string;
  detail: Record<string, unknown>;
  decision?: string;
}

/** A station's entries in a return's receipts (what other stations pull). */
export interface ReceiptEntries {
  rma_no: string;
  parcels: Record<string, unknown>[];
  units: Record<string, unknown>[];
}

export interface SegmentPlan {
  parcels: Row[];
  units: Row[];
  labelJobs: Row[];
  refunds: Row[];
  /** Applied one by one as the segment is written (rare; each upserts and checks its own owner). */
  exceptions: ParsedItem[];
  parcelPatches: ParcelPatch[];
  unitPatches: UnitPatch[];
  steps: PlannedStep[];
  /** New ids this segment takes (parcels, units, refund decisions): each must be free. */
  claims: { kind: OwnedKind; id: string; at: string }[];
  /** Rows HQ may already hold that this segment changes or names: each, if held, must be this station's. */
  refs: { kind: OwnedKind; id: string }[];
  /** A return a unit or refund names, on a parcel from an earlier push: that parcel must be this station's and carry it. */
  rmaRefs: { parcel_id: string; rma_no: string; added: string[] }[];
  photoRefs: string[];
  receipts: ReceiptEntries[];
  /** The refund decisions, for HQ's judgement across stations before the segment is written. */
  decisions: Payload[];
}

const pushNew = (list: string[], x: string) => {
  if (!list.includes(x)) list.push(x);
};
/** `list` then what `more` adds that `list` does not hold, as the SQL `x || array(… where not a = any(x))` does. */
export const appended = (list: string[], more: string[]) => [...list, ...more.filter((a) => !list.includes(a))];

export class SegmentBuilder {
  readonly scope: PushScope;
  private readonly opened = new Map<string, Row>();
  private readonly received = new Map<string, Row>();
  private readonly parcelPatches = new Map<string, ParcelPatch>();
  private readonly unitPatches = new Map<string, UnitPatch>();
  /** Each row a record of the segment opens (`kind` and id): the last record that opens it. */
  private readonly lastOpen = new Map<string, number>();
  private readonly receipts = new Map<string, ReceiptEntries>();
  private readonly refKeys = new Set<string>();
  readonly plan: SegmentPlan = {
    parcels: [],
    units: [],
    labelJobs: [],
    refunds: [],
    exceptions: [],
    parcelPatches: [],
    unitPatches: [],
    steps: [],
    claims: [],
    refs: [],
    rmaRefs: [],
    photoRefs: [],
    receipts: [],
    decisions: [],
  };

  /** `opens`: the row a record brings into being, if any (its type's `opens`). */
  constructor(scope: PushScope, items: ParsedItem[], opens: (item: ParsedItem) => { kind: 'parcel' | 'unit'; id: string } | undefined) {
    this.scope = scope;
    // A change must come after every open of what it changes (else only record by record says what it does).
    for (const item of items) {
      const row = opens(item);
      if (row) this.lastOpen.set(`${row.kind}\u0001${row.id}`, item.seq);
    }
  }

  private readonly claimed = new Set<string>();

  /** A new id this segment takes; false when it took it already (a repeat changes nothing). */
  claim(kind: OwnedKind, id: string, at: string): boolean {
    const key = `${kind}\u0001${id}`;
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    this.plan.claims.push({ kind, id, at });
    return true;
  }

  /** A new parcel; false when this segment opened it already (a repeat changes nothing). */
  openParcel(row: Row): boolean {
    const id = row.parcel_id as string;
    if (!this.claim('parcel', id, row.opened_at as string)) return false;
    this.opened.set(id, { ...row, rma_nos: [...(row.rma_nos as string[])] });
    return true;
  }

  /** A new unit; false when this segment received it already. */
  receiveUnit(row: Row): boolean {
    const lpn = row.lpn as string;
    if (!this.claim('unit', lpn, row.received_at as string)) return false;
    this.received.set(lpn, row);
    return true;
  }

  /** A change to a parcel, opened in this segment or before it. */
  parcel(id: string, seq: number): ParcelPatch {
    if ((this.lastOpen.get(`parcel\u0001${id}`) ?? 0) > seq) throw new NotBulkable(`parcel ${id} is changed before it is opened`);
    let patch = this.parcelPatches.get(id);
    if (!patch) {
      patch = { parcel_id: id, add_rma: [], add_photos: [] };
      this.parcelPatches.set(id, patch);
    }
    if (!this.opened.has(id)) this.ref('parcel', id);
    return patch;
  }

  /** A change to a unit, received in this segment or before it. */
  unit(lpn: string, seq: number, mustExist: boolean): UnitPatch {
    if ((this.lastOpen.get(`unit\u0001${lpn}`) ?? 0) > seq) throw new NotBulkable(`unit ${lpn} is changed before it is received`);
    let patch = this.unitPatches.get(lpn);
    if (!patch) {
      patch = { lpn, corrections: 0, add_photos: [], must_exist: false };
      this.unitPatches.set(lpn, patch);
    }
    patch.must_exist ||= mustExist;
    if (!this.received.has(lpn)) this.ref('unit', lpn);
    return patch;
  }

  /** A row this segment names: if HQ holds it, it must be this station's. */
  ref(kind: OwnedKind, id: string) {
    const key = `${kind}\u0001${id}`;
    if (this.refKeys.has(key)) return;
    this.refKeys.add(key);
    this.plan.refs.push({ kind, id });
  }

  /**
   * A unit or refund decision naming return `rmaNo` on parcel `parcelId`: the parcel must be this station's
   * and carry the return at this point. Checked here for a parcel opened in this segment, in SQL otherwise.
   */
  naming(parcelId: string, rmaNo: string) {
    const row = this.opened.get(parcelId);
    const added = this.parcelPatches.get(parcelId)?.add_rma ?? [];
    if (row) {
      if (!(row.rma_nos as string[]).includes(rmaNo) && !added.includes(rmaNo)) throw new NotBulkable(`parcel ${parcelId} does not carry ${rmaNo}`);
      return;
    }
    this.ref('parcel', parcelId);
    this.plan.rmaRefs.push({ parcel_id: parcelId, rma_no: rmaNo, added: [...added] });
  }

  /** A parcel row opened in this segment, for its own later records. */
  openedHere = (parcelId: string) => this.opened.get(parcelId);

  /** The return a unit came back on: this segment's row, else `undefined` (HQ's row says). */
  returnOfUnit = (lpn: string): string | null | undefined => (this.received.has(lpn) ? ((this.received.get(lpn)!.rma_no as string | null) ?? null) : undefined);

  photo(sha256: string) {
    pushNew(this.plan.photoRefs, sha256);
  }

  receipt(rmaNo: string, kind: 'parcels' | 'units', entry: Record<string, unknown>) {
    let r = this.receipts.get(rmaNo);
    if (!r) {
      r = { rma_no: rmaNo, parcels: [], units: [] };
      this.receipts.set(rmaNo, r);
    }
    r[kind].push(entry);
  }

  steps(steps: ReturnStep[], lpn?: string) {
    for (const s of steps) {
      this.plan.steps.push(
        s.rmaNo === undefined
          ? { rma_no: null, lpn: lpn ?? null, step: s.step, at: s.at, detail: s.detail }
          : { rma_no: s.rmaNo, lpn: null, step: s.step, at: s.at, detail: s.detail, ...(s.decision ? { decision: s.decision } : {}) },
      );
    }
  }

  /** The plan, with every new row already changed by this segment's later records. */
  finish(): SegmentPlan {
    const plan = this.plan;
    plan.parcels = [...this.opened.values()].map((row) => patchedParcel(row, this.parcelPatches.get(row.parcel_id as string)));
    plan.units = [...this.received.values()].map((row) => patchedUnit(row, this.unitPatches.get(row.lpn as string)));
    plan.parcelPatches = [...this.parcelPatches.values()].filter((p) => !this.opened.has(p.parcel_id));
    plan.unitPatches = [...this.unitPatches.values()].filter((u) => !this.received.has(u.lpn));
    plan.receipts = [...this.receipts.values()];
    return plan;
  }
}

/** A new parcel row with its segment's changes applied, exactly as the SQL update in write-segment.ts applies them. */
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

export { pushNew };
