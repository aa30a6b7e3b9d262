import type { Container } from '../../shared/returns/records/container';
import type { ExceptionResolution, ReturnReceipts } from '../../shared/sync/protocol';
import type { HqTask } from '../../shared/returns/records/hq-task';
import Dexie, { type EntityTable } from 'dexie';
import type { Label } from '../../shared/labels/label';
import type { ScanResult } from '../../shared/barcode/scan-result';
import type {
  AcceptanceState,
  CatalogItem,
  Channel,
  CheckAnswer,
  DispositionCode,
  ExchangeDecision,
  ExpectedReturn,
  FaultParty,
  Grade,
  Parcel,
  Policy,
  Reason,
  ReceivedUnit,
  RefundRecommendation,
  ReturnException,
  StationUser,
} from '../../shared/returns';

// Dexie switches its debug mode on by itself when the page comes from localhost or 127.0.0.1 — browser mode
// does — and then wraps every table operation in console.createTask, a stack capture each (measured: a tenth
// of the first load's main thread, and more with DevTools attached). The station never wants it.
Dexie.debug = false;

/** `unconfirmed`: bytes may have reached the printer but it did not confirm; a person says whether it printed. */
export type PrintJobState = 'queued' | 'printing' | 'done' | 'failed' | 'unconfirmed';

export interface PrintJobRow {
  id: string;
  /** The label's code, for finding a label again by scanning it. */
  code: string;
  label: Label;
  printerId: string;
  state: PrintJobState;
  attempts: number;
  /** Why the last attempt failed, for a person (the service's words), and its code for translation. */
  lastError?: string;
  lastErrorCode?: string;
  /** When the worker may try again; absent once done, or when only a person can decide (retry by hand). */
  nextAttemptAt?: string;
  createdAt: string;
  createdBy: string;
  doneAt?: string;
  /** The job this one reprints. */
  reprintOf?: string;
  /** A later label for the same code replaced this one (a corrected decision): do not route by it. */
  supersededBy?: string;
  /** Done, and the printer confirmed it read the whole job (false: sent, not confirmed). */
  confirmed?: boolean;
}

export interface AuditEventRow {
  seq: number;
  at: string;
  who: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  prevHash: string;
  hash: string;
}

/** A container at the packing bench, as the ledger keeps it. */
export interface ContainerRow extends Container {
  /** Its label (none when the bench had no printer and the id was written on it by hand). */
  labelJobId?: string;
  manifestJobId?: string;
  /** Manager reopenings, oldest first. */
  reopened?: { at: string; by: string; reason: string }[];
}

export interface OutboxRow {
  /** The station's sequence number: HQ applies items in this order, exactly once. */
  seq: number;
  type: string;
  /** The version of the type's payload schema (shared/sync/outbox-types) it was written under. */
  v?: number;
  payload: unknown;
  createdAt: string;
  attempts: number;
  /** Why the last attempt failed, for a person (the service's words), and its code for translation. */
  lastError?: string;
  lastErrorCode?: string;
}

export interface MetaRow {
  key: string;
  value: number | string;
}

/**
 * The station's own database. Strict durability: a write is on disk when its transaction completes, so
 * a record the clerk saw saved survives a power cut. Versions only ever add: each new version states its
 * stores and, where data must change shape, an upgrade function.
 */
export type PolicyRow = Policy & { key: string };

/** A parcel on the bench: what was scanned, matched, weighed, and where the clerk is in it. */
export interface ParcelRow extends Omit<Parcel, 'match'> {
  match: Parcel['match'];
  /** The returns whose items are in this parcel (customers pack two returns in one box): first the scanned one. */
  rmaNos: string[];
  /** The item scanned and being inspected, kept so a restart resumes exactly there. */
  pending?: PendingItem;
  /** The clerk recorded that the carrier noted the damage on delivery (for the claim). */
  carrierNoted?: boolean;
  /** A manager voided it (opened by mistake): why, by whom. */
  voided?: { at: string; by: string; reason: string };
  /** A manager reopened it the same day it was completed: each time, why. */
  reopenings?: { at: string; by: string; reason: string }[];
  /** Held, it closed when the last of its exceptions was settled (closedAt stays when it was completed). */
  settledAt?: string;
}

