import { settlementUnits } from './refunds';
import { dayBoundsUtc, refundDueDate, settleReturn, type ExpectedReturn, type GiftCheck, type Policy } from '../../shared/returns';
import { syncCursor } from './sync-state';
import type { DayCsvInput } from '../../shared/reports/day-csv';
import {
  buildDayReport,
  carriedOver,
  dayCloseBlockers,
  type CarriedOver,
  type DayCloseBlockers,
  type DayInput,
  type DayReport,
} from '../../shared/reports/day-report';
import type { DayCloseRow, RefundDecisionRow, StationDb } from '../db/station-db';
import { openContainers, unitsAwaitingContainer } from './containers';
import { pickPolicy } from './policies';

/** Every table a day's figures are read from (a close reads them inside its transaction). */
export const DAY_TABLES = [
  'containers',
  'parcels',
  'units',
  'expectedReturns',
  'exceptions',
  'refundDecisions',
  'printJobs',
  'auditEvents',
  'users',
  'outbox',
  'policies',
  'catalog',
  'dayCloses',
] as const;

export interface StationDay {
  input: DayInput;
  report: DayReport;
  blockers: DayCloseBlockers;
  /** What earlier days left open: listed with this day's close, never holding it. */
  carriedOver: CarriedOver;
  csv: DayCsvInput;
  /** The day's latest close or reopen, if any. */
  state: DayCloseRow | undefined;
  /** The packing bench, whatever the day: units received and not yet in a container, and containers still open. Listed, never holding a close. */
  bench: BenchState;
  /** Containers closed this day, with what is in each: the manifests the day's PDF carries. */
  manifests: { id: string; route: string; vendor?: string; closedAt: string; closedBy: string; weightGrams: number; lpns: string[] }[];
}

export interface BenchState {
  awaiting: { lpn: string; channel: string; inspectedAt: string; ageDays: number }[];
  openContainers: { id: string; route: string; vendor?: string; openedAt: string; count: number; ageDays: number }[];
}

const ageDays = (from: string, now: Date) => Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 86_400_000));

/** What the bench still has to do (a day's figures carry it; a close lists it). */
export async function benchState(db: StationDb, now: Date): Promise<BenchState> {
  const [awaiting, open] = await Promise.all([unitsAwaitingContainer(db), openContainers(db)]);
  return {
    awaiting: awaiting.map((u) => ({ lpn: u.lpn, channel: u.channel!, inspectedAt: u.inspectedAt, ageDays: ageDays(u.inspectedAt, now) })),
    openContainers: open.map((c) => ({
      id: c.id,
      route: c.route,
      ...(c.vendor ? { vendor: c.vendor } : {}),
      openedAt: c.openedAt,
      count: c.count,
      ageDays: ageDays(c.openedAt, now),
    })),
  };
}

/** Containers closed between `from` and `to` (UTC ISO), oldest first, each with the LPNs in it. */
async function manifestsOf(db: StationDb, from: string, to: string): Promise<StationDay['manifests']> {
  const closed = await db.containers
    .where('status')
    .equals('closed')
    .filter((c) => !!c.closedAt && c.closedAt >= from && c.closedAt < to)
    .toArray();
  closed.sort((a, b) => a.closedAt!.localeCompare(b.closedAt!));
  return Promise.all(
    closed.map(async (c) => ({
      id: c.id,
      route: c.route,
      ...(c.vendor ? { vendor: c.vendor } : {}),
      closedAt: c.closedAt!,
      closedBy: c.closedBy ?? '',
      weightGrams: c.weightGrams ?? 0,
      lpns: (await db.units.where('containerId').equals(c.id).primaryKeys()).map(String).sort(),
    })),
  );
}

/**
 * Reads a station day: what it received, what it still owes, what is open whatever its day. Reads by
 * index where one exists (parcels by openedAt, units by inspectedAt, decisions by decidedAt).
 */
