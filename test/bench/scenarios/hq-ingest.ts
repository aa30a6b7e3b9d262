import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { addWarehouse, issueEnrolmentCode } from '../../../hq/src/admin';
import { buildHq } from '../../../hq/src/server';
import { PUSH_BATCH_MAX } from '../../../shared/sync/protocol';
import { freshHqDatabase } from '../../helpers/hq-database';
import { Skipped, type Scenario } from './types';

const opened = (seq: number, at: string) => ({
  seq,
  type: 'parcel.opened',
  v: 1,
  createdAt: at,
  payload: { id: `bench-parcel-${seq}`, stationId: 'BENCH-1', scanned: 'RMA-2026A0001', match: { kind: 'rma', rmaNo: 'RMA-2026A0001', by: 'rma' }, rmaNos: ['RMA-2026A0001'], trackingNumber: null, carrier: null, openedAt: at, clerkId: 'C001' },
});

const csv = (v: unknown) => (v === null ? '\\N' : `"${String(v).replace(/"/g, '""')}"`);

/** 2. HQ ingest through the real push endpoint (HTTP on loopback) vs PostgreSQL COPY of the same rows. */
export const hqIngestScenario: Scenario = {
  id: 'hq-ingest',
  title: '2. HQ ingest: the real push endpoint vs COPY of the same rows (PostgreSQL)',
  async run({ quick }) {
    const hq = await freshHqDatabase();
    if (hq.kind !== 'postgresql') {
      await hq.drop();
      throw new Skipped('no PostgreSQL answered (COPY needs a server; PGlite is not measured)');
    }
    const app = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 1_000_000, enrolPerMinute: 1000, failedAuthPerMinute: 1000 } });
    try {
      const n = quick ? 5_000 : 20_000;
      const at = new Date().toISOString();
      const items = Array.from({ length: n }, (_, i) => opened(i + 1, at));
      await addWarehouse(hq.pool, 'WH-BENCH', 'bench');
      const installId = randomUUID();
      const code = await issueEnrolmentCode(hq.pool, 'WH-BENCH', 'BENCH-1');
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const enrol = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ warehouseId: 'WH-BENCH', stationId: 'BENCH-1', code, installId }) });
      const { token } = (await enrol.json()) as { token: string };
      const t0 = performance.now();
      for (let i = 0; i < n; i += PUSH_BATCH_MAX) {
        const res = await fetch(`${url}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ installId, items: items.slice(i, i + PUSH_BATCH_MAX), audit: [] }) });
        if (!res.ok) throw new Error(`push refused: ${res.status} ${await res.text()}`);
      }
      const pushPerS = n / ((performance.now() - t0) / 1000);

      // The same rows, the fastest way PostgreSQL takes them: COPY into the record log and the parcels table.
      const client = await hq.pool.connect();
      const t1 = performance.now();
      try {
        const copyInstall = randomUUID();
        await pipeline(
          Readable.from(items.map((it) => `${['WH-BENCH', 'BENCH-COPY', copyInstall, it.seq, it.type, it.v, JSON.stringify(it.payload), it.createdAt].map(csv).join(',')}\n`)),
          client.query(copyFrom("copy sync_items (warehouse_id, station_id, install_id, seq, type, v, payload, created_at) from stdin with (format csv, null '\\N')")),
        );
        await pipeline(
          Readable.from(items.map((it) => `${['WH-BENCH', `copy-${it.payload.id}`, it.payload.openedAt, 'BENCH-COPY', 'open', '{RMA-2026A0001}', null, null, 'C001'].map(csv).join(',')}\n`)),
          client.query(copyFrom("copy parcels (warehouse_id, parcel_id, opened_at, station_id, status, rma_nos, tracking_number, carrier, clerk_id) from stdin with (format csv, null '\\N')")),
        );
      } finally {
        client.release();
      }
      const copyPerS = n / ((performance.now() - t1) / 1000);
      const ratio = pushPerS / copyPerS;
      return {
        figures: { records: n, push_records_per_s: Math.round(pushPerS) },
        baseline: { copy_records_per_s: Math.round(copyPerS) },
        ratio,
        target: 'push ≥ 0.5× COPY',
        met: ratio >= 0.5,
        note: 'not measured yet: a 100 000-record backlog with the station’s memory, 1 000 stations against two HQ processes',
      };
    } finally {
      await app.close();
      await hq.drop();
    }
  },
};
