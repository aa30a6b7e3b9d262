import { dayCsvRows, toCsv } from '../../shared/reports/day-csv';
import { buildDayReport, type DayInput, type DayRefund, type DayUnit } from '../../shared/reports/day-report';
import { dayBoundsUtc } from '../../shared/returns/dates';
import type { Bench } from './bench';
import { DEFAULT_SEED, generateCatalog, generateExpectedReturns, gradedOutcome, Rng } from './generator';

/**
 * A 5 000-unit day (2 000 returns, 10 clerks) through the day report and the day's CSV — the computing
 * the Reconcile page, the PDF and day close do once the records are read (reading is IndexedDB's part).
 */
export function generatedDay(seed = DEFAULT_SEED, units = 5000): DayInput & { csvUnits: DayUnit[] } {
  const date = '2026-11-24';
  const { from, to } = dayBoundsUtc(date, 'Asia/Shanghai');
  const rng = new Rng(seed);
  const start = Date.parse(from);
  // The day's returns were created over the fortnight before it; each unit is one of its return's lines.
  const returns = generateExpectedReturns(rng, Math.ceil(units / 2.5), generateCatalog(rng, 500), { now: start, days: 14, customers: 1500 });
  const dayUnits: DayUnit[] = Array.from({ length: units }, (_, i) => {
    const r = returns[i % returns.length]!;
    const line = r.lines[Math.floor(i / returns.length) % r.lines.length]!;
    const g = gradedOutcome(rng);
    return {
      lpn: `LPNB${String(i).padStart(9, '0')}`,
      parcelId: `P${Math.floor(i / 2)}`,
      rmaNo: r.rmaNo,
      expectedLineId: line.lineId,
      match: 'matched',
      scan: { raw: line.gtin!.slice(1), gtin: line.gtin! },
      qty: 1,
      grade: g.grade,
      disposition: g.disposition,
      channel: g.channel,
      acceptance: g.grade === 'C' && rng.chance(0.3) ? 'rejected' : 'accepted',
      inspectedAt: new Date(start + 30_000 + i * 15_000).toISOString(),
      clerkId: `C${rng.int(0, 9)}`,
    };
  });
  const refunds: DayRefund[] = returns.map((r, i) => {
    const l = r.lines[0]!;
    const gross = l.unitPriceMinor * l.qty;
    const freight = rng.chance(0.5) ? 1200 : 0;
    return {
      id: `D${i}`,
      rmaNo: r.rmaNo,
      seq: 1,
      decidedAt: new Date(start + 60_000 + i * 30_000).toISOString(),
      deltaMinor: gross - freight,
      recommendation: {
        rmaNo: r.rmaNo,
        currency: 'CNY',
        status: 'ready',
        lines: [
          {
            lineId: l.lineId,
            acceptedQty: l.qty,
            rejectedQty: 0,
            pendingQty: 0,
            unitPriceMinor: l.unitPriceMinor,
            grossMinor: gross,
            restockingFeeMinor: 0,
            reasons: [],
          },
        ],
        grossMinor: gross,
        restockingFeeMinor: 0,
        freight: { payer: freight ? 'customer' : 'seller', deductedMinor: freight, reimbursedMinor: 0 },
        giftDeductionMinor: 0,
        paidMinor: gross,
        totalMinor: gross - freight,
        reasons: [],
        policy: { id: 'cn', version: 1 },
      },
    };
  });
  return {
    date,
    timeZone: 'Asia/Shanghai',
    from,
    to,
    now: to,
    parcels: Array.from({ length: units / 2 }, (_, i) => ({
      id: `P${i}`,
      rmaNos: [returns[i % returns.length]!.rmaNo],
      match: { kind: 'rma' as const, rmaNo: returns[i % returns.length]!.rmaNo, by: 'rma' as const },
      status: 'closed' as const,
      openedAt: new Date(start + i * 30_000).toISOString(),
      clerkId: `C${i % 10}`,
      stationId: 'S',
      weight: { grams: 480, stable: true, source: 'scale' as const },
    })),
    units: dayUnits,
    csvUnits: dayUnits,
    expectedReturns: returns,
    exceptions: [],
    refunds,
    refundDue: Object.fromEntries(returns.map((r) => [r.rmaNo, '2026-11-26'])),
    gifts: [],
    labelJobs: [],
    audit: dayUnits.map((u) => ({ at: u.inspectedAt, who: u.clerkId, action: 'unit.accept' })),
    users: Array.from({ length: 10 }, (_, i) => ({ id: `C${i}`, name: `Clerk ${i}` })),
    oldestUnsentAt: null,
  };
}

const day = generatedDay();

/** The report alone over the day `seed` makes (generated once, before measuring). */
export function dayReportOnly(seed: number): Bench {
  const seeded = generatedDay(seed);
  return { ...dayReportOnlyBench, run: () => buildDayReport(seeded).units.total };
}

export const dayReportBench: Bench = {
  name: 'station day report + CSV, 5 000 units',
  target: 'the report part ≤ 50 ms (the line above); the CSV is built once, on export',
  run() {
    const report = buildDayReport(day);
    const csv = toCsv(
      dayCsvRows({
        stationId: 'S',
        timeZone: day.timeZone,
        units: day.csvUnits,
        returnUnits: day.csvUnits,
        parcels: day.parcels,
        expectedReturns: day.expectedReturns,
        latestRefunds: day.refunds,
        users: day.users,
        catalog: [],
      }),
    );
    return report.units.total + csv.length;
  },
};

export const dayReportOnlyBench: Bench = {
  name: 'station day report, 5 000 units (report_ms)',
  target: '≤ 50 ms',
  run: () => buildDayReport(day).units.total,
};
