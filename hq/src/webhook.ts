import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { request } from 'undici';
import { inTransaction } from './db';

export interface WebhookOptions {
  url: string;
  /** Signs each body (HMAC-SHA256, header x-returns-signature) so the receiver knows it is HQ. */
  secret: string;
  batch?: number;
  timeoutMs?: number;
}

const BACKOFF_S = [10, 30, 60, 300, 900, 3600];

export const signBody = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Returns whose events are posted at the same time in one round (one return's events always in order). */
const RETURNS_AT_ONCE = 16;

/**
 * One round: posts the due return events (several HQ nodes share the work: rows are locked with SKIP
 * LOCKED). At least once — each carries its id as an idempotency key. One return's events go in order, a
 * failure making its later steps wait behind it (so the customer never sees them out of order, and a failing
 * one waits longer each time); different returns go side by side, and what was delivered is marked in one
 * statement.
 */
export async function deliverReturnEvents(pool: pg.Pool, options: WebhookOptions): Promise<{ delivered: number; failed: number }> {
  return inTransaction(pool, async (client) => {
    const due = await client.query(
      `select e.id, e.warehouse_id, e.rma_no, e.step, e.at, e.detail, e.attempts from return_events e
       where e.delivered_at is null and e.next_attempt_at <= now()
         and not exists (select 1 from return_events b where b.delivered_at is null and b.warehouse_id = e.warehouse_id and b.rma_no = e.rma_no and b.id < e.id and b.next_attempt_at > now())
       order by e.id limit $1 for update skip locked`,
      [options.batch ?? 50],
    );
    const byReturn = new Map<string, (typeof due.rows)[number][]>();
    for (const e of due.rows) {
      const key = `${e.warehouse_id}|${e.rma_no}`;
      byReturn.set(key, [...(byReturn.get(key) ?? []), e]);
    }
    const delivered: string[] = [];
    const failed: { id: string; attempts: number; error: string }[] = [];
    const post = async (e: (typeof due.rows)[number]): Promise<string | null> => {
      const body = JSON.stringify({ id: String(e.id), warehouseId: e.warehouse_id, rmaNo: e.rma_no, step: e.step, at: e.at.toISOString(), detail: e.detail });
      try {
        // undici's request, not fetch: half the CPU a post (a busy HQ posts hundreds a second), twice the posts a round.
        const res = await request(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': String(e.id), 'x-returns-signature': signBody(options.secret, body) },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        await res.body.dump();
        return res.statusCode >= 200 && res.statusCode < 300 ? null : `HTTP ${res.statusCode}`;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    };
    const returns = [...byReturn.values()];
    await Promise.all(
      Array.from({ length: Math.min(RETURNS_AT_ONCE, returns.length) }, async () => {
        for (let events = returns.shift(); events; events = returns.shift()) {
          for (const e of events) {
            const error = await post(e);
            if (error === null) {
              delivered.push(String(e.id));
              continue;
            }
            failed.push({ id: String(e.id), attempts: e.attempts, error });
            break; // its later steps wait behind it
          }
        }
      }),
    );
    if (delivered.length > 0)
      await client.query('update return_events set delivered_at = now(), attempts = attempts + 1, last_error = null where id = any($1::bigint[])', [delivered]);
    for (const f of failed) {
      const wait = BACKOFF_S[Math.min(f.attempts, BACKOFF_S.length - 1)]!;
      await client.query(
        'update return_events set attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) where id = $1',
        [f.id, f.error.slice(0, 500), wait],
      );
    }
    return { delivered: delivered.length, failed: failed.length };
  });
}

/**
 * A refund HQ let through that passed its due day (the station gave the day, in business days from its own
 * receipt) makes one `refund_overdue` step for the customer's webhook. Returns how many.
 */
export async function queueOverdueRefunds(pool: pg.Pool): Promise<number> {
  const r = await pool.query(
    `with overdue as (
       update refund_decisions set overdue_told_at = now()
       where due_on is not null and due_on < (now() at time zone 'UTC')::date and overdue_told_at is null and hq_status in ('due', 'released') and delta_minor > 0
       returning warehouse_id, rma_no, station_id, decision_id, currency, delta_minor, due_on
     )
     insert into return_events (warehouse_id, rma_no, step, at, detail)
     select warehouse_id, rma_no, 'refund_overdue', now(), jsonb_build_object('station', station_id, 'decisionId', decision_id, 'currency', currency, 'deltaMinor', delta_minor, 'dueOn', due_on::text) from overdue`,
  );
  return r.rowCount ?? 0;
}

/**
 * Delivers in the background until stopped: every few seconds, and at once when woken (a push just wrote
 * return steps) — one round at a time, a wake during a round starting the next straight after it.
 */
export function startWebhookDispatcher(pool: pg.Pool, options: WebhookOptions & { intervalMs?: number; onError?(err: unknown): void }) {
  let stopped = false;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let overdueCheckedAt = Number.NEGATIVE_INFINITY;
  const tick = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = true;
    let next = options.intervalMs ?? 3000;
    try {
      // Due days pass by the day: looked for at the round's pace, not on every wake-up.
      if (Date.now() - overdueCheckedAt >= (options.intervalMs ?? 3000)) {
        overdueCheckedAt = Date.now();
        await queueOverdueRefunds(pool);
      }
      const r = await deliverReturnEvents(pool, options);
      if (r.delivered > 0) next = 0;
    } catch (err) {
      options.onError?.(err);
    } finally {
      running = false;
    }
    if (again && next > 0) next = 0;
    again = false;
    if (!stopped) timer = setTimeout(() => void tick(), next);
  };
  void tick();
  return {
    /** Steps are waiting: deliver now rather than at the next round. */
    wake() {
      void tick();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
