import { dayCsvRows, toCsv } from '../../shared/reports/day-csv';
import { buildDayReport, type DayInput, type DayRefund, type DayUnit } from '../../shared/reports/day-report';
import { sampleReference } from '../../shared/reference/sample-data';
import { dayBoundsUtc } from '../../shared/returns/dates';
import type { Bench } from './bench';

/**
 * A 5 000-unit day (2 000 returns, 10 clerks) through the day report and the day's CSV — the computing
 * the Reconcile page, the PDF and day close do once the records are read (reading is IndexedDB's part).
 */
function generatedDay(units = 5000): DayInput & { csvUnits: DayUnit[] } {
  const date = '2026-11-24';
  const { from, to } = dayBoundsUtc(date, 'Asia/Shanghai');
  const sample = sampleReference(new Date(from));
  const template = sample.expectedReturns[0]!;
  const returns = Array.from({ length: Math.ceil(units / 2.5) }, (_, i) => ({ ...template, rmaNo: `RMA-B${String(i).padStart(7, '0')}`, orderNo: `ORD${i}` }));
  const start = Date.parse(from);
  const dayUnits: DayUnit[] = Array.from({ length: units }, (_, i) => ({
    lpn: `LPNB${String(i).padStart(9, '0')}`,
    parcelId: `P${Math.floor(i / 2)}`,
    rmaNo: returns[i % returns.length]!.rmaNo,
    expectedLineId: 'L1',
    match: 'matched',
    scan: { raw: '6901234567892', gtin: '06901234567892' },
    qty: 1,
    grade: (['A', 'B', 'C', 'D'] as const)[i % 4]!,
    disposition: 'SELLABLE',
    channel: 'restock',
    acceptance: 'accepted',
    inspectedAt: new Date(start + 30_000 + i * 15_000).toISOString(),
    clerkId: `C${i % 10}`,
  }));
  const refunds: DayRefund[] = returns.map((r, i) => ({
    id: `D${i}`,
    rmaNo: r.rmaNo,
    seq: 1,
    decidedAt: new Date(start + 60_000 + i * 30_000).toISOString(),
    deltaMinor: 38_700,
    recommendation: { rmaNo: r.rmaNo, currency: 'CNY', status: 'ready', lines: [{ lineId: 'L1', acceptedQty: 2, rejectedQty: 0, pendingQty: 0, unitPriceMinor: 39_900, grossMinor: 79_800, restockingFeeMinor: 0, reasons: [] }], grossMinor: 79_800, restockingFeeMinor: 0, freight: { payer: 'customer', deductedMinor: 1200, reimbursedMinor: 0 }, giftDeductionMinor: 0, paidMinor: 79_800, totalMinor: 78_600, reasons: [], policy: { id: 'cn', version: 1 } },
  }));
  return {
    date,
    timeZone: 'Asia/Shanghai',
    from,
    to,
    now: to,
    parcels: Array.from({ length: units / 2 }, (_, i) => ({ id: `P${i}`, rmaNos: [returns[i % returns.length]!.rmaNo], match: { kind: 'rma' as const, rmaNo: returns[i % returns.length]!.rmaNo, by: 'rma' as const }, status: 'closed' as const, openedAt: new Date(start + i * 30_000).toISOString(), clerkId: `C${i % 10}`, stationId: 'S', weight: { grams: 480, stable: true, source: 'scale' as const } })),
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

export const dayReportBench: Bench = {
  name: 'station day report + CSV, 5 000 units',
  target: 'the report part ≤ 50 ms (the line above); the CSV is built once, on export',
  run() {
    const report = buildDayReport(day);
    const csv = toCsv(dayCsvRows({ stationId: 'S', timeZone: day.timeZone, units: day.csvUnits, returnUnits: day.csvUnits, parcels: day.parcels, expectedReturns: day.expectedReturns, latestRefunds: day.refunds, users: day.users, catalog: [] }));
    return report.units.total + csv.length;
  },
};

export const dayReportOnlyBench: Bench = {
  name: 'station day report, 5 000 units (report_ms)',
  target: '≤ 50 ms',
  run: () => buildDayReport(day).units.total,
};
