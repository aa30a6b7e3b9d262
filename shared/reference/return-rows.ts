import { ExpectedReturnSchema, type ExpectedReturn } from '../returns/records/expected-return';
import type { ImportProblem } from './import';

/**
 * Expected returns as CSV: one row per line of a return; the return's own fields repeat on each of its
 * rows and must agree. Lists (tracking numbers, serials) are separated by `|`.
 */
export const RETURN_COLUMNS = {
  required: [
    'rmaNo',
    'orderNo',
    'customerName',
    'warehouseId',
    'channel',
    'createdAt',
    'reason',
    'currency',
    'lineId',
    'sku',
    'name',
    'category',
    'qty',
    'unitPriceMinor',
  ],
  header: [
    'rmaNo',
    'orderNo',
    'customerName',
    'customerId',
    'warehouseId',
    'channel',
    'createdAt',
    'deliveredAt',
    'deadline',
    'reason',
    'resolution',
    'policyId',
    'policyVersion',
    'trackingNumbers',
    'currency',
    'freightMinor',
    'freightPaidBy',
  ],
} as const;

const NUMBER_COLUMNS = ['qty', 'shippedQty', 'unitPriceMinor', 'giftAllocatedMinor', 'unitWeightGrams', 'freightMinor', 'policyVersion'];

/** Columns holding money: whole minor units (fen, cents), never a decimal amount. */
const MONEY_COLUMNS = new Set(['unitPriceMinor', 'giftAllocatedMinor', 'freightMinor', 'priceMinor']);

/**
 * A cell meant to hold a number that holds something else, said the way the clerk typed it. Money must
 * be whole minor units: `399.00` would otherwise be read as 399 fen (¥3.99), a refund off by a factor of
 * a hundred, so it is refused with what to write instead.
 */
export function numberProblems(row: Record<string, string>, columns: readonly string[]): string[] {
  return columns.flatMap((c) => {
    const raw = row[c]?.trim();
    if (raw === undefined || raw === '') return [];
    if (MONEY_COLUMNS.has(c) && !/^\d+$/.test(raw)) {
      const asAmount = Number(raw.replace(',', '.'));
      const hint = Number.isFinite(asAmount) && /[.,]/.test(raw) ? ` (for ${raw} write ${Math.round(asAmount * 100)})` : '';
      return [`${c}: "${raw}" must be whole minor units — fen or cents${hint}`];
    }
    return Number.isFinite(Number(raw)) ? [] : [`${c}: "${raw}" is not a number`];
  });
}

const list = (v?: string) =>
  v
    ? v
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const num = (v?: string) => (v === undefined || v.trim() === '' ? undefined : Number(v));
const text = (v?: string) => (v === undefined || v.trim() === '' ? undefined : v.trim());
const bool = (v?: string) => ['1', 'true', 'yes', 'y', '是'].includes((v ?? '').trim().toLowerCase());

export function expectedReturnsFromRows(rows: { line: number; row: Record<string, string> }[]): { returns: ExpectedReturn[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const groups = new Map<string, { line: number; row: Record<string, string> }[]>();
  for (const r of rows) {
    const rma = text(r.row.rmaNo);
    if (!rma) {
      problems.push({ line: r.line, message: 'rmaNo is empty' });
      continue;
    }
    const notNumbers = numberProblems(r.row, NUMBER_COLUMNS);
    if (notNumbers.length) {
      problems.push({ line: r.line, message: `${rma}: ${notNumbers.join('; ')}` });
      continue;
    }
    groups.set(rma, [...(groups.get(rma) ?? []), r]);
  }
  const returns: ExpectedReturn[] = [];
  const badRows = new Set(problems.map((p) => p.line));
  for (const [rmaNo, group] of groups) {
    // A return with a row already reported is not checked further: one clear message per cause.
    if (group.some((g) => badRows.has(g.line))) continue;
    const first = group[0]!.row;
    for (const { line, row } of group.slice(1)) {
      const differs = RETURN_COLUMNS.header.filter((c) => (text(row[c]) ?? '') !== (text(first[c]) ?? ''));
      if (differs.length) problems.push({ line, message: `${rmaNo}: ${differs.join(', ')} differ from line ${group[0]!.line}` });
    }
    const freight = num(first.freightMinor);
    const candidate = {
      rmaNo,
      orderNo: text(first.orderNo),
      customer: { name: text(first.customerName) ?? '', ...(text(first.customerId) ? { id: text(first.customerId) } : {}) },
      warehouseId: text(first.warehouseId),
      channel: text(first.channel),
      createdAt: text(first.createdAt),
      ...(text(first.deliveredAt) ? { deliveredAt: text(first.deliveredAt) } : {}),
      ...(text(first.deadline) ? { deadline: text(first.deadline) } : {}),
      reason: text(first.reason),
      ...(text(first.resolution) ? { resolution: text(first.resolution) } : {}),
      ...(text(first.policyId) ? { policyId: text(first.policyId) } : {}),
      ...(num(first.policyVersion) !== undefined ? { policyVersion: num(first.policyVersion) } : {}),
      trackingNumbers: list(first.trackingNumbers),
      currency: text(first.currency),
      ...(freight !== undefined ? { returnFreight: { amountMinor: freight, paidBy: text(first.freightPaidBy) ?? 'customer' } } : {}),
      lines: group.map(({ row }) => ({
        lineId: text(row.lineId),
        sku: text(row.sku),
        ...(text(row.gtin) ? { gtin: text(row.gtin)!.padStart(14, '0') } : {}),
        name: text(row.name),
        category: text(row.category),
        qty: num(row.qty),
        ...(num(row.shippedQty) !== undefined ? { shippedQty: num(row.shippedQty) } : {}),
        unitPriceMinor: num(row.unitPriceMinor),
        isGift: bool(row.isGift),
        ...(text(row.parentLineId) ? { parentLineId: text(row.parentLineId) } : {}),
        ...(num(row.giftAllocatedMinor) !== undefined ? { giftAllocatedMinor: num(row.giftAllocatedMinor) } : {}),
        shippedSerials: list(row.shippedSerials),
        ...(num(row.unitWeightGrams) !== undefined ? { unitWeightGrams: num(row.unitWeightGrams) } : {}),
        excludedFromNoReason: bool(row.excludedFromNoReason),
      })),
    };
    const r = ExpectedReturnSchema.safeParse(candidate);
    if (r.success) returns.push(r.data);
    else {
      for (const issue of r.error.issues) {
        // Point at the row the problem is in: lines.N.… is the Nth row of this return.
        const row = issue.path[0] === 'lines' && typeof issue.path[1] === 'number' ? group[issue.path[1]] : group[0];
        const field = issue.path[0] === 'lines' ? issue.path.slice(2).join('.') : issue.path.join('.');
        problems.push({ line: row!.line, message: `${rmaNo}: ${field ? `${field}: ` : ''}${issue.message}` });
      }
    }
  }
  return { returns, problems: problems.sort((a, b) => a.line - b.line) };
}
