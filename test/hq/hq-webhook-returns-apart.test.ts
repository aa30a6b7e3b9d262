/**
 * The webhook's round posts different returns side by side, one return's steps in order: a receiver failing
 * on one return's step holds back that return's later steps only, never another return's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWarehouse } from '../../hq/src/admin';
import { deliverReturnEvents } from '../../hq/src/webhook';
import { freshHqDatabase } from '../helpers/hq-database';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let server: Server;
let url: string;
const received: { rmaNo: string; step: string }[] = [];

beforeAll(async () => {
  hq = await freshHqDatabase();
  await addWarehouse(hq.pool, 'WH-SH-01', 'Shanghai');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const e = JSON.parse(body) as { rmaNo: string; step: string };
      // The receiver cannot take RMA-A's first step (its system is down for that order).
      if (e.rmaNo === 'RMA-A' && e.step === 'parcel_received') return void res.writeHead(503).end();
      received.push(e);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}, 60_000);
afterAll(async () => {
  server?.close();
  await hq?.drop();
});

it('one return failing holds back its own later steps, and every other return is delivered in order in the same round', async () => {
  const steps = ['parcel_received', 'unit_decided', 'refund_recommended'];
  const rmas = ['RMA-A', ...Array.from({ length: 20 }, (_, i) => `RMA-B${i}`)];
  for (const step of steps)
    for (const rma of rmas)
      await hq.pool.query("insert into return_events (warehouse_id, rma_no, step, at, detail) values ('WH-SH-01', $1, $2, now(), '{}')", [rma, step]);
  const round = await deliverReturnEvents(hq.pool, { url, secret: 's', batch: 200 });
  expect(round).toEqual({ delivered: 60, failed: 1 });
  expect(received.filter((e) => e.rmaNo === 'RMA-A')).toEqual([]);
  for (const rma of rmas.slice(1)) expect(received.filter((e) => e.rmaNo === rma).map((e) => e.step)).toEqual(steps);
  // The next round: RMA-A's first step waits its back-off, and its later steps behind it.
  expect(await deliverReturnEvents(hq.pool, { url, secret: 's', batch: 200 })).toEqual({ delivered: 0, failed: 0 });
  const pending = await hq.pool.query("select step, attempts, last_error from return_events where rma_no = 'RMA-A' and delivered_at is null order by id");
  expect(pending.rows).toEqual([
    { step: 'parcel_received', attempts: 1, last_error: 'HTTP 503' },
    { step: 'unit_decided', attempts: 0, last_error: null },
    { step: 'refund_recommended', attempts: 0, last_error: null },
  ]);
});
