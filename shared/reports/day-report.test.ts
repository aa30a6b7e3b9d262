import { describe, expect, it } from 'vitest';
import { addBusinessDays, dayBoundsUtc } from '../returns/dates';
import { CN_MARKETPLACE_POLICY, refundDueDate } from '../returns';
import { unitRefundShares } from './day-csv';
import { buildDayReport, dayCloseBlockers, hasBlockers, type DayInput, type DayRefund, type DayUnit } from './day-report';

const unit = (lpn: string, extra: Partial<DayUnit> = {}): DayUnit => ({
  lpn,
  parcelId: 'p1',
  rmaNo: 'R1',
  expectedLineId: 'L1',
  match: 'matched',
  scan: { raw: 'x' },
  qty: 1,
  grade: 'A',
  disposition: 'SELLABLE',
  channel: 'restock',
  acceptance: 'accepted',
  inspectedAt: '2026-11-24T02:00:00.000Z',
  clerkId: 'C001',
  ...extra,
});
const refund = (
  rmaNo: string,
  totalMinor: number,
  lines: { lineId: string; grossMinor: number; restockingFeeMinor?: number }[],
  extra: Partial<DayRefund> = {},
): DayRefund => ({
  id: `${rmaNo}-1`,
  rmaNo,
  seq: 1,
  decidedAt: '2026-11-24T03:00:00.000Z',
  deltaMinor: totalMinor,
  recommendation: {
    rmaNo,
    currency: 'CNY',
    status: 'ready',
    lines: lines.map((l) => ({
      lineId: l.lineId,
      acceptedQty: 1,
      rejectedQty: 0,
      pendingQty: 0,
      unitPriceMinor: l.grossMinor,
      grossMinor: l.grossMinor,
      restockingFeeMinor: l.restockingFeeMinor ?? 0,
      reasons: [],
    })),
    grossMinor: 0,
    restockingFeeMinor: 0,
    freight: { payer: 'customer', deductedMinor: 0, reimbursedMinor: 0 },
    giftDeductionMinor: 0,
    paidMinor: 0,
    totalMinor,
    reasons: [],
    policy: { id: 'cn', version: 1 },
  },
  ...extra,
});

const input = (over: Partial<DayInput>): DayInput => ({
  date: '2026-11-24',
  timeZone: 'Asia/Shanghai',
  ...dayBoundsUtc('2026-11-24', 'Asia/Shanghai'),
  now: '2026-11-24T09:00:00.000Z',
  parcels: [],
  units: [],
  expectedReturns: [],
  exceptions: [],
  refunds: [],
  refundDue: {},
  gifts: [],
  labelJobs: [],
  audit: [],
  users: [],
  oldestUnsentAt: null,
  ...over,
});

describe('station days and due dates', () => {
  it('a day is its zone’s local midnight to midnight, 23 or 25 hours across a DST change', () => {
    expect(dayBoundsUtc('2026-11-24', 'Asia/Shanghai')).toEqual({ from: '2026-11-23T16:00:00.000Z', to: '2026-11-24T16:00:00.000Z' });
    expect(dayBoundsUtc('2026-03-08', 'America/New_York')).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    expect(dayBoundsUtc('2026-11-01', 'America/New_York')).toEqual({ from: '2026-11-01T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z' });
  });

  it('a refund is due the policy’s business days after receipt, in its zone, skipping weekends and holidays', () => {
    expect(addBusinessDays('2026-11-27', 2, [])).toBe('2026-12-01'); // Friday → Tuesday
    expect(addBusinessDays('2026-09-30', 2, ['2026-10-01', '2026-10-02'])).toBe('2026-10-06');
    // 23:30 UTC on the 23rd is the 24th in Shanghai: counted from the 24th.
    expect(refundDueDate(CN_MARKETPLACE_POLICY, '2026-11-23T23:30:00.000Z')).toBe('2026-11-26');
    expect(refundDueDate({ ...CN_MARKETPLACE_POLICY, refundDue: { businessDays: 1, holidays: ['2026-11-25'] } }, '2026-11-24T02:00:00.000Z')).toBe(
      '2026-11-26',
    );
  });
});

