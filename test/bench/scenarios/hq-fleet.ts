import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { addWarehouse, issueEnrolmentCode } from '../../../hq/src/admin';
import { postgresCpu, postgresCpuSince, processCpuMs } from '../cpu';
import { ACTION_MS_NOTE, PARCEL_MS, RECORDS_PER_S, pacedFleet, type FleetStation } from '../fleet/paced-stations';
import { freshPostgresOrSkip } from '../hq-database';
import { startHqProcess, type HqProcess } from '../hq-process';
import { parcelRecords } from '../station-records';
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

/** The two real stations and the shop's webhook, in their own process (test/bench/fleet/real-stations.ts). */
async function startRealStations() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/fleet/real-stations.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waitFor = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const on = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off('line', on);
        resolve(line.slice(prefix.length).trim());
      };
      lines.on('line', on);
      child.once('exit', (code) => reject(new Error(`the real stations exited (${code})`)));
    });
  const webhook = await waitFor('WEBHOOK');
  return {
    webhook,
    async start(stations: { hq: string; warehouseId: string; stationId: string; code: string }[]) {
      child.stdin!.write(`${JSON.stringify({ stations })}\n`);
      await waitFor('READY');
    },
    async stop(): Promise<{ delivered: { acceptedAt: number; ms: number }[]; missing: number }> {
      const result = waitFor('RESULT');
      child.stdin!.write('stop\n');
      return JSON.parse(await result);
    },
    kill: () => child.kill(),
  };
}

/**
 * 2b. A company's fleet against two HQ processes and one PostgreSQL: simulated stations at a dock's peak
 * pace, brought on in steps up to 10 000 (quick: 2 500), each pushing as the engine does; two real
 * stations beside them time a refund from the dock to the shop's webhook. Every record must land once.
 */
