import type pg from 'pg';
import type { PushScope } from './scope';

/**
 * A step of a return as customer service and the webhook see it: received at the dock, a unit decided, a
 * refund recommended (or held at HQ, or an exchange decided), the day closed. `rmaNo` undefined: the return
 * HQ's row of the record's unit came back on. `decision`: a refund's step, named by HQ's verdict on it.
 */
export interface ReturnStep {
  rmaNo?: string;
  step: string;
  at: string;
  detail: Record<string, unknown>;
  decision?: string;
}

export const step = (scope: PushScope, rmaNo: string | undefined, name: string, at: string, detail: Record<string, unknown>): ReturnStep => ({
  ...(rmaNo !== undefined ? { rmaNo } : {}),
  step: name,
  at,
  detail: { station: scope.stationId, ...detail },
});

/** A refund's step once HQ judged it across stations: held for a person, or recommended as decided. */
export const refundStepName = (name: string, verdict: 'due' | 'on_hold' | undefined) =>
  name === 'refund_recommended' && verdict === 'on_hold' ? 'refund_on_hold' : name;

/** Queues return steps for the webhook, in the order given, in one statement. */
export async function insertReturnSteps(client: pg.ClientBase, scope: PushScope, steps: (ReturnStep & { rmaNo: string })[]) {
  if (steps.length === 0) return;
  await client.query(
    `insert into return_events (warehouse_id, rma_no, step, at, detail)
     select $1, e.rma_no, e.step, e.at, e.detail from unnest($2::text[], $3::text[], $4::timestamptz[], $5::jsonb[]) with ordinality as e(rma_no, step, at, detail, n) order by e.n`,
    [scope.warehouseId, steps.map((e) => e.rmaNo), steps.map((e) => e.step), steps.map((e) => e.at), steps.map((e) => JSON.stringify(e.detail))],
  );
}
