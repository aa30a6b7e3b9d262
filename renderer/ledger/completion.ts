import { StationError } from '../../shared/errors';
import { checkParcelWeight, type ExceptionDraft, type GiftCheck } from '../../shared/returns';
import type { ExceptionRow, ParcelRow, RefundDecisionRow, StationDb } from '../db/station-db';
import { exceptionRow, iso, RECEIVING_TABLES, raiseExceptions } from './common';
import { policyFor } from './policies';
import { closeSettledParcels, resolveExceptionRows } from './held';
import { HQ_TASK_TABLES, openCarrierClaim, openVirtualGiftReversals } from './hq-tasks';
import { recordUserAction, type Actor, type OutboxItem } from './record-action';
import { decideRefund } from './refunds';

export interface ParcelCompletion {
  parcel: ParcelRow;
  /** One refund decision per return in the parcel that the station knows. */
  decisions: RefundDecisionRow[];
  /** The parcel's exceptions still open (raised at acceptance or now). */
  openExceptions: ExceptionRow[];
}

/**
 * Gift outcomes become exceptions once: a gift still missing after an earlier parcel raised it is not
 * raised again, and one that has since arrived resolves the earlier exception by itself.
 */
async function giftExceptions(db: StationDb, rmaNo: string, parcelId: string, gifts: GiftCheck[], at: string, who: string) {
  const open = await db.exceptions
    .where('rmaNo')
    .equals(rmaNo)
    .filter((x) => x.status === 'open' && (x.kind === 'gift_missing' || x.kind === 'gift_extra'))
    .toArray();
  const raise: ExceptionRow[] = [];
  const resolve: ExceptionRow[] = [];
  for (const g of gifts) {
    for (const [kind, now] of [
      ['gift_missing', g.outcome === 'missing'],
      ['gift_extra', g.tasks.some((t) => t.kind === 'return_extra')],
    ] as const) {
      const earlier = open.find((x) => x.kind === kind && x.lineId === g.giftLineId);
      if (now && !earlier) raise.push(exceptionRow({ kind, lineId: g.giftLineId, details: g.reasons }, at, { parcelId, rmaNo }));
      if (!now && earlier) resolve.push(earlier);
    }
  }
  const resolved = await resolveExceptionRows(db, resolve, `settled by a later parcel (${parcelId})`, who, at);
  // The earlier parcel this settled is not held any more, whatever day it came in.
  const closed = await closeSettledParcels(
    db,
    resolve.map((x) => x.parcelId).filter((id) => id !== parcelId),
    at,
    who,
  );
  return { rows: raise, raised: await raiseExceptions(db, raise), resolved: [...resolved, ...closed] };
}

/**
 * Completes the parcel in one transaction: each of its returns is settled over every unit received for
 * it in any parcel (one more refund decision each), gift outcomes and the parcel's weight are checked,
 * and the parcel is closed — or held while any of its exceptions is open. An empty parcel is completed
 * only when the clerk confirms it is empty (`confirmEmpty`), and then raises an exception.
 */