export const hqFleetScenario: Scenario = {
  id: 'hq-fleet',
  title: '2b. HQ fleet: up to 10 000 stations at a dock’s peak pace against two HQ processes; dock to webhook beside them',
  async run({ quick }) {
    const hq = await freshPostgresOrSkip('two HQ processes need a shared server');
    const steps = quick ? [1000, 2500] : [1250, 2000, 2500, 5000, 10_000];
    const stepMs = quick ? 20_000 : 40_000;
    const settleMs = 8_000;
    const stations = steps.at(-1)!;
    const real = await startRealStations();
    const nodes: HqProcess[] = [];
    try {
      nodes.push(await startHqProcess(hq.url, { HQ_WEBHOOK_URL: real.webhook }), await startHqProcess(hq.url, { HQ_WEBHOOK_URL: real.webhook }));
      for (let w = 0; w < 10; w++) await addWarehouse(hq.pool, `WH-${String(w).padStart(2, '0')}`, `bench ${w}`);
      const fleet: FleetStation[] = new Array(stations);
      await bounded(stations, 32, async (i) => {
        const warehouseId = `WH-${String(i % 10).padStart(2, '0')}`;
        const stationId = `DOCK-${String(i).padStart(5, '0')}`;
        const code = await issueEnrolmentCode(hq.pool, warehouseId, stationId);
        const installId = randomUUID();
        const hqUrl = nodes[i % 2]!.url;
        const res = await fetch(`${hqUrl}/v1/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ warehouseId, stationId, code, installId }),
        });
        if (!res.ok) throw new Error(`enrolment refused: ${res.status} ${await res.text()}`);
        const { token, lpnPrefix } = (await res.json()) as { token: string; lpnPrefix: string };
        fleet[i] = { hq: hqUrl, token, installId, lpnPrefix };
      });
      await real.start(
        await Promise.all(
          [0, 1].map(async (k) => ({
            hq: nodes[k]!.url,
            warehouseId: `WH-0${k}`,
            stationId: `REAL-${k + 1}`,
            code: await issueEnrolmentCode(hq.pool, `WH-0${k}`, `REAL-${k + 1}`),
          })),
        ),
      );

      const load = pacedFleet(await parcelRecords(), fleet);
      let peak = [0, 0];
      const sampler = setInterval(() => (peak = nodes.map((n, k) => Math.max(peak[k]!, rssMb(n.child.pid!, 'VmRSS')))), 250);
      const measured: { stations: number; from: number; to: number; fromWall: number; toWall: number; hqCpuMs: number; pgCpuMs: number }[] = [];
      for (const n of steps) {
        load.activate(n);
        await new Promise((r) => setTimeout(r, settleMs));
        const cpu0 = nodes.reduce((s, x) => s + processCpuMs(x.child.pid!)!, 0);
        const pg0 = postgresCpu();
        const from = performance.now();
        const fromWall = Date.now();
        await new Promise((r) => setTimeout(r, stepMs - settleMs));
        const hqCpuMs = nodes.reduce((s, x) => s + processCpuMs(x.child.pid!)!, 0) - cpu0;
        const pgCpuMs = postgresCpuSince(pg0);
        measured.push({ stations: n, from, to: performance.now(), fromWall, toWall: Date.now(), hqCpuMs, pgCpuMs });
      }
      const dock = await real.stop();
      const written = await load.drain();
      clearInterval(sampler);
      if (load.errors.length) throw new Error(`${load.errors.length} pushes failed: ${load.errors.slice(0, 3).join(' | ')}`);
      const kept = Number((await hq.pool.query("select count(*) from sync_items where station_id like 'DOCK-%'")).rows[0].count);
      if (kept !== written) throw new Error(`HQ kept ${kept} of the fleet's ${written} records`);

      const per = measured.map((m) => {
        const pushes = load.pushes.filter((p) => p.startedAt >= m.from && p.startedAt < m.to);
        const seconds = (m.to - m.from) / 1000;
        const toWebhook = dock.delivered.filter((d) => d.acceptedAt >= m.fromWall && d.acceptedAt < m.toWall).map((d) => d.ms);
        return {
          stations: m.stations,
          pushP50: percentile(
            pushes.map((p) => p.ms),
            50,
          ),
          pushP99: percentile(
            pushes.map((p) => p.ms),
            99,
          ),
          recordsPerS: pushes.reduce((s, p) => s + p.records, 0) / seconds,
          pushesPerS: pushes.length / seconds,
          hqCores: m.hqCpuMs / 1000 / seconds,
          pgCores: m.pgCpuMs / 1000 / seconds,
          cpuMsPerPush: (m.hqCpuMs + m.pgCpuMs) / Math.max(pushes.length, 1),
          webhookP99: toWebhook.length ? percentile(toWebhook, 99) : Number.NaN,
          webhooks: toWebhook.length,
        };
      });
      const last = per.at(-1)!;
      const within = per.filter((p) => p.pushP99 <= 1000).at(-1);
      const cores = os.cpus().length;
      const hwm = nodes.map((n) => rssMb(n.child.pid!, 'VmHWM'));
      const fmt = (x: number) => (Number.isFinite(x) ? Math.round(x) : '—');
      return {
        figures: {
          stations,
          fleet_push_p50_ms: last.pushP50,
          fleet_push_p99_ms: last.pushP99,
          records_per_s: Math.round(last.recordsPerS),
          pushes_per_s: Math.round(last.pushesPerS),
          dock_to_webhook_p99_ms: last.webhookP99,
          stations_within_1s_per_core: within ? Math.round(within.stations / cores) : 0,
          hq_rss_peak_mb: Math.round(Math.max(...hwm, ...peak)),
          records: written,
        },
        target: 'every record once; push p99 ≤ 1 s at 10 000 stations; dock to webhook p99 ≤ 5 s',
        met: kept === written && last.pushP99 <= 1000 && last.webhookP99 <= 5000,
        note: `a station's pace: a parcel every ${PARCEL_MS / 1000} s (the generator's day: a unit every 15 s, two to a parcel), ${ACTION_MS_NOTE}, ${RECORDS_PER_S} records/s; pushes as the engine sends them (at once, one on the way, coalescing); per step (stations: push p50/p99 ms, records/s, pushes/s, CPU in cores of the HQ processes + PostgreSQL, their CPU per push, dock→webhook p99 ms over n refunds): ${per
          .map(
            (p) =>
              `${p.stations}: ${fmt(p.pushP50)}/${fmt(p.pushP99)}, ${fmt(p.recordsPerS)}/s, ${fmt(p.pushesPerS)}/s, ${p.hqCores.toFixed(2)} + ${p.pgCores.toFixed(2)} cores, ${p.cpuMsPerPush.toFixed(1)} ms a push, ${fmt(p.webhookP99)} ms (${p.webhooks})`,
          )
          .join(
            '; ',
          )}; ${dock.missing} refunds had not reached the webhook a minute after the load stopped (counted with the time they waited: a lower bound); stations within p99 ≤ 1 s per core: the largest step within it ÷ the machine's ${cores} cores (shared by both HQ processes, PostgreSQL, the simulated stations and the real ones); ${kept} records kept once each; per-node peak RSS ${hwm.map((m) => `${Math.round(m)} MB`).join(' / ')}`,
      };
    } finally {
      real.kill();
      await Promise.all(nodes.map((n) => n.stop()));
      await hq.drop();
    }
  },
};
