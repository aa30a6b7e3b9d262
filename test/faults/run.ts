/**
 * `npm run test:faults`: two stations (the real ledger and sync engine, on fake-indexeddb, in Node) push
 * several thousand records through a loopback proxy that drops, delays, duplicates and resets requests,
 * to two real HQ processes that are killed and restarted along the way; a station is "reloaded"
 * mid-push and one store is wiped and re-enrolled (on purpose: it replaces the enrolment it had). Both
 * stations also receive the same return, each refunding it in full: HQ must let one refund through and
 * hold the other as a refund conflict. Seeded (FAULT_SEED), so a failure can be replayed.
 * At the end HQ must hold every station record exactly once, as the station holds it.
 * Last line: `faults=N lost=L duplicated=D over_refund=caught|MISSED`.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import stringify from 'safe-stable-stringify';
import { createHqLink, type HqLink } from '../../electron/services/hq/hq-link';
import { classifyScan } from '../../shared/barcode/classify';
import { StationDb } from '../../renderer/db/station-db';
import { acceptUnit, completeParcel, installId, openParcel, recordCondition, recordWeight, setLpnPrefix, startItem } from '../../renderer/ledger';
import { startSyncEngine, type SyncEngine } from '../../renderer/sync/sync-engine';
import { hqAdmin, hqStorage, startHq, type HqProcess } from '../e2e/hq-process';
import { ExpectedReturnSchema } from '../../shared/returns';
import { receiveParcel, takeItem } from '../helpers/receive-flow';
import { dressReturn } from '../helpers/returns';
import { CN_MARKETPLACE_POLICY } from '../../shared/returns/policy/defaults';
import { checklistFor } from '../../shared/returns/policy/schema';
import { seededRandom, startFaultProxy } from './fault-proxy';

const seed = Number(process.env.FAULT_SEED ?? 20261127);
const PARCELS_PER_STATION = Number(process.env.FAULT_PARCELS ?? 320);
/** Parcels are received at a dock's pace over this long, so the sync runs through many faults. */
const SECONDS = Number(process.env.FAULT_SECONDS ?? 110);
/** The run counts only with at least this many faults injected. */
const MIN_FAULTS = 1000;
const random = seededRandom(seed);
/** The return both stations receive (a customer's parcel scanned at two docks): asked for and delivered a day ago, so it is due in full. */
const SHARED_RETURN = () =>
  dressReturn({
    rmaNo: 'RMA-FAULT0001',
    warehouseId: 'WH-FAULT',
    createdAt: new Date(Date.now() - 86_400_000).toISOString(),
    deliveredAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
  });