export function completeParcel(db: StationDb, actor: Actor, input: { parcelId: string; confirmEmpty?: boolean; now?: Date }): Promise<ParcelCompletion> {
  const now = input.now ?? new Date();
  const at = iso(now);
  return recordUserAction(
    db,
    actor,
    [...RECEIVING_TABLES, ...HQ_TASK_TABLES],
    async () => {
      const parcel = await db.parcels.get(input.parcelId);
      if (!parcel || (parcel.status !== 'open' && parcel.status !== 'inspecting'))
        throw new StationError('parcel_not_open', 'This parcel is already complete.');
      if (parcel.pending) throw new StationError('finish_inspection', 'An item is still being inspected: accept it or drop it first.');
      const units = await db.units.where('parcelId').equals(parcel.id).toArray();
      if (units.length === 0 && !input.confirmEmpty)
        throw new StationError('parcel_empty', 'No item was scanned in this parcel. Scan its items, or confirm it arrived empty.');

      // In the order they were raised: at acceptance (oldest first), then by this completion.
      const earlier = (
        await db.exceptions
          .where('parcelId')
          .equals(parcel.id)
          .filter((x) => x.status === 'open')
          .toArray()
      ).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const giftRows: ExceptionRow[] = [];
      const outbox: OutboxItem[] = [];
      const drafts: ExceptionDraft[] = [];
      if (units.length === 0) drafts.push({ kind: 'empty_parcel', details: [] });

      const decisions: RefundDecisionRow[] = [];
      for (const rmaNo of parcel.rmaNos) {
        try {
          const decided = await decideRefund(db, actor, { rmaNo, parcelId: parcel.id, cause: 'parcel', now });
          if (!decided) continue;
          decisions.push(decided.decision);
          outbox.push(decided.outbox);
          const gifts = await giftExceptions(db, rmaNo, parcel.id, decided.settlement.gifts, at, actor.who);
          outbox.push(...gifts.raised, ...gifts.resolved);
          giftRows.push(...gifts.rows);
          // Coupons and points that came with the order: HQ reverses them, within the policy's hours.
          outbox.push(...(await openVirtualGiftReversals(db, decided.expected, decided.settlement.gifts, decided.policy, parcel.id, at, actor.who)));
        } catch (err) {
          // A return under a policy this station does not hold is not decided here: a manager is asked.
          if (!(err instanceof StationError) || err.code !== 'policy_unknown') throw err;
          drafts.push({ kind: 'policy_unknown', details: [] });
        }
      }

      if (parcel.weight && units.length > 0) {
        const lines = new Map<string, number | undefined>();
        for (const rmaNo of parcel.rmaNos)
          for (const l of (await db.expectedReturns.get(rmaNo))?.lines ?? []) lines.set(`${rmaNo}/${l.lineId}`, l.unitWeightGrams);
        const items = await Promise.all(
          units.map(async (u) => {
            const catalog = u.scan.gtin ? await db.catalog.get(u.scan.gtin) : undefined;
            const ordered = (u.match === 'matched' || u.match === 'serial_mismatch') && u.rmaNo && u.expectedLineId;
            return {
              qty: u.qty,
              unitWeightGrams: ordered ? (lines.get(`${u.rmaNo}/${u.expectedLineId}`) ?? catalog?.unitWeightGrams) : catalog?.unitWeightGrams,
              sigma: catalog?.unitWeightSigmaGrams,
            };
          }),
        );
        const policy = await policyFor(db, parcel.rmaNos[0] ? await db.expectedReturns.get(parcel.rmaNos[0]) : undefined).catch(() => undefined);
        if (policy) {
          const weight = checkParcelWeight({
            parcelGrams: parcel.weight.grams,
            items: items.map((i) => ({
              qty: i.qty,
              ...(i.unitWeightGrams ? { unitWeightGrams: i.unitWeightGrams } : {}),
              ...(i.sigma !== undefined ? { unitWeightSigmaGrams: i.sigma } : {}),
            })),
            policy,
          });
          if (weight.ok) drafts.push(...weight.value.exceptions);
        }
      }
      // What the carrier damaged: a claim for HQ to make, with the parcel's weight and photos.
      const returns = (await db.expectedReturns.bulkGet(parcel.rmaNos)).filter((r) => r !== undefined);
      outbox.push(...(await openCarrierClaim(db, parcel, units, returns, at, actor.who)));
      const fresh = drafts.map((d) => exceptionRow(d, at, { parcelId: parcel.id, rmaNo: parcel.rmaNos.length === 1 ? parcel.rmaNos[0] : undefined }));
      outbox.push(...(await raiseExceptions(db, fresh)));
      const openExceptions = [...earlier, ...giftRows, ...fresh];
      const status = openExceptions.length > 0 ? ('held' as const) : ('closed' as const);
      const completed: ParcelRow = { ...parcel, status, closedAt: at };
      await db.parcels.put(completed);
      return {
        result: { parcel: completed, decisions, openExceptions },
        record: {
          action: 'parcel.complete',
          entity: 'parcel',
          entityId: parcel.id,
          after: {
            status: completed.status,
            units: units.length,
            exceptions: openExceptions.map((x) => x.kind),
            refunds: decisions.map((d) => ({ rmaNo: d.rmaNo, totalMinor: d.recommendation.totalMinor, deltaMinor: d.deltaMinor })),
          },
          outbox: [
            {
              type: 'parcel.completed',
              payload: {
                id: parcel.id,
                status,
                rmaNos: parcel.rmaNos,
                units: units.map((u) => u.lpn),
                refundDecisions: decisions.map((d) => d.id),
                exceptions: openExceptions.map((x) => x.id),
                closedAt: at,
              },
            },
            ...outbox,
          ],
        },
      };
    },
    now,
  );
}
