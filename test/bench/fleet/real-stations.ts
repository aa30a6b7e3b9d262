// Two real stations for the dock-to-webhook figure, in a process of their own (the fleet's load generator
// would otherwise slow their JavaScript): the station's ledger on fake-indexeddb, its HQ link and its sync
// engine, nudged by the outbox as the app is. It also is the shop: the webhook receiver, timing when each
// return's "refund recommended" arrives after its last unit was accepted.
//
// Protocol on stdio: prints `WEBHOOK <url>`; reads one line of JSON `{ stations: [{ hq, warehouseId,
// stationId, code }] }`, prints `READY`; receives parcels until a `stop` line, then prints `RESULT <json>`.
import 'fake-indexeddb/auto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { liveQuery } from 'dexie';
import { createHqLink } from '../../../electron/services/hq/hq-link';
import { StationDb } from '../../../renderer/db/station-db';
import { completeParcel, installId, setLpnPrefix } from '../../../renderer/ledger';
import { startSyncEngine } from '../../../renderer/sync/sync-engine';
import { ExpectedReturnSchema } from '../../../shared/returns';
import { dressReturn } from '../../helpers/returns';
import { receiveParcel, takeItem } from '../../helpers/receive-flow';

const accepted = new Map<string, number>();
const delivered: { acceptedAt: number; ms: number }[] = [];
const hook = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const at = Date.now();
    const e = JSON.parse(body) as { rmaNo: string; step: string };
    const t = accepted.get(e.rmaNo);
    if (e.step === 'refund_recommended' && t !== undefined) {
      delivered.push({ acceptedAt: t, ms: at - t });
      accepted.delete(e.rmaNo);
    }
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
console.log(`WEBHOOK http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`);

const lines = createInterface({ input: process.stdin });
const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
const { stations } = JSON.parse(await next()) as { stations: { hq: string; warehouseId: string; stationId: string; code: string }[] };

let stopping = false;
const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-real-stations-'));
const running = await Promise.all(
  stations.map(async (s, k) => {
    const db = new StationDb(`real-station-${k}-${Date.now()}`);
    await db.users.put({ id: 'M001', name: '张伟', role: 'manager' });
    const link = createHqLink({ dataDir: path.join(dir, s.stationId), baseUrl: () => s.hq, timeoutMs: 30_000 });
    const status = await link.enrol({ warehouseId: s.warehouseId, stationId: s.stationId, code: s.code, installId: await installId(db) });
    await setLpnPrefix(db, status.lpnPrefix!);
    const engine = startSyncEngine(db, {
      hqStatus: () => link.status(),
      hqPush: (b) => link.push(b),
      hqPull: ({ checkpoint }) => link.pull(checkpoint),
      hqPutBlobPart: (p) => link.putBlobPart(p),
    });
    let last: number | undefined;
    const outbox = liveQuery(() => db.outbox.orderBy('seq').lastKey()).subscribe((seq) => {
      if (last !== undefined && seq !== last) engine.nudge();
      last = (seq as number | undefined) ?? 0;
    });
    return { db, engine, outbox, stationId: s.stationId };
  }),
);
console.log('READY');

/** A dress and its gift back, one parcel after another, about every 3 s, until told to stop. */
async function receive(station: (typeof running)[number]) {
  for (let n = 0; !stopping; n++) {
    const rmaNo = `RMA-${station.stationId.replace(/[^0-9A-Z]/g, '')}${String(n).padStart(6, '0')}`;
    const dress = ExpectedReturnSchema.parse(dressReturn({ rmaNo, orderNo: `O${rmaNo}` }));
    await station.db.expectedReturns.put(dress);
    const parcel = await receiveParcel(station.db, rmaNo, [dress], 430, new Date());
    await takeItem(station.db, parcel.id, dress, { rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' }, undefined, new Date());
    await takeItem(station.db, parcel.id, dress, { rmaNo, raw: '6901234567908', lineId: 'G1', match: 'matched' }, undefined, new Date());
    accepted.set(rmaNo, Date.now());
    // The clerk's next scan completes the parcel: the refund is recommended.
    await completeParcel(station.db, { who: 'clerk-7' }, { parcelId: parcel.id, now: new Date() });
    await new Promise((r) => setTimeout(r, 2500 + Math.random() * 1000));
  }
}
const work = Promise.all(running.map(receive));
await next(); // stop
stopping = true;
await work;
// What is still on its way gets 60 s to arrive; what never does is counted as missing.
const deadline = Date.now() + 60_000;
while (accepted.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
// One that never arrived counts with the time it waited so far (a lower bound), not as nothing.
const missing = accepted.size;
for (const t of accepted.values()) delivered.push({ acceptedAt: t, ms: Date.now() - t });
for (const r of running) {
  r.outbox.unsubscribe();
  await r.engine.stop();
}
console.log(`RESULT ${JSON.stringify({ delivered, missing })}`);
hook.close();
process.exit(0);
