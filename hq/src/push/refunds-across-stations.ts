import type pg from 'pg';
import {
  emptyReturnRefund,
  judgeAcrossStations,
  returnDueOf,
  type ReturnDue,
  type ReturnRefundState,
} from '../../../shared/returns/decide/refund-across-stations';
import { HQ_OWNER } from './owners';
import type { Payload } from './parse';
import type { PushScope } from './scope';

export type Verdict = 'due' | 'on_hold';

interface StateRow {
  rma_no: string;
  currency: string | null;
  due_minor: string;
  held_minor: string;
  accepted: ReturnRefundState['accepted'];
  lines: ReturnDue | null;
  conflict_id: string | null;
  expected: { lines: { lineId: string; qty: number; unitPriceMinor: number }[]; returnFreight?: { amountMinor: number; paidBy: string } } | null;
}

/**
 * HQ's judgement of refund decisions across the warehouse's stations (shared/returns/decide/
 * refund-across-stations.ts), in record order, inside the push's transaction: each return's row is locked
 * (two stations pushing the same return wait for each other), judged, and written back; a decision that
 * would take a return past what it is due opens a `refund_conflict` exception for a person at HQ.
 * What the return is due comes from HQ's own expected return, else from what the first station said.
 * Every table is read by the returns' keys (`any($rmas)`), whatever plan the push's statements keep.
 */
export async function judgeRefunds(client: pg.ClientBase, scope: PushScope, decisions: Payload[]): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  if (decisions.length === 0) return verdicts;
  const rmas = [...new Set(decisions.map((d) => d.rmaNo as string))].sort();
  await client.query({
    name: 'return-refunds-ensure',
    text: 'insert into return_refunds (warehouse_id, rma_no) select $1, r from unnest($2::text[]) r order by r on conflict do nothing',
    values: [scope.warehouseId, rmas],
  });
  const rows = (
    await client.query<StateRow>({
      name: 'return-refunds-lock',
      text: `select rr.rma_no, rr.currency, rr.due_minor, rr.held_minor, rr.accepted, rr.lines, rr.conflict_id, er.body as expected
             from return_refunds rr left join reference_rows er on er.warehouse_id = rr.warehouse_id and er.kind = 'expectedReturn' and er.key = rr.rma_no
               and er.key = any($2::text[]) and not er.deleted
             where rr.warehouse_id = $1 and rr.rma_no = any($2::text[]) order by rr.rma_no for update of rr`,
      values: [scope.warehouseId, rmas],
    })
  ).rows;
  const state = new Map(
    rows.map((r) => [
      r.rma_no,
      {
        row: r,
        state: {
          dueMinor: Number(r.due_minor),
          heldMinor: Number(r.held_minor),
          conflictOpen: r.conflict_id !== null,
          accepted: r.accepted,
        } as ReturnRefundState,
        conflictId: r.conflict_id,
        lines: r.lines,
        currency: r.currency,
      },
    ]),
  );
  const conflicts: Payload[] = [];
  for (const d of decisions) {
    const s = state.get(d.rmaNo)!;
    const hint: ReturnDue | null = Array.isArray(d.returnLines) ? { lines: d.returnLines, ceilingMinor: d.recommendation.paidMinor } : null;
    s.lines ??= hint;
    const due = s.row.expected ? returnDueOf(s.row.expected) : s.lines;
    const judged = judgeAcrossStations(
      s.state ?? emptyReturnRefund(),
      { stationId: scope.stationId, deltaMinor: d.deltaMinor, lines: d.recommendation.lines },
      due,
    );
    s.state = judged.state;
    s.currency ??= d.recommendation.currency;
    verdicts.set(d.id, judged.verdict);
    if (judged.conflict) {
      s.conflictId = `refund-conflict:${d.id}`;
      conflicts.push({
        id: s.conflictId,
        kind: 'refund_conflict',
        status: 'open',
        rmaNo: d.rmaNo,
        parcelId: d.parcelId,
        details: judged.conflict,
        createdAt: d.decidedAt,
      });
    }
  }
  const updated = [...state.values()].map((s) => ({
    rma_no: s.row.rma_no,
    currency: s.currency,
    due_minor: s.state.dueMinor,
    held_minor: s.state.heldMinor,
    accepted: s.state.accepted,
    lines: s.lines,
    conflict_id: s.conflictId,
  }));
  await client.query({
    name: 'return-refunds-write',
    text: `with updated as (
             update return_refunds rr set currency = v.currency, due_minor = v.due_minor, held_minor = v.held_minor, accepted = v.accepted, lines = v.lines, conflict_id = v.conflict_id
             from jsonb_to_recordset($2::jsonb->'updated') as v(rma_no text, currency text, due_minor bigint, held_minor bigint, accepted jsonb, lines jsonb, conflict_id text)
             where rr.warehouse_id = $1 and rr.rma_no = any($5::text[]) and rr.rma_no = v.rma_no
           ), owners as (
             insert into record_owners (warehouse_id, kind, id, station_id, install_id, at)
             select $1, 'exception', x->>'id', $4, null, (x->>'createdAt')::timestamptz from jsonb_array_elements($2::jsonb->'conflicts') x
           )
           insert into exceptions (warehouse_id, exception_id, created_at, station_id, kind, status, parcel_id, rma_no, payload)
           select $1, x->>'id', (x->>'createdAt')::timestamptz, $3, 'refund_conflict', 'open', x->>'parcelId', x->>'rmaNo', x from jsonb_array_elements($2::jsonb->'conflicts') x`,
    values: [scope.warehouseId, JSON.stringify({ updated, conflicts }), scope.stationId, HQ_OWNER, rmas],
  });
  return verdicts;
}