describe('the day report', () => {
  it('counts only the day’s records, keeps what is open from other days, and puts refunds waiting for a manager and overdue ones first', () => {
    const r = buildDayReport(
      input({
        units: [unit('A'), unit('B', { grade: 'C', channel: 'liquidate', rmaNo: 'R2' }), unit('OLD', { inspectedAt: '2026-11-23T15:59:59.000Z' })],
        parcels: [
          {
            id: 'p1',
            rmaNos: ['R1'],
            match: { kind: 'rma', rmaNo: 'R1', by: 'rma' },
            status: 'closed',
            openedAt: '2026-11-24T01:00:00.000Z',
            clerkId: 'C001',
            stationId: 'S',
          },
          { id: 'p0', rmaNos: [], match: { kind: 'blind' }, status: 'held', openedAt: '2026-11-20T01:00:00.000Z', clerkId: 'C001', stationId: 'S' },
        ],
        refunds: [
          refund('R1', 1000, []),
          refund('R2', 500, [], { recommendation: { ...refund('R2', 500, []).recommendation, status: 'needs_manager' } }),
          refund('R3', 700, []),
        ],
        refundDue: { R1: '2026-11-26', R2: '2026-11-26', R3: '2026-11-23' },
      }),
    );
    expect(r.units.total).toBe(2);
    expect(r.units.byGrade.map((b) => [b.key, b.count])).toEqual([
      ['A', 1],
      ['B', 0],
      ['C', 1],
      ['D', 0],
    ]);
    expect(r.parcels.opened.ids).toEqual(['p1']);
    expect(r.parcels.unfinished.ids).toEqual(['p0']);
    expect(r.refunds.map((x) => [x.rmaNo, x.urgency])).toEqual([
      ['R2', 'later'],
      ['R3', 'overdue'],
      ['R1', 'later'],
    ]);
    expect(r.refundTotals).toEqual([{ currency: 'CNY', count: 3, totalMinor: 2200, dayDeltaMinor: 2200, needsManager: 1 }]);
  });

  it('blockers name what holds the day open; none for a settled day', () => {
    const open = input({
      parcels: [
        {
          id: 'p1',
          rmaNos: [],
          match: { kind: 'blind' },
          status: 'inspecting',
          openedAt: '2026-11-24T01:00:00.000Z',
          clerkId: 'C',
          stationId: 'S',
          pending: { id: 'i' },
        },
      ],
      labelJobs: [
        { id: 'j', code: 'LPN1', state: 'unconfirmed', createdAt: '2026-11-24T01:00:00.000Z' },
        { id: 'k', code: 'LPN2', state: 'failed', createdAt: '2026-11-24T01:00:00.000Z', supersededBy: 'x' },
      ],
    });
    const b = dayCloseBlockers(open, buildDayReport(open));
    expect(b).toEqual({ unfinishedParcels: ['p1'], pendingItems: ['p1'], openExceptions: [], refundsAwaitingApproval: [], labelJobs: ['LPN1'] });
    const settled = input({});
    expect(hasBlockers(dayCloseBlockers(settled, buildDayReport(settled)))).toBe(false);
  });
});

describe('per-unit refund shares for the CSV', () => {
  it('split each line’s net over its accepted units, put return-level deductions on the first unit, and always add up to the refund', () => {
    const units = [
      unit('U1', { inspectedAt: '2026-11-24T02:00:00.000Z' }),
      unit('U2', { inspectedAt: '2026-11-24T02:05:00.000Z' }),
      unit('U3', { expectedLineId: 'L2', acceptance: 'rejected' }),
    ];
    // Line L1: two units for 100.01 gross less a 10.00 fee; 12.00 freight deducted for the return.
    const r = refund('R1', 7801, [
      { lineId: 'L1', grossMinor: 10001, restockingFeeMinor: 1000 },
      { lineId: 'L2', grossMinor: 0 },
    ]);
    const shares = unitRefundShares(units, r);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(7801);
    expect(shares.get('U3')).toBe(0);
    expect(shares.get('U2')).toBe(4501);
    expect(shares.get('U1')).toBe(4500 - 1200);
  });
});