const log = (...a: unknown[]) => console.log('[faults]', ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface OutboxSnapshot {
  installId: string;
  rows: { seq: number; type: string; payload: unknown }[];
  /** The audit chain as `seq:hash`, in order. */
  audit: string[];
}

class Station {
  db: StationDb;
  engine: SyncEngine | null = null;
  link: HqLink;
  baseUrl: string;
  engines = 0;
  constructor(
    readonly id: string,
    readonly dataDir: string,
    hqUrl: string,
  ) {
    this.db = new StationDb(`faults-${id}-${seed}`);
    this.baseUrl = hqUrl;
    this.link = createHqLink({ dataDir, baseUrl: () => this.baseUrl, timeoutMs: 4000 });
  }
  api() {
    const link = this.link;
    return {
      hqStatus: () => link.status(),
      hqPush: (b: Parameters<HqLink['push']>[0]) => link.push(b),
      hqPull: ({ checkpoint }: { checkpoint: string }) => link.pull(checkpoint),
      hqPutBlobPart: (p: Parameters<HqLink['putBlobPart']>[0]) => link.putBlobPart(p),
    };
  }
  /** Enrols straight with HQ (enrolment is not what is under fault here), then talks through the proxy. */
  async enrol(code: string, directUrl: string, proxyUrl: string, replace = false) {
    this.baseUrl = directUrl;
    const status = await this.link.enrol({
      warehouseId: 'WH-FAULT',
      stationId: this.id,
      code,
      installId: await installId(this.db),
      ...(replace ? { replace } : {}),
    });
    await setLpnPrefix(this.db, status.lpnPrefix!);
    this.baseUrl = proxyUrl;
  }
  startEngine() {
    this.engines++;
    this.engine = startSyncEngine(this.db, this.api(), { idleMs: 5, maxBackoffMs: 100 });
  }
  /** A page reload in the middle of a push: the old engine is dropped, not awaited; a new one starts. */
  reload() {
    void this.engine?.stop();
    this.startEngine();
  }
  async receiveParcel(n: number) {
    const actor = { who: 'C001' };
    const raw = `FAULT-${this.id}-${n}`;
    const parcel = await openParcel(this.db, actor, { raw, scan: classifyScan(raw), match: { kind: 'blind', reasons: [] }, stationId: this.id });
    await recordWeight(this.db, actor, parcel.id, { grams: 100 + n, stable: true, source: 'scale' });
    await recordCondition(this.db, actor, parcel.id, 'intact');
    const item = {
      id: crypto.randomUUID(),
      rmaNo: null,
      raw: '4006381333931',
      scan: classifyScan('4006381333931'),
      lineId: null,
      match: 'unexpected' as const,
      // An item no return expects has no category: the policy's general checklist, every check passed.
      answers: Object.fromEntries(checklistFor(CN_MARKETPLACE_POLICY, '').map((c) => [c.id, 'yes' as const])),
    };
    await startItem(this.db, parcel.id, item);
    await acceptUnit(this.db, actor, { parcelId: parcel.id, itemId: item.id, label: (lpn) => ({ kind: 'unit', code: lpn, title: 'x', lines: [] }) });
    await completeParcel(this.db, actor, { parcelId: parcel.id });
  }
  /** The shared return, received here in one parcel: its dress and its gift, refunded in full. */
  async receiveSharedReturn() {
    const now = new Date();
    const expected = ExpectedReturnSchema.parse(SHARED_RETURN());
    await this.db.expectedReturns.put(expected);
    const parcel = await receiveParcel(this.db, expected.rmaNo, [expected], 480, now);
    for (const line of expected.lines)
      await takeItem(this.db, parcel.id, expected, { rmaNo: expected.rmaNo, raw: line.gtin!.slice(1), lineId: line.lineId, match: 'matched' }, undefined, now);
    await completeParcel(this.db, { who: 'C001' }, { parcelId: parcel.id, now });
  }
  async snapshot(): Promise<OutboxSnapshot> {
    return {
      installId: await installId(this.db),
      rows: (await this.db.outbox.toArray()).map((r) => ({ seq: r.seq, type: r.type, payload: r.payload })),
      audit: (await this.db.auditEvents.toArray()).map((e) => `${e.seq}:${e.hash}`),
    };
  }
  async drained() {
    const last = (await this.db.meta.get('outboxSeq'))?.value ?? 0;
    const ack = (await this.db.meta.get('ackSeq'))?.value ?? 0;
    return ack === last;
  }
}

async function main() {
  log(`seed ${seed}, ${PARCELS_PER_STATION} parcels per station`);
  const storage = await hqStorage();
  const work = await mkdtemp(path.join(os.tmpdir(), 'faults-'));
  hqAdmin(storage, ['warehouse', 'WH-FAULT']);
  const codeFor = (station: string) => /: ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})\s*$/m.exec(hqAdmin(storage, ['code', 'WH-FAULT', station]))![1]!;
  const codes = { A: codeFor('DOCK-A'), B: codeFor('DOCK-B'), B2: codeFor('DOCK-B') };
  const hqs: HqProcess[] = [await startHq(storage), await startHq(storage)];
  const proxy = await startFaultProxy({ backends: () => hqs.map((h) => h.url), random, rate: Number(process.env.FAULT_RATE ?? 0.5) });
  const stations = [new Station('DOCK-A', path.join(work, 'a'), proxy.url), new Station('DOCK-B', path.join(work, 'b'), proxy.url)];
  const snapshots: OutboxSnapshot[] = [];
  let chaos = true;
  // Enrolment is not what is under fault: a re-enrolment waits for a restart in progress, and none starts meanwhile.
  let calm = false;
  let restarting: Promise<void> = Promise.resolve();
  try {
    for (const [i, s] of stations.entries()) {
      await s.enrol(i === 0 ? codes.A : codes.B, hqs[0]!.url, proxy.url);
      s.startEngine();
    }
    // Chaos: an HQ node killed and restarted on its port; a station page "reloaded" mid-push.
    const chaosLoop = (async () => {
      while (chaos) {
        await sleep(700 + random() * 800);
        if (!chaos) break;
        const which = Math.floor(random() * hqs.length);
        const station = stations[Math.floor(random() * stations.length)]!;
        if (calm) continue;
        restarting = (async () => {
          const port = hqs[which]!.port;
          await hqs[which]!.stop();
          await sleep(200);
          hqs[which] = await startHq(storage, port);
        })();
        await restarting;
        station.reload();
      }
    })();

    const half = Math.floor(PARCELS_PER_STATION / 2);
    const pace = (SECONDS * 1000) / PARCELS_PER_STATION;
    for (let n = 0; n < PARCELS_PER_STATION; n++) {
      const started = Date.now();
      await Promise.all(stations.map((s) => s.receiveParcel(n)));
      // Both docks receive the same return, each without hearing of the other (their pushes are under fault).
      if (n === 10) await Promise.all(stations.map((s) => s.receiveSharedReturn()));
      await sleep(Math.max(0, pace - (Date.now() - started)));
      if (n === half) {
        // Station B's store is wiped once all it had reached HQ: it must re-enrol, nothing counts twice.
        const b = stations[1]!;
        while (!(await b.drained())) await sleep(50);
        snapshots.push(await b.snapshot());
        await b.engine?.stop();
        b.db.close();
        await b.db.delete();
        b.db = new StationDb(`faults-DOCK-B-wiped-${seed}`);
        calm = true;
        await restarting;
        await b.enrol(codes.B2, hqs[0]!.url, proxy.url, true);
        calm = false;
        b.startEngine();
        log('station DOCK-B wiped and enrolled again');
      }
    }
    log(`records written; faults so far ${proxy.total}`);
    // A slower machine sends fewer requests in the same time: the faults and the chaos go on (the engines keep
    // pulling, the pages keep reloading) until there were enough of them, then everything drains.
    const enough = Date.now() + 180_000;
    while (proxy.total < MIN_FAULTS && Date.now() < enough) await sleep(100);
    log(`faults ${proxy.total}; draining`);
    chaos = false;
    await chaosLoop;
    proxy.setEnabled(false);
    const deadline = Date.now() + 120_000;
    for (const s of stations)
      while (!(await s.drained())) {
        if (Date.now() > deadline) throw new Error(`${s.id} did not drain: ${JSON.stringify(s.engine?.status)}`);
        s.engine?.wake();
        await sleep(100);
      }
    for (const s of stations) {
      snapshots.push(await s.snapshot());
      await s.engine?.stop();
    }
  } finally {
    chaos = false;
    for (const h of hqs) await h.stop().catch(() => undefined);
    await proxy.close();
  }

  const db = await storage.open();
  let lost = 0;
  let duplicated = 0;
  let records = 0;
  let auditEvents = 0;
  let overRefundCaught = false;
  try {
    for (const snap of snapshots) {
      const atHq = (await db.pool.query('select seq, type, payload from sync_items where install_id = $1 order by seq', [snap.installId])).rows;
      const held = new Map(atHq.map((r) => [Number(r.seq), stringify({ type: r.type, payload: r.payload })]));
      records += snap.rows.length;
      for (const row of snap.rows) if (held.get(row.seq) !== stringify({ type: row.type, payload: JSON.parse(JSON.stringify(row.payload)) })) lost++;
      duplicated += Math.max(0, atHq.length - snap.rows.length);
      // HQ keeps the chain's events from the first on, each once and as the station has it, as far as the
      // last push carried them (events after the last record wait for the next one).
      const auditAtHq = (await db.pool.query('select seq, hash from audit_events where install_id = $1 order by seq', [snap.installId])).rows.map(
        (r) => `${r.seq}:${r.hash}`,
      );
      lost += auditAtHq.filter((link, i) => snap.audit[i] !== link).length;
      auditEvents += auditAtHq.length;
    }
    for (const [table, key] of [
      ['parcels', 'parcel_id'],
      ['units', 'lpn'],
      ['exceptions', 'exception_id'],
      ['label_jobs', 'job_id'],
    ] as const) {
      duplicated += (await db.pool.query(`select ${key} from ${table} group by ${key} having count(*) > 1`)).rowCount ?? 0;
    }
    const rejected = (await db.pool.query('select count(*)::int as n from sync_rejections')).rows[0].n as number;
    // The same return refunded at two stations: one decision let through, the other held as a conflict.
    const shared = (await db.pool.query("select station_id, delta_minor, hq_status from refund_decisions where rma_no = 'RMA-FAULT0001' order by decided_at"))
      .rows;
    const state = (await db.pool.query("select due_minor, held_minor, conflict_id from return_refunds where rma_no = 'RMA-FAULT0001'")).rows[0];
    const paid = SHARED_RETURN().lines.reduce((n, l) => n + l.qty * l.unitPriceMinor, 0);
    overRefundCaught =
      shared.length === 2 &&
      shared.filter((d) => d.hq_status === 'due').length === 1 &&
      shared.filter((d) => d.hq_status === 'on_hold').length === 1 &&
      Number(state?.due_minor) <= paid &&
      state?.conflict_id !== null;
    log(`the shared return: ${JSON.stringify(shared)}; HQ lets through ${state?.due_minor} of ${paid} paid, holds ${state?.held_minor}`);
    log(
      `${records} records and ${auditEvents} audit events from ${snapshots.length} installs (${stations.map((s) => `${s.id}: ${s.engines} engine starts`).join(', ')}); HQ rejected ${rejected}; faults by kind ${JSON.stringify(proxy.counts)}`,
    );
    if (rejected > 0) lost += rejected;
  } finally {
    await db.close();
    await storage.drop();
    await rm(work, { recursive: true, force: true });
  }
  console.log(`faults=${proxy.total} lost=${lost} duplicated=${duplicated} over_refund=${overRefundCaught ? 'caught' : 'MISSED'}`);
  process.exit(lost === 0 && duplicated === 0 && overRefundCaught && proxy.total >= MIN_FAULTS ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  console.log('faults=0 lost=-1 duplicated=-1');
  process.exit(1);
});