export interface PendingItem {
  /** Which scan this is: accepting checks it is still the one pending, so nothing is accepted twice. */
  id: string;
  /** The return of the parcel it counts against (null when it matches none of them). */
  rmaNo: string | null;
  raw: string;
  scan: ScanResult;
  /** The expected line it matched (or stands in for, as a wrong item); null for an unexpected item. */
  lineId: string | null;
  match: ReceivedUnit['match'];
  answers: Record<string, CheckAnswer>;
  /** Photos of this item (damage, labels), by SHA-256. */
  photos?: string[];
}

/** A received unit with its inspection and the decisions the rules made for it. */
export interface UnitRow extends ReceivedUnit {
  rmaNo?: string;
  /** The pending item it was accepted from: an item is accepted once, and a late save cannot bring it back. */
  itemId?: string;
  answers: Record<string, CheckAnswer>;
  grade: Grade;
  disposition?: DispositionCode;
  channel?: Channel;
  faultParty?: FaultParty;
  acceptance: AcceptanceState;
  reasons: Reason[];
  policy?: { id: string; version: number };
  labelJobId?: string;
  photos?: string[];
  /** A manager's decision replacing the rules' one, with what the rules had said. */
  override?: {
    by: string;
    reason: string;
    computed: { grade: Grade; disposition?: DispositionCode; channel?: Channel; acceptance: AcceptanceState; faultParty?: FaultParty };
  };
  /** A manager let it be accepted without the photos its policy asks for (no camera at the dock): who, why, and which. */
  photoWaiver?: { by: string; reason: string; at: string; missing: Reason[] };
  /** A high-value unit confirmed by a second person (a manager, not its clerk) before it was accepted. */
  secondLook?: { by: string; at: string };
  /** The packing bench's container it was put in (none while waiting at the bench). */
  containerId?: string;
  /** When it was last labelled for the shelf (a restock unit), and by whom. */
  relabelled?: { at: string; by: string; labelJobId: string };
  /** Same-day corrections, oldest first: nothing about a unit changes without a trace. */
  corrections?: {
    at: string;
    by: string;
    reason: string;
    before: { disposition?: DispositionCode; channel?: Channel };
    after: { disposition: DispositionCode; channel: Channel };
  }[];
  /** A manager's decisions on a unit the rules left to a person, oldest first. */
  managerDecisions?: {
    at: string;
    by: string;
    reason: string;
    before: { acceptance: AcceptanceState; disposition?: DispositionCode; channel?: Channel };
    after: { acceptance: AcceptanceState; disposition: DispositionCode; channel: Channel };
    overturned?: boolean;
  }[];
  inspectedAt: string;
  clerkId: string;
}

export type ExceptionRow = ReturnException;

/** A photo, stored once by the SHA-256 of its bytes; parcels and units refer to it by that hash. */
export interface PhotoRow {
  sha256: string;
  blob: Blob;
  takenAt: string;
  parcelId: string;
  /** When HQ confirmed it holds the photo. */
  uploadedAt?: string;
  /** 1 until HQ holds it (then removed): indexed, so the photos waiting are found without reading all. */
  toUpload?: 1;
}

/** A record HQ refused for good: kept for the manager with HQ's reason (HQ keeps it too). */
export interface SyncRejectionRow {
  seq: number;
  type: string;
  code: string;
  message: string;
  at: string;
}
/** Kept for the upgrade from version 6, when one refund per return was overwritten. */
export type RefundRow = RefundRecommendation & { parcelId: string; decidedAt: string };

/**
 * One refund decision for a return: made when a parcel of it is completed, or a unit of it corrected.
 * Never overwritten: the return's refund is its latest decision's total, and the deltas add up to it.
 */
