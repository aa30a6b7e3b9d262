/**
 * Dock to customer: a parcel completed at an online station reaches the shop's webhook as "refund
 * recommended" without waiting for either side's next tick — the station pushes a new record as it is
 * written, and the push that lands wakes HQ's dispatcher. Both ticks are set to ten minutes here: only the
 * wake-ups can deliver it within the test's time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWarehouse } from '../../hq/src/admin';
import { buildHq } from '../../hq/src/server';
import { startWebhookDispatcher } from '../../hq/src/webhook';
import { completeParcel, syncCursor } from '../../renderer/ledger';
import { startSyncEngine } from '../../renderer/sync/sync-engine';
import { enrolStation, engineApi } from '../helpers/enrolled-station';
import { freshHqDatabase } from '../helpers/hq-database';
import { dressReturn } from '../helpers/returns';
import { receiveParcel, seed, takeItem } from '../helpers/receive-flow';
import { useStationDbs } from '../helpers/station-db';

const TEN_MINUTES = 600_000;
const stationDbs = useStationDbs();
let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let app: FastifyInstance;
let url: string;
let dataDir: string;
let receiver: Server;
const steps: { rmaNo: string; step: string }[] = [];
let dispatcher: ReturnType<typeof startWebhookDispatcher>;

beforeAll(async () => {
  hq = await freshHqDatabase();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      steps.push(JSON.parse(body) as { rmaNo: string; step: string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const woken = { wake: (): void => undefined };
  app = await buildHq({
    pool: hq.pool,
    database: hq,
    rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 1000 },
    onPushed: () => woken.wake(),
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  await addWarehouse(hq.pool, 'WH-SH-01', 'Shanghai');
  dispatcher = startWebhookDispatcher(hq.pool, { url: hook, secret: 's3cret', intervalMs: TEN_MINUTES });
  woken.wake = () => dispatcher.wake();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hq-same-day-'));
}, 60_000);
afterAll(async () => {
  dispatcher?.stop();
  receiver?.close();
  await app?.close();
  await hq?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function until(what: () => Promise<boolean> | boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a refund recommended at the dock', () => {
  it('reaches the shop’s webhook on the station’s nudge and HQ’s wake-up, not on their ten-minute ticks', async () => {
    const db = stationDbs.fresh();
    const link = await enrolStation(db, { pool: hq.pool, url }, { warehouseId: 'WH-SH-01', stationId: 'DOCK-A', dataDir });
    const engine = startSyncEngine(db, engineApi(link), { idleMs: TEN_MINUTES });
    try {
      await until(() => engine.status.state === 'online');
      const now = new Date();
      const [dress] = await seed(db, dressReturn());
      const parcel = await receiveParcel(db, dress!.rmaNo, [dress!], 430, now);
      await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, now);
      await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567908', lineId: 'G1', match: 'matched' }, undefined, now);
      await completeParcel(db, { who: 'clerk-7' }, { parcelId: parcel.id, now });
      engine.nudge(); // what the app does when the outbox gains a record
      await until(async () => {
        const { ackSeq, lastSeq } = await syncCursor(db);
        return ackSeq === lastSeq;
      });
      await until(() => steps.some((s) => s.rmaNo === dress!.rmaNo && s.step === 'refund_recommended'));
      expect(steps.filter((s) => s.rmaNo === dress!.rmaNo).map((s) => s.step)).toContain('parcel_received');
    } finally {
      await engine.stop();
    }
  }, 60_000);

  it('a nudge while HQ is failing does not cut the wait short', async () => {
    const db = stationDbs.fresh();
    let calls = 0;
    const engine = startSyncEngine(
      db,
      {
        hqStatus: async () => {
          calls++;
          throw new Error('HQ unreachable');
        },
        hqPush: () => Promise.reject(new Error('not reached')),
        hqPull: () => Promise.reject(new Error('not reached')),
        hqPutBlobPart: () => Promise.reject(new Error('not reached')),
      },
      { idleMs: TEN_MINUTES, maxBackoffMs: TEN_MINUTES },
    );
    try {
      await until(() => engine.status.state === 'offline');
      const before = calls;
      for (let i = 0; i < 20; i++) engine.nudge();
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toBe(before);
    } finally {
      engine.nudge();
      void engine.stop();
    }
  });
});
