/**
 * The station's day, as a manager reconciles it: one pure function over the day's records, so the
 * Reconcile page, the CSV, the PDF and the DayClose record all show the same numbers.
 */
import type { ExceptionKind, Grade } from '../returns/codes';
import { GRADES } from '../returns/codes';
import type { ExpectedReturn } from '../returns/records/expected-return';
import type { GiftCheck, RefundRecommendation, ReturnException } from '../returns/records/outcomes';
import type { Parcel } from '../returns/records/parcel';
import type { ReceivedUnit } from '../returns/records/received-unit';

export interface DayParcel extends Omit<Parcel, 'photos' | 'outerCondition'> {
  rmaNos: string[];
  pending?: unknown;
}
export interface DayUnit extends ReceivedUnit {
  rmaNo?: string;
  grade: Grade;
  disposition?: string;
  channel?: string;
  faultParty?: string;
  acceptance: string;
  inspectedAt: string;
  clerkId: string;
  override?: { by: string; computed: { grade: Grade } };
  /** The packing bench's container it is in, if any. */
  containerId?: string;
}
export interface DayRefund {
  id: string;
  rmaNo: string;
  seq: number;
  decidedAt: string;
  deltaMinor: number;
  recommendation: RefundRecommendation;
  /** HQ denied it: the return was refunded at another station (this one pays nothing for it). */
  hq?: { status: 'released' | 'denied' };
}
export interface DayLabelJob {
  id: string;
  code: string;
  state: string;
  lastError?: string;
  lastErrorCode?: string;
  createdAt: string;
  supersededBy?: string;
}
export interface DayAuditEvent {
  at: string;
  who: string;
  action: string;
}

export interface DayInput {
  date: string;
  timeZone: string;
  /** The day's span in UTC, [from, to). */
  from: string;
  to: string;
  now: string;
  /** Parcels opened in the day, and every parcel not finished whatever its day. */
  parcels: DayParcel[];
  /** Units inspected in the day. */
  units: DayUnit[];
  /** The returns the day touched and the ones still awaited at this warehouse. */
  expectedReturns: ExpectedReturn[];
  /** Raised in the day, and every one still open. */
  exceptions: ReturnException[];
  /** Every decision of every return touched in the day (the latest one of each is its refund). */
  refunds: DayRefund[];
  /** Refund due date per RMA (the policy's business days after its first receipt). */
  refundDue: Record<string, string>;
  gifts: GiftCheck[];
  /** Jobs failed or waiting for a person, whatever their day. */
  labelJobs: DayLabelJob[];
  audit: DayAuditEvent[];
  users: { id: string; name: string }[];
  oldestUnsentAt: string | null;
}

export type ReturnState = 'complete' | 'short' | 'over' | 'wrong_item' | 'awaiting';

export interface ReturnRow {
  rmaNo: string;
  orderNo: string;
  customer: string;
  expectedQty: number;
  receivedQty: number;
  state: ReturnState;
  lpns: string[];
}

export interface RefundRow {
  rmaNo: string;
  currency: string;
  /** The return's refund as it stands (its latest decision). */
  totalMinor: number;
  /** What the day's decisions added to it. */
  dayDeltaMinor: number;
  /** `denied_at_hq`: HQ let the other station's refund through and not this one's. */
  status: RefundRecommendation['status'] | 'denied_at_hq';
  due: string;
  /** 'overdue' | 'today' | 'later', against the report's date. */
  urgency: 'overdue' | 'today' | 'later';
  /** When its latest decision was made. */
  decidedAt: string;
}

export interface ClerkRow {
  clerkId: string;
  name: string;
  units: number;
  parcels: number;
  /** Units per hour between their first and last action of the day (null with less than two actions). */
  unitsPerHour: number | null;
  /** Median seconds to each step, from the clerk's previous action (breaks over 15 minutes left out). */
  stepSeconds: Record<string, number>;
}

/** A count with the records behind it, so every number can be opened. */
export interface Bucket {
  key: string;
  count: number;
  ids: string[];
}