export interface RefundDecisionRow {
  id: string;
  rmaNo: string;
  /** 1, 2, … per return: the order decisions were made in. */
  seq: number;
  parcelId: string;
  cause: 'parcel' | 'correction';
  decidedAt: string;
  decidedBy: string;
  /** The total decided before this one (0 for the first). */
  previousTotalMinor: number;
  /** What this decision adds (negative: takes back). */
  deltaMinor: number;
  /** Every line of the return has been settled by what came. */
  complete: boolean;
  /** The cumulative recommendation over every unit of the return, with its reasons (0 for an exchange). */
  recommendation: RefundRecommendation;
  /** For an exchange (换货): which units get a replacement, for HQ to ship. */
  exchange?: ExchangeDecision;
  /** The return's lines as this station knows them: HQ judges the refund across stations by them when it holds no expected return of its own. */
  returnLines?: { lineId: string; qty: number }[];
  /** The day (in the policy's zone) what this decision adds must be paid by: business days from its own receipt. */
  dueOn?: string;
  /**
   * HQ's word on it when the return was also refunded at another station: let through (`released`) or not
   * (`denied`), by whom and why — pulled down from HQ, never decided here.
   */
  hq?: { status: 'released' | 'denied'; by: string; reason: string; at: string };
}

/**
 * A manager closed or reopened a station day. Never changed: the day is closed while its latest row is
 * a close. `from`/`to` are the day's UTC span, so the lock needs no time zone at the moment of an action.
 */
export interface DayCloseRow {
  id: string;
  date: string;
  /** 1, 2, … per date: which of its closes and reopens came last (two may share a timestamp). */
  n: number;
  kind: 'closed' | 'reopened';
  at: string;
  by: string;
  from: string;
  to: string;
  timeZone: string;
  reason?: string;
  /** For a close: the figures it was signed with (the `day.closed` payload). */
  summary?: unknown;
}

export class StationDb extends Dexie {
  printJobs!: EntityTable<PrintJobRow, 'id'>;
  expectedReturns!: EntityTable<ExpectedReturn, 'rmaNo'>;
  catalog!: EntityTable<CatalogItem, 'gtin'>;
  /** Every version of every policy is kept: decisions name the version they used. */
  policies!: EntityTable<PolicyRow, 'key'>;
  parcels!: EntityTable<ParcelRow, 'id'>;
  units!: EntityTable<UnitRow, 'lpn'>;
  exceptions!: EntityTable<ExceptionRow, 'id'>;
  refundDecisions!: EntityTable<RefundDecisionRow, 'id'>;
  users!: EntityTable<StationUser, 'id'>;
  photos!: EntityTable<PhotoRow, 'sha256'>;
  auditEvents!: EntityTable<AuditEventRow, 'seq'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  syncRejections!: EntityTable<SyncRejectionRow, 'seq'>;
  dayCloses!: EntityTable<DayCloseRow, 'id'>;
  /** What every station of the warehouse received for each return, as HQ last said (pulled). */
  returnReceipts!: EntityTable<ReturnReceipts, 'rmaNo'>;
  /** Work handed to HQ (carrier claims, virtual gifts to reverse, recycling points): opened once each. */
  hqTasks!: EntityTable<HqTask, 'id'>;
  /** Exceptions resolved by a person at HQ, as pulled; `pending` until the ledger has settled them here. */
  hqResolutions!: EntityTable<ExceptionResolution & { pending?: 1 }, 'exceptionId'>;
  /** Containers at the packing bench (a tote, a gaylord, a vendor's pallet), open or closed. */
  containers!: EntityTable<ContainerRow, 'id'>;

  /** The station's clock: every action is dated by it (or, given its own time, checked against it). */
  clock: () => Date = () => new Date();
  /**
   * An action given a time far from the clock is refused (recordUserAction). Tests that replay a day at
   * fixed times turn this off for their database; the station never does.
   */
  checksActionTimes = true;