export async function loadStationDay(db: StationDb, q: { date: string; timeZone: string; stationId: string; now: Date }): Promise<StationDay> {
  const { from, to } = dayBoundsUtc(q.date, q.timeZone);
  const [dayParcels, unfinished, units, exceptionsRaised, openExceptions] = await Promise.all([
    db.parcels.where('openedAt').between(from, to, true, false).toArray(),
    db.parcels.where('status').anyOf('open', 'inspecting', 'held').toArray(),
    db.units.where('inspectedAt').between(from, to, true, false).toArray(),
    db.exceptions.where('createdAt').between(from, to, true, false).toArray(),
    db.exceptions.where('status').equals('open').toArray(),
  ]);
  const parcels = [...new Map([...dayParcels, ...unfinished].map((p) => [p.id, p])).values()];
  // A unit's parcel may have been opened the day before (a parcel left open overnight).
  const knownParcels = new Set(parcels.map((p) => p.id));
  const otherParcels = (await db.parcels.bulkGet([...new Set(units.map((u) => u.parcelId))].filter((id) => !knownParcels.has(id)))).filter(
    (p) => p !== undefined,
  );
  const decidedToday = await db.refundDecisions.where('decidedAt').between(from, to, true, false).toArray();
  // Refunds waiting for a manager (their returns have units left to one) hold the day open whatever day they were decided on.
  const waiting = (await db.units.where('acceptance').equals('manual_intervention_required').toArray()).flatMap((u) => (u.rmaNo ? [{ rmaNo: u.rmaNo }] : []));
  const rmas = new Set([
    ...parcels.flatMap((p) => p.rmaNos),
    ...units.map((u) => u.rmaNo).filter((r): r is string => !!r),
    ...decidedToday.map((d) => d.rmaNo),
    ...waiting.map((d) => d.rmaNo),
  ]);
  const refunds = await db.refundDecisions
    .where('rmaNo')
    .anyOf([...rmas])
    .toArray();
  const latest = new Map<string, RefundDecisionRow>();
  for (const d of refunds.sort((a, b) => a.seq - b.seq)) latest.set(d.rmaNo, d);
  const touched = (await db.expectedReturns.bulkGet([...rmas])).filter((r): r is ExpectedReturn => r !== undefined);
  const awaiting = await db.expectedReturns
    .where('status')
    .equals('open')
    .filter((r) => !rmas.has(r.rmaNo))
    .toArray();
  const returnUnits = await db.units
    .where('rmaNo')
    .anyOf([...rmas])
    .toArray();

  // Every read is done before any computing: a live query only follows what it read through Dexie.
  const [labelJobs, audit, users, oldest, catalog, closes, policies] = await Promise.all([
    db.printJobs.where('state').anyOf('failed', 'unconfirmed').toArray(),
    db.auditEvents.where('at').between(from, to, true, false).toArray(),
    db.users.toArray(),
    // The oldest record HQ has not acknowledged (the same source as the status bar's count): acknowledged rows stay a week.
    syncCursor(db).then(({ ackSeq }) => db.outbox.where('seq').above(ackSeq).first()),
    db.catalog.bulkGet([...new Set(units.map((u) => u.scan.gtin).filter((g): g is string => !!g))]),
    db.dayCloses.where('date').equals(q.date).toArray(),
    db.policies.toArray(),
  ]);

  const gifts: GiftCheck[] = [];
  const refundDue: Record<string, string> = {};
  for (const ret of touched) {
    const mine = returnUnits.filter((u) => u.rmaNo === ret.rmaNo);
    if (mine.length === 0) continue;
    let policy: Policy;
    try {
      policy = pickPolicy(policies, ret);
    } catch {
      continue;
    }
    // Due as its latest decision says (from that decision's own receipt); a decision from before that was kept falls back to the first receipt.
    const firstReceipt = mine.map((u) => u.inspectedAt).sort()[0]!;
    refundDue[ret.rmaNo] = latest.get(ret.rmaNo)?.dueOn ?? refundDueDate(policy, firstReceipt);
    if (!latest.has(ret.rmaNo)) continue;
    const settled = settleReturn({
      expected: ret,
      units: settlementUnits(mine),
      previousTotalMinor: null,
      policy,
      now: q.now.toISOString(),
    });
    if (settled.ok) gifts.push(...settled.value.gifts.filter((g) => g.outcome !== 'not_required'));
  }

  const input: DayInput = {
    date: q.date,
    timeZone: q.timeZone,
    from,
    to,
    now: q.now.toISOString(),
    parcels,
    units,
    expectedReturns: [...touched, ...awaiting],
    exceptions: [...new Map([...exceptionsRaised, ...openExceptions].map((x) => [x.id, x])).values()],
    refunds,
    refundDue,
    gifts,
    labelJobs,
    audit,
    users: users.map((u) => ({ id: u.id, name: u.name })),
    oldestUnsentAt: oldest?.createdAt ?? null,
  };
  const report = buildDayReport(input);
  return {
    input,
    report,
    blockers: dayCloseBlockers(input, report),
    carriedOver: carriedOver(input, report),
    csv: {
      stationId: q.stationId,
      timeZone: q.timeZone,
      units,
      returnUnits,
      parcels: [...parcels, ...otherParcels],
      expectedReturns: touched,
      latestRefunds: [...latest.values()],
      users: users.map((u) => ({ id: u.id, name: u.name })),
      catalog: catalog.filter((c) => c !== undefined),
    },
    state: closes.sort((a, b) => a.n - b.n).at(-1),
    bench: await benchState(db, q.now),
    manifests: await manifestsOf(db, from, to),
  };
}