export interface DayReport {
  date: string;
  timeZone: string;
  from: string;
  to: string;
  parcels: { opened: Bucket; closed: Bucket; held: Bucket; voided: Bucket; unfinished: Bucket };
  units: {
    total: number;
    lpns: string[];
    byGrade: Bucket[];
    byDisposition: Bucket[];
    byChannel: Bucket[];
    byReason: Bucket[];
    byClerk: Bucket[];
    byAcceptance: Bucket[];
  };
  returns: ReturnRow[];
  awaiting: ReturnRow[];
  unmatchedParcels: string[];
  exceptionsByKind: Bucket[];
  openExceptions: ReturnException[];
  weightVariances: ReturnException[];
  late: ReturnException[];
  gifts: { returned: number; missing: number; storeMissed: number; extra: number; damaged: number; deductionMinor: number; rows: GiftCheck[] };
  refunds: RefundRow[];
  refundTotals: { currency: string; count: number; totalMinor: number; dayDeltaMinor: number; needsManager: number }[];
  labelProblems: DayLabelJob[];
  oldestUnsentMinutes: number | null;
  clerks: ClerkRow[];
  /** Units graded twice (the rules, then a manager's second look): how often the grades agree. */
  regrades: { count: number; agree: number; lpns: string[] };
}

const bucket = (key: string, rows: { id: string }[]): Bucket => ({ key, count: rows.length, ids: rows.map((r) => r.id) });
const within = (at: string | undefined, d: { from: string; to: string }) => at !== undefined && at >= d.from && at < d.to;

function bucketsOf<T>(rows: T[], key: (r: T) => string, id: (r: T) => string, order?: readonly string[]): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const k of order ?? []) map.set(k, { key: k, count: 0, ids: [] });
  for (const r of rows) {
    const k = key(r);
    const b = map.get(k) ?? { key: k, count: 0, ids: [] };
    b.count++;
    b.ids.push(id(r));
    map.set(k, b);
  }
  return [...map.values()].sort((a, b) => (order ? 0 : b.count - a.count || a.key.localeCompare(b.key)));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

/** What came for a return against what it expects (its main lines; gifts are reported as gifts). */
function returnRow(ret: ExpectedReturn, mine: DayUnit[]): ReturnRow {
  const main = ret.lines.filter((l) => !l.isGift);
  const expectedQty = main.reduce((n, l) => n + l.qty, 0);
  const counted = mine.filter((u) => (u.match === 'matched' || u.match === 'serial_mismatch') && main.some((l) => l.lineId === u.expectedLineId));
  const receivedQty = counted.reduce((n, u) => n + u.qty, 0);
  const state: ReturnState =
    mine.length === 0
      ? 'awaiting'
      : mine.some((u) => u.match === 'wrong_item')
        ? 'wrong_item'
        : mine.some((u) => u.match === 'over' || u.match === 'unexpected') || receivedQty > expectedQty
          ? 'over'
          : receivedQty < expectedQty
            ? 'short'
            : 'complete';
  return { rmaNo: ret.rmaNo, orderNo: ret.orderNo, customer: ret.customer.name, expectedQty, receivedQty, state, lpns: mine.map((u) => u.lpn) };
}

