import { claim } from '../owners';
import type { Payload } from '../parse';
import type { RecordType } from '../record-type';
import { judgeRefunds } from '../refunds-across-stations';
import { insertReturnSteps, refundStepName, step } from '../return-steps';
import { parcelCarries } from './parcels';

const refundStep = (scope: Parameters<typeof step>[0], d: Payload) =>
  step(scope, d.rmaNo, d.exchange ? 'exchange_decided' : 'refund_recommended', d.decidedAt, {
    seq: d.seq,
    currency: d.recommendation.currency,
    totalMinor: d.recommendation.totalMinor,
    deltaMinor: d.deltaMinor,
    status: d.recommendation.status,
    ...(d.exchange ? { exchange: d.exchange.status } : {}),
  });

/**
 * A refund (or exchange) decision for a return this station received in that parcel. HQ judges it across
 * the warehouse's stations before it counts: past what the return is due, it is held (`on_hold`) and the
 * customer's step says so.
 */
const decided: RecordType = {
  async apply(ctx, d) {
    const { client, scope } = ctx;
    await parcelCarries(ctx, d.parcelId, d.rmaNo);
    if (await claim(client, scope, 'refund', d.id, d.decidedAt)) return;
    const verdict = (await judgeRefunds(client, scope, [d])).get(d.id)!;
    await client.query(
      `insert into refund_decisions (warehouse_id, decision_id, decided_at, station_id, rma_no, parcel_id, seq, cause, currency, delta_minor, total_minor, status, payload, hq_status, due_on)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) on conflict do nothing`,
      [
        scope.warehouseId,
        d.id,
        d.decidedAt,
        scope.stationId,
        d.rmaNo,
        d.parcelId,
        d.seq,
        d.cause,
        d.recommendation.currency,
        d.deltaMinor,
        d.recommendation.totalMinor,
        d.recommendation.status,
        ctx.item.sent,
        verdict,
        d.dueOn ?? null,
      ],
    );
    const s = refundStep(scope, d);
    await insertReturnSteps(client, scope, [{ ...s, rmaNo: d.rmaNo, step: refundStepName(s.step, verdict) }]);
  },
  fold(seg, d, item) {
    seg.naming(d.parcelId, d.rmaNo);
    if (!seg.claim('refund', d.id, d.decidedAt)) return;
    seg.plan.refunds.push({
      decision_id: d.id,
      decided_at: d.decidedAt,
      rma_no: d.rmaNo,
      parcel_id: d.parcelId,
      seq: d.seq,
      cause: d.cause,
      currency: d.recommendation.currency,
      delta_minor: d.deltaMinor,
      total_minor: d.recommendation.totalMinor,
      status: d.recommendation.status,
      due_on: d.dueOn ?? null,
      log_seq: item.seq,
    });
    seg.plan.decisions.push(d);
    seg.steps([{ ...refundStep(seg.scope, d), decision: d.id }]);
  },
};

export const REFUND_RECORDS = { 'refund.decided': decided } satisfies Record<string, RecordType>;