  constructor(name = 'returns-station') {
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      printJobs: 'id, state, code, createdAt, nextAttemptAt, reprintOf',
      auditEvents: 'seq, entityId, at',
      outbox: 'seq, type',
      meta: 'key',
    });
    // Reference data: expected returns found by RMA, order or any of their tracking numbers; the catalog by GTIN and SKU.
    this.version(2).stores({
      expectedReturns: 'rmaNo, orderNo, *trackingNumbers, status',
      catalog: 'gtin, sku',
      policies: 'key, id',
    });
    // Receiving: parcels (the open one is found by status on start), units by LPN, exceptions, refunds.
    this.version(3).stores({
      parcels: 'id, status, rmaNo, trackingNumber, openedAt',
      units: 'lpn, parcelId, rmaNo, expectedLineId',
      exceptions: 'id, status, kind, parcelId, rmaNo, createdAt',
      refunds: 'rmaNo, parcelId',
    });
    // Clerks and managers (from HQ, or imported): found by badge when one is scanned.
    this.version(4).stores({ users: 'id, badge' });
    // Units in the order they were received (for #CMD:REPRINT and history).
    this.version(5).stores({ units: 'lpn, parcelId, rmaNo, expectedLineId, inspectedAt' });
    this.version(6).stores({ photos: 'sha256, parcelId' });
    // A parcel may hold several returns; units remember the item they were accepted from; refunds become
    // decisions (one per parcel or correction) instead of one row per return that each parcel overwrote.
    this.version(7)
      .stores({
        parcels: 'id, status, *rmaNos, trackingNumber, openedAt',
        units: 'lpn, parcelId, rmaNo, expectedLineId, inspectedAt, itemId',
        refundDecisions: 'id, rmaNo, parcelId, decidedAt',
      })
      .upgrade(async (tx) => {
        await tx
          .table('parcels')
          .toCollection()
          .modify((p: ParcelRow & { rmaNo?: string }) => {
            p.rmaNos = p.rmaNo ? [p.rmaNo] : [];
            delete p.rmaNo;
          });
        const old = (await tx.table('refunds').toArray()) as RefundRow[];
        await tx.table('refundDecisions').bulkAdd(
          old.map(
            ({ parcelId, decidedAt, ...recommendation }): RefundDecisionRow => ({
              id: `${recommendation.rmaNo}:${parcelId}`,
              rmaNo: recommendation.rmaNo,
              seq: 1,
              parcelId,
              cause: 'parcel',
              decidedAt,
              decidedBy: 'system',
              previousTotalMinor: 0,
              deltaMinor: recommendation.totalMinor,
              complete: true,
              recommendation,
            }),
          ),
        );
      });
    this.version(8).stores({ refunds: null });
    // Sync: records HQ refused, for the manager.
    this.version(9).stores({ syncRejections: 'seq, at' });
    // Day close: found by date, and by the end of their span when an action asks whether its day is closed.
    // Units waiting for a manager are found by their acceptance.
    this.version(10).stores({ dayCloses: 'id, date, to', units: 'lpn, parcelId, rmaNo, expectedLineId, inspectedAt, itemId, acceptance' });
    // Read on every evaluation, history search or sync batch, so never by scanning the table: a customer's
    // other returns by id or hashed contact; units by the GTIN scanned, newest first; photos waiting for HQ.
    this.version(11)
      .stores({
        expectedReturns: 'rmaNo, orderNo, *trackingNumbers, status, customer.id, customer.contactHash',
        units: 'lpn, parcelId, rmaNo, expectedLineId, inspectedAt, itemId, acceptance, [scan.gtin+inspectedAt]',
        photos: 'sha256, parcelId, toUpload',
      })
      .upgrade(async (tx) => {
        await tx
          .table('photos')
          .filter((p: PhotoRow) => !p.uploadedAt)
          .modify((p: PhotoRow) => {
            p.toUpload = 1;
          });
      });
    // What other stations of the warehouse received for each return (HQ's word, pulled).
    this.version(12).stores({ returnReceipts: 'rmaNo' });
    // Work handed to HQ, found by the parcel and the return it is about.
    this.version(13).stores({ hqTasks: 'id, kind, parcelId, rmaNo' });
    // Resolutions pulled from HQ, kept until settled here (a pull and the settling are two transactions).
    this.version(14).stores({ hqResolutions: 'exceptionId, pending' });
    // The packing bench: containers by status, and the units in each.
    this.version(15).stores({
      containers: 'id, status, route',
      units: 'lpn, parcelId, rmaNo, expectedLineId, inspectedAt, itemId, acceptance, [scan.gtin+inspectedAt], containerId',
    });
  }
}

/** Opens the database and asks the browser not to evict it under storage pressure. */
export async function openStationDb(name?: string): Promise<{ db: StationDb; persisted: boolean }> {
  const db = new StationDb(name);
  await db.open();
  const persisted = typeof navigator !== 'undefined' && navigator.storage?.persist ? await navigator.storage.persist().catch(() => false) : false;
  return { db, persisted };
}