function groupBy<T>(rows: T[], key: (r: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

function clerkRows(input: DayInput, units: DayUnit[], parcels: DayParcel[]): ClerkRow[] {
  const names = new Map(input.users.map((u) => [u.id, u.name]));
  const ids = new Set([...units.map((u) => u.clerkId), ...parcels.map((p) => p.clerkId)]);
  const eventsBy = groupBy(input.audit, (e) => e.who);
  const unitsBy = groupBy(units, (u) => u.clerkId);
  const parcelsBy = groupBy(parcels, (p) => p.clerkId);
  return [...ids].sort().map((clerkId) => {
    const events = (eventsBy.get(clerkId) ?? []).sort((a, b) => a.at.localeCompare(b.at));
    const mine = unitsBy.get(clerkId) ?? [];
    const steps = new Map<string, number[]>();
    for (let i = 1; i < events.length; i++) {
      const seconds = (Date.parse(events[i]!.at) - Date.parse(events[i - 1]!.at)) / 1000;
      if (seconds > 15 * 60) continue;
      steps.set(events[i]!.action, [...(steps.get(events[i]!.action) ?? []), seconds]);
    }
    const span = events.length > 1 ? (Date.parse(events.at(-1)!.at) - Date.parse(events[0]!.at)) / 3_600_000 : 0;
    return {
      clerkId,
      name: names.get(clerkId) ?? clerkId,
      units: mine.reduce((n, u) => n + u.qty, 0),
      parcels: parcelsBy.get(clerkId)?.length ?? 0,
      unitsPerHour: span > 0 ? Math.round((mine.length / span) * 10) / 10 : null,
      stepSeconds: Object.fromEntries([...steps].map(([action, s]) => [action, median(s)])),
    };
  });
}

export function buildDayReport(input: DayInput): DayReport {
  const day = { from: input.from, to: input.to };
  const parcels = input.parcels.filter((p) => within(p.openedAt, day));
  const units = input.units.filter((u) => within(u.inspectedAt, day));
  const returnsById = new Map(input.expectedReturns.map((r) => [r.rmaNo, r]));
  const touched = new Set([...parcels.flatMap((p) => p.rmaNos), ...units.map((u) => u.rmaNo).filter((r): r is string => !!r)]);
  const unitsByRma = groupBy(units, (u) => u.rmaNo);
  const returns = [...touched].flatMap((rma) => {
    const ret = returnsById.get(rma);
    return ret ? [returnRow(ret, unitsByRma.get(rma) ?? [])] : [];
  });
  const awaiting = input.expectedReturns.filter((r) => !touched.has(r.rmaNo) && r.status === 'open').map((r) => returnRow(r, []));
  const exceptions = input.exceptions.filter((x) => within(x.createdAt, day));
  const ofKind = (...kinds: ExceptionKind[]) => exceptions.filter((x) => kinds.includes(x.kind));

  const latest = new Map<string, DayRefund>();
  const dayDelta = new Map<string, number>();
  for (const r of [...input.refunds].sort((a, b) => a.seq - b.seq)) {
    latest.set(r.rmaNo, r);
    if (within(r.decidedAt, day)) dayDelta.set(r.rmaNo, (dayDelta.get(r.rmaNo) ?? 0) + r.deltaMinor);
  }
  const urgencyOf = (due: string): RefundRow['urgency'] => (due < input.date ? 'overdue' : due === input.date ? 'today' : 'later');
  const refunds: RefundRow[] = [...latest.values()]
    .filter((r) => dayDelta.has(r.rmaNo) || r.recommendation.status === 'needs_manager')
    .map((r) => {
      const due = input.refundDue[r.rmaNo] ?? input.date;
      return {
        rmaNo: r.rmaNo,
        currency: r.recommendation.currency,
        totalMinor: r.recommendation.totalMinor,
        dayDeltaMinor: dayDelta.get(r.rmaNo) ?? 0,
        status: r.hq?.status === 'denied' ? ('denied_at_hq' as const) : r.recommendation.status,
        due,
        urgency: urgencyOf(due),
        decidedAt: r.decidedAt,
      };
    })
    // Those waiting for a manager, then by due date: what must be paid first comes first.
    .sort(
      (a, b) => Number(b.status === 'needs_manager') - Number(a.status === 'needs_manager') || a.due.localeCompare(b.due) || a.rmaNo.localeCompare(b.rmaNo),
    );
  const currencies = [...new Set(refunds.map((r) => r.currency))].sort();
  const refundTotals = currencies.map((currency) => {
    // What HQ denied is not this station's to pay.
    const rows = refunds.filter((r) => r.currency === currency && r.status !== 'denied_at_hq');
    return {
      currency,
      count: rows.length,
      totalMinor: rows.reduce((n, r) => n + r.totalMinor, 0),
      dayDeltaMinor: rows.reduce((n, r) => n + r.dayDeltaMinor, 0),
      needsManager: rows.filter((r) => r.status === 'needs_manager').length,
    };
  });

  const gifts = input.gifts;
  const qtyOf = (outcome: GiftCheck['outcome']) => gifts.filter((g) => g.outcome === outcome).length;
  const regraded = units.filter((u) => u.override);
  const unfinished = input.parcels.filter((p) => p.status === 'open' || p.status === 'inspecting' || p.status === 'held');
  const reasonOf = (u: DayUnit) => (u.rmaNo ? (returnsById.get(u.rmaNo)?.reason ?? 'unknown') : 'blind');

  return {
    date: input.date,
    timeZone: input.timeZone,
    from: input.from,
    to: input.to,
    parcels: {
      opened: bucket('opened', parcels),
      closed: bucket(
        'closed',
        parcels.filter((p) => p.status === 'closed'),
      ),
      held: bucket(
        'held',
        parcels.filter((p) => p.status === 'held'),
      ),
      voided: bucket(
        'voided',
        parcels.filter((p) => p.status === 'voided'),
      ),
      unfinished: bucket('unfinished', unfinished),
    },
    units: {
      total: units.reduce((n, u) => n + u.qty, 0),
      lpns: units.map((u) => u.lpn),
      byGrade: bucketsOf(
        units,
        (u) => u.grade,
        (u) => u.lpn,
        GRADES,
      ),
      byDisposition: bucketsOf(
        units,
        (u) => u.disposition ?? 'none',
        (u) => u.lpn,
      ),
      byChannel: bucketsOf(
        units,
        (u) => u.channel ?? 'none',
        (u) => u.lpn,
      ),
      byReason: bucketsOf(units, reasonOf, (u) => u.lpn),
      byClerk: bucketsOf(
        units,
        (u) => u.clerkId,
        (u) => u.lpn,
      ),
      byAcceptance: bucketsOf(
        units,
        (u) => u.acceptance,
        (u) => u.lpn,
      ),
    },
    returns: returns.sort((a, b) => a.rmaNo.localeCompare(b.rmaNo)),
    awaiting,
    unmatchedParcels: parcels.filter((p) => p.match.kind === 'blind' && p.status !== 'voided').map((p) => p.id),
    exceptionsByKind: bucketsOf(
      exceptions,
      (x) => x.kind,
      (x) => x.id,
    ),
    openExceptions: input.exceptions.filter((x) => x.status === 'open'),
    weightVariances: ofKind('weight_variance'),
    late: ofKind('late', 'ineligible'),
    gifts: {
      returned: qtyOf('returned'),
      missing: qtyOf('missing'),
      storeMissed: qtyOf('store_missed'),
      extra: qtyOf('extra'),
      damaged: qtyOf('damaged'),
      deductionMinor: gifts.reduce((n, g) => n + g.deductionMinor, 0),
      rows: gifts,
    },
    refunds,
    refundTotals,
    labelProblems: input.labelJobs.filter((j) => (j.state === 'failed' || j.state === 'unconfirmed') && !j.supersededBy),
    oldestUnsentMinutes: input.oldestUnsentAt ? Math.max(0, Math.floor((Date.parse(input.now) - Date.parse(input.oldestUnsentAt)) / 60_000)) : null,
    clerks: clerkRows(input, units, parcels),
    regrades: { count: regraded.length, agree: regraded.filter((u) => u.override!.computed.grade === u.grade).length, lpns: regraded.map((u) => u.lpn) },
  };
}

/** What must be settled before the day can be closed; empty when it can. */
export interface DayCloseBlockers {
  unfinishedParcels: string[];
  pendingItems: string[];
  openExceptions: string[];
  refundsAwaitingApproval: string[];
  labelJobs: string[];
}

/** Earlier days' work still open: listed with the close (and their age), never holding it. */
export interface CarriedOver {
  parcels: { id: string; openedAt: string; status: string; ageDays: number }[];
  exceptions: { id: string; kind: string; createdAt: string; ageDays: number }[];
  refundsAwaitingApproval: string[];
  labelJobs: string[];
}

const ageInDays = (at: string, now: string) => Math.max(0, Math.floor((Date.parse(now) - Date.parse(at)) / 86_400_000));

/**
 * A day's close waits only for that day's work: a parcel still open on the bench, an item in hand, and
 * what the day itself left open (held parcels, exceptions, refunds for a manager, labels). What earlier
 * days left open is carried over (`carriedOver`): shown, with its age, for a manager to finish any day.
 */
export function dayCloseBlockers(input: DayInput, report: DayReport): DayCloseBlockers {
  const day = { from: input.from, to: input.to };
  return {
    unfinishedParcels: report.parcels.unfinished.ids.filter((id) => {
      const p = input.parcels.find((x) => x.id === id)!;
      return p.status !== 'held' || within(p.openedAt, day);
    }),
    pendingItems: input.parcels.filter((p) => p.pending).map((p) => p.id),
    openExceptions: report.openExceptions.filter((x) => within(x.createdAt, day)).map((x) => x.id),
    refundsAwaitingApproval: report.refunds.filter((r) => r.status === 'needs_manager' && within(r.decidedAt, day)).map((r) => r.rmaNo),
    labelJobs: report.labelProblems.filter((j) => within(j.createdAt, day)).map((j) => j.code),
  };
}

export function carriedOver(input: DayInput, report: DayReport): CarriedOver {
  const before = (at: string) => at < input.from;
  return {
    parcels: input.parcels
      .filter((p) => p.status === 'held' && before(p.openedAt))
      .map((p) => ({ id: p.id, openedAt: p.openedAt, status: p.status, ageDays: ageInDays(p.openedAt, input.now) })),
    exceptions: report.openExceptions
      .filter((x) => before(x.createdAt))
      .map((x) => ({ id: x.id, kind: x.kind, createdAt: x.createdAt, ageDays: ageInDays(x.createdAt, input.now) })),
    refundsAwaitingApproval: report.refunds.filter((r) => r.status === 'needs_manager' && before(r.decidedAt)).map((r) => r.rmaNo),
    labelJobs: report.labelProblems.filter((j) => before(j.createdAt)).map((j) => j.code),
  };
}

export const hasBlockers = (b: DayCloseBlockers) => Object.values(b).some((list) => list.length > 0);
