import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { addWarehouse, issueEnrolmentCode } from '../../../hq/src/admin';
import { freshPostgresOrSkip } from '../hq-database';
import { startHqProcess, type HqProcess } from '../hq-process';
import { parcelRecords, stationRecords } from '../station-records';
import { percentile, type Scenario } from './types';

const rssMb = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** Runs `work(i)` for i < n with at most `limit` in flight. */
async function bounded(n: number, limit: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/**
 * 2b. A company's fleet: 1 000 stations in 10 warehouses push their day at once through one load process
 * (bounded concurrency) against two HQ node processes sharing one PostgreSQL. Every record must land
 * exactly once.
 */
export const hqFleetScenario: Scenario = {
  id: 'hq-fleet',
  title: '2b. HQ fleet: 1 000 stations pushing at once against two HQ processes',
  async run({ quick }) {
    const hq = await freshPostgresOrSkip('two HQ processes need a shared server');
    const nodes: HqProcess[] = [];
    try {
      const stations = 1000;
      const perStation = quick ? 60 : 300;
      const batch = 30;
      const inFlight = 64;
      nodes.push(await startHqProcess(hq.url), await startHqProcess(hq.url));
      const template = await parcelRecords();
      const fleet: { warehouseId: string; stationId: string; code: string; installId: string; token?: string; lpnPrefix?: string }[] = [];
      for (let w = 0; w < 10; w++) await addWarehouse(hq.pool, `WH-${String(w).padStart(2, '0')}`, `bench ${w}`);
      for (let i = 0; i < stations; i++) {
        const warehouseId = `WH-${String(i % 10).padStart(2, '0')}`;
        const stationId = `DOCK-${String(i).padStart(4, '0')}`;
        fleet.push({ warehouseId, stationId, code: await issueEnrolmentCode(hq.pool, warehouseId, stationId), installId: randomUUID() });
      }
      await bounded(stations, inFlight, async (i) => {
        const s = fleet[i]!;
        const res = await fetch(`${nodes[i % 2]!.url}/v1/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ warehouseId: s.warehouseId, stationId: s.stationId, code: s.code, installId: s.installId }),
        });
        if (!res.ok) throw new Error(`enrolment refused: ${res.status} ${await res.text()}`);
        Object.assign(s, (await res.json()) as { token: string; lpnPrefix: string });
      });

      let peak = [0, 0];
      const sampler = setInterval(() => (peak = nodes.map((n, k) => Math.max(peak[k]!, rssMb(n.child.pid!, 'VmRSS')))), 200);
      const latencies: number[] = [];
      const t0 = performance.now();
      // Each station sends its day in order, one batch after another, alternating between the two nodes.
      await bounded(stations, inFlight, async (i) => {
        const s = fleet[i]!;
        const items = stationRecords(template, perStation, s.lpnPrefix!);
        for (let from = 0; from < items.length; from += batch) {
          const started = performance.now();
          const res = await fetch(`${nodes[(i + from / batch) % 2]!.url}/v1/sync/push`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
            body: JSON.stringify({ installId: s.installId, items: items.slice(from, from + batch), audit: [] }),
          });
          if (!res.ok) throw new Error(`push refused: ${res.status} ${await res.text()}`);
          const body = (await res.json()) as { ackSeq: number; rejected: unknown[] };
          if (body.rejected.length || body.ackSeq !== Math.min(from + batch, items.length))
            throw new Error(`push answered ${JSON.stringify(body).slice(0, 200)}`);
          latencies.push(performance.now() - started);
        }
      });
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const total = stations * perStation;
      const kept = Number((await hq.pool.query('select count(*) from sync_items')).rows[0].count);
      const units = Number((await hq.pool.query('select count(*) from units')).rows[0].count);
      if (kept !== total) throw new Error(`HQ kept ${kept} records of ${total}`);
      const hwm = nodes.map((n) => rssMb(n.child.pid!, 'VmHWM'));
      return {
        figures: {
          stations,
          records: total,
          records_per_s: Math.round(total / seconds),
          push_p50_ms: percentile(latencies, 50),
          push_p99_ms: percentile(latencies, 99),
          hq_rss_peak_mb: Math.round(Math.max(...hwm, ...peak)),
        },
        target: 'every record exactly once; figures for the step to hundreds of warehouses',
        met: kept === total,
        note: `${stations} stations × ${perStation} records in batches of ${batch}, ${inFlight} in flight, 2 HQ nodes (pool of 10 each) on one PostgreSQL; ${kept} records kept once each, ${units} units; per-node peak RSS ${hwm.map((m) => `${Math.round(m)} MB`).join(' / ')}`,
      };
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      await hq.drop();
    }
  },
};
