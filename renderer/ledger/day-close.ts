import { StationError } from '../../shared/errors';
import { hasBlockers } from '../../shared/reports/day-report';
import type { DayCloseRow, StationDb } from '../db/station-db';
import { iso, newId, requireManager } from './common';
import { DAY_TABLES, loadStationDay } from './day-data';
import { recordUserAction, type Actor } from './record-action';
import { BESIDE_THE_CLERK, checkAuditChain } from './audit-chain';

interface DayRef {
  date: string;
  timeZone: string;
  stationId: string;
  now?: Date;
}

/**
 * A manager closes a station day: refused, listing what, while anything is open; then one DayClose
 * record with the day's figures and the audit chain's head goes to HQ, and the day is locked (every
 * later action dated in it is refused until a manager reopens it).
 */
export async function closeDay(db: StationDb, manager: Actor, day: DayRef): Promise<DayCloseRow> {
  const now = day.now ?? new Date();
  // The chain since its last check is read before the close takes its locks (clerks keep working); inside,
  // only what was recorded in between is read again. A read that fails here is read again inside.
  await checkAuditChain(db, BESIDE_THE_CLERK).catch(() => undefined);
  return recordUserAction(
    db,
    manager,
    [...DAY_TABLES],
    async () => {
      await requireManager(db, manager);
      const loaded = await loadStationDay(db, { ...day, now });
      if (loaded.state?.kind === 'closed') throw new StationError('day_already_closed', `${day.date} is already closed.`);
      if (iso(now) < loaded.input.from) throw new StationError('day_not_started', `${day.date} has not begun yet.`);
      if (hasBlockers(loaded.blockers)) throw new StationError('day_not_ready', `${day.date} cannot be closed while something is open.`, loaded.blockers);
      const r = loaded.report;
      const head = await db.auditEvents.orderBy('seq').last();
      // Checked at every close: a chain that no longer verifies is signed as such and shown to the manager.
      const broken = await checkAuditChain(db);
      const summary = {
        date: day.date,
        stationId: day.stationId,
        timeZone: day.timeZone,
        from: r.from,
        to: r.to,
        closedAt: iso(now),
        by: manager.who,
        counts: {
          parcels: r.parcels.opened.count,
          units: r.units.total,
          exceptions: r.exceptionsByKind.reduce((n, b) => n + b.count, 0),
          byGrade: Object.fromEntries(r.units.byGrade.map((b) => [b.key, b.count])),
          byDisposition: Object.fromEntries(r.units.byDisposition.map((b) => [b.key, b.count])),
        },
        refundTotals: r.refundTotals.map(({ currency, count, totalMinor, dayDeltaMinor }) => ({ currency, count, totalMinor, dayDeltaMinor })),
        variances: {
          weight: r.weightVariances.length,
          late: r.late.length,
          short: r.returns.filter((x) => x.state === 'short').length,
          over: r.returns.filter((x) => x.state === 'over').length,
          wrongItem: r.returns.filter((x) => x.state === 'wrong_item').length,
          unmatched: r.unmatchedParcels.length,
          giftsMissing: r.gifts.missing,
          giftsExtra: r.gifts.extra,
        },
        auditHead: { seq: head?.seq ?? 0, hash: head?.hash ?? '' },
        // What earlier days left open, carried over (it did not hold this close).
        carriedOver: {
          parcels: loaded.carriedOver.parcels.map((p) => ({ id: p.id, ageDays: p.ageDays })),
          exceptions: loaded.carriedOver.exceptions.length,
          refundsAwaitingApproval: loaded.carriedOver.refundsAwaitingApproval.length,
        },
        // The packing bench: sorted on later days, never holding a close.
        bench: {
          unitsAwaitingContainer: loaded.bench.awaiting.length,
          openContainers: loaded.bench.openContainers.map((c) => ({ id: c.id, route: c.route, units: c.count, ageDays: c.ageDays })),
        },
        auditChain: broken ? { verified: false, brokenAt: broken.seq, problem: broken.problem } : { verified: true },
      };
      const row: DayCloseRow = {
        id: newId(),
        date: day.date,
        n: (await db.dayCloses.where('date').equals(day.date).count()) + 1,
        kind: 'closed',
        at: iso(now),
        by: manager.who,
        from: r.from,
        to: r.to,
        timeZone: day.timeZone,
        summary,
      };
      await db.dayCloses.add(row);
      return {
        result: row,
        record: { action: 'day.close', entity: 'day', entityId: day.date, after: summary, outbox: { type: 'day.closed', payload: summary } },
      };
    },
    now,
    // It says itself when its day is already closed.
    { whenDayClosed: 'allow' },
  );
}

/** A manager reopens a closed day, with a reason: the day takes actions again until it is closed again. */
export function reopenDay(db: StationDb, manager: Actor, day: DayRef & { reason: string }): Promise<DayCloseRow> {
  const now = day.now ?? new Date();
  return recordUserAction(
    db,
    manager,
    ['dayCloses', 'users'],
    async () => {
      await requireManager(db, manager);
      const rows = (await db.dayCloses.where('date').equals(day.date).toArray()).sort((a, b) => a.n - b.n);
      const last = rows.at(-1);
      if (last?.kind !== 'closed') throw new StationError('day_not_closed', `${day.date} is not closed.`);
      if (day.reason.trim().length < 3) throw new StationError('reason_required', 'Say why the day is reopened.');
      const row: DayCloseRow = {
        id: newId(),
        date: day.date,
        n: rows.length + 1,
        kind: 'reopened',
        at: iso(now),
        by: manager.who,
        from: last.from,
        to: last.to,
        timeZone: last.timeZone,
        reason: day.reason.trim(),
      };
      await db.dayCloses.add(row);
      const payload = { date: day.date, stationId: day.stationId, at: iso(now), by: manager.who, reason: day.reason.trim() };
      return {
        result: row,
        record: {
          action: 'day.reopen',
          entity: 'day',
          entityId: day.date,
          before: { kind: 'closed' },
          after: { kind: 'reopened', reason: row.reason },
          outbox: { type: 'day.reopened', payload },
        },
      };
    },
    now,
    { whenDayClosed: 'allow' },
  );
}
