/**
 * Runs inside Chromium (bundled by test/bench/chromium.ts with esbuild): the station's real ledger on the
 * browser's real IndexedDB, against a raw IndexedDB baseline with the same durability.
 */
import { liveQuery } from 'dexie';
import { isErrorCode, StationError } from '../../../shared/errors';
import { classifyScan } from '../../../shared/barcode/classify';
import { CN_MARKETPLACE_POLICY, ExpectedReturnSchema, evaluateUnit, matchParcelScan, type ExpectedReturn } from '../../../shared/returns';
import { sampleReference } from '../../../shared/reference/sample-data';
import {
  StationDb,
  type AuditEventRow,
  type OutboxRow,
  type ParcelRow,
  type PendingItem,
  type PrintJobRow,
  type UnitRow,
} from '../../../renderer/db/station-db';
import {
  acceptUnit,
  BESIDE_THE_CLERK,
  checkAuditChain,
  customerReturnsInWindow,
  GENESIS_HASH,
  hashAuditEvent,
  installId,
  openParcel,
  recordCondition,
  recordWeight,
  startItem,
  sweepAuditChain,
  verifyAuditChain,
} from '../../../renderer/ledger';
import { searchHistory } from '../../../renderer/features/receive/history';
import { isSameCustomer } from '../../../shared/returns/decide/risk';
import { startSyncEngine } from '../../../renderer/sync/sync-engine';
import { stationRecords, type Draft } from '../replicate-records';
import { provisionalLpnPrefix } from '../../../shared/sync/lpn-prefix';
import { DEFAULT_SEED, generateCatalog, generateExpectedReturns, historyUnit, Rng } from '../generator';

/** The page calls HQ itself here, with the station's token, standing in for the station's Node side. */
async function callHq(hq: { url: string; token: string }, what: 'push' | 'pull', body: { checkpoint?: string } | object): Promise<never> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${hq.token}` };
  const res =
    what === 'push'
      ? await fetch(`${hq.url}/v1/sync/push`, { method: 'POST', headers, body: JSON.stringify(body) })
      : await fetch(`${hq.url}/v1/sync/pull?checkpoint=${encodeURIComponent((body as { checkpoint?: string }).checkpoint ?? '')}`, { headers });
  if (!res.ok) {
    // As the station's link reads HQ's refusals (electron/services/hq/hq-link.ts): by HQ's code, which the engine acts on
    // (a batch sent ahead that found a gap is sent again).
    const text = await res.text();
    const code = (() => {
      try {
        return (JSON.parse(text) as { code?: unknown }).code;
      } catch {
        return undefined;
      }
    })();
    if (typeof code === 'string' && isErrorCode(code)) throw new StationError(code, text, { status: res.status, code });
    throw new Error(`HQ answered ${res.status}: ${text}`);
  }
  return res.json() as Promise<never>;
}
const heapUsed = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;

const clerk = { who: 'C001' };
/** The station's own indexes on units (renderer/db/station-db.ts), so the raw put maintains the same. */
const UNIT_INDEXES: (string | string[])[] = ['parcelId', 'rmaNo', 'expectedLineId', 'inspectedAt', 'itemId', 'acceptance', ['scan.gtin', 'inspectedAt']];

/** The bench unit's inspection: every check passed. */
const ALL_YES = {
  tags_attached: 'yes',
  packaging_intact: 'yes',
  no_signs_of_use: 'yes',
  no_damage: 'yes',
  complete: 'yes',
  works_as_described: 'yes',
} as const;

function rawDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const units = open.result.createObjectStore('units', { keyPath: 'lpn' });
      for (const i of UNIT_INDEXES) units.createIndex(String(i), i);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function rawPut(db: IDBDatabase, rows: UnitRow[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('units', 'readwrite', { durability: 'strict' });
    const store = tx.objectStore('units');
    for (const r of rows) store.put(r);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

let station: StationDb;
let raw: IDBDatabase;
let expected: ExpectedReturn;
let parcelId: string | undefined;
/** The catalog's most returned product: what the history search looks up (thousands of units carry it). */
let popularGtin = '';

const harness = {
  /**
   * `history` units, in chunks, into a fresh station database and a raw one; or (`dbName`, no raw) into the
   * station's own database, spaced `spacingMs` apart back from now (a day's worth for Reconcile).
   */
  async preload(history: number, opts: { dbName?: string; spacingMs?: number; expectedReturns?: number; seed?: number; keepReference?: boolean } = {}) {
    station = new StationDb(opts.dbName ?? `bench-station-${Date.now()}`);
    await station.open();
    const withRaw = !opts.dbName;
    if (withRaw) raw = await rawDb(`bench-raw-${Date.now()}`);
    const now = Date.now();
    const rng = new Rng(opts.seed ?? DEFAULT_SEED);
    const catalog = generateCatalog(rng, 2000);
    await station.catalog.bulkPut(catalog);
    popularGtin = catalog[0]!.gtin!;
    for (let i = 0; i < history; i += 10_000) {
      const rows = Array.from({ length: Math.min(10_000, history - i) }, (_, k) => historyUnit(rng, i + k, catalog, now, opts.spacingMs));
      await station.units.bulkAdd(rows);
      if (withRaw) await rawPut(raw, rows);
    }
    const sample = sampleReference(new Date());
    // The return the bench receives: the sample's, roomy enough for every accept, from a customer with a few other returns.
    expected = ExpectedReturnSchema.parse({
      ...sample.expectedReturns[0]!,
      customer: { name: '王**', id: 'CUST-200' },
      lines: sample.expectedReturns[0]!.lines.map((l) => ({ ...l, qty: 10_000 })),
    });
    // A warehouse's expected returns from 5 000 customers (a few return often), created over the last 60 days.
    for (let i = 0; i < (opts.expectedReturns ?? 0); i += 10_000) {
      await station.expectedReturns.bulkPut(
        generateExpectedReturns(rng, Math.min(10_000, opts.expectedReturns! - i), catalog, { now, days: 60, customers: 5000, first: i }),
      );
    }
    if (!opts.keepReference) {
      await station.expectedReturns.put(expected);
      await station.users.put({ id: 'C001', name: '王芳', role: 'clerk' });
    }
    return { units: await station.units.count() };
  },

  /**
   * `n` returns like `template` (one of the station's expected returns) under RMA numbers of their own, for a
   * clerk to receive one after another: the RMAs to scan.
   */
  async receivableReturns(dbName: string, template: string, n: number) {
    const db = new StationDb(dbName);
    await db.open();
    const like = await db.expectedReturns.get(template);
    if (!like) throw new Error(`no expected return ${template} to copy`);
    const rmas = Array.from({ length: n }, (_, i) => `RMA-B${String(i + 1).padStart(7, '0')}`);
    await db.expectedReturns.bulkPut(
      rmas.map((rmaNo, i) => ({ ...like, rmaNo, orderNo: `B${like.orderNo}${i}`, trackingNumbers: [], customer: { ...like.customer, id: `CUST-B${i}` } })),
    );
    db.close();
    return rmas;
  },

  /**
   * `n` units through the real acceptUnit transaction and `n` raw puts of the same objects: each one's ms.
   * Also the floor under the ledger: the very rows each accept wrote (unit, parcel, print job, audit event,
   * outbox rows, counters) written again by plain IndexedDB in one strict transaction, without a read or
   * Dexie, under keys of their own (negative sequence numbers, `FLOOR` ids), removed afterwards.
   */
  async accept(n: number) {
    const code = expected.rmaNo;
    const scan = classifyScan(code);
    const match = matchParcelScan({ raw: code, scan, candidates: [expected] });
    if (!match.ok) throw new Error(match.error.message);
    if (!parcelId) {
      const parcel = await openParcel(station, clerk, { raw: code, scan, match: match.value, stationId: 'BENCH-01' });
      await recordWeight(station, clerk, parcel.id, { grams: 480, stable: true, source: 'scale', scaleId: 'scale-1' });
      await recordCondition(station, clerk, parcel.id, 'intact');
      parcelId = parcel.id;
    }
    const parcel = { id: parcelId };
    const answers = ALL_YES;
    // The receive screen's live queries stay subscribed, as when a clerk works: each accept tells them.
    const dayStart = new Date();
    dayStart.setHours(0, 0, 0, 0);
    const told = () => undefined;
    const screens = [
      liveQuery(() => station.units.where('parcelId').equals(parcel.id).count()).subscribe(told),
      liveQuery(() => station.units.where('inspectedAt').aboveOrEqual(dayStart.toISOString()).count()).subscribe(told),
      liveQuery(() => station.outbox.orderBy('seq').lastKey()).subscribe(told),
      liveQuery(() => station.printJobs.orderBy('id').last()).subscribe(told),
    ];
    const decided = evaluateUnit({
      expected,
      lineId: 'L1',
      itemMatchesOrder: true,
      answers,
      outerCondition: 'intact',
      receivedAt: new Date().toISOString(),
      customerReturnsInWindow: 0,
      policy: CN_MARKETPLACE_POLICY,
    });
    if (!decided.ok || decided.value.status !== 'decided') throw new Error('the bench unit is not decided');
    const ledgerMs: number[] = [];
    const rawMs: number[] = [];
    const floorMs: number[] = [];
    const backend = station.backendDB();
    const floorKeys = { units: [] as string[], printJobs: [] as string[], auditEvents: [] as number[], outbox: [] as number[] };
    const written: { unit: UnitRow; parcel: ParcelRow; job: PrintJobRow; audit: AuditEventRow; outbox: OutboxRow[] }[] = [];
    for (let i = 0; i < n; i++) {
      const pending: PendingItem = {
        id: crypto.randomUUID(),
        raw: '6901234567892',
        scan: classifyScan('6901234567892'),
        rmaNo: expected.rmaNo,
        lineId: 'L1',
        match: 'matched',
        answers,
      };
      await startItem(station, parcel.id, pending);
      const t0 = performance.now();
      const unit = await acceptUnit(station, clerk, {
        parcelId: parcel.id,
        itemId: pending.id,
        // As the receive screen does: the return it shows goes with the accept, so its reads share the first trip.
        expected,
        label: (lpn) => ({ kind: 'unit', code: lpn, title: 'bench', lines: [] }),
        printerId: 'printer-1',
      });
      ledgerMs.push(performance.now() - t0);
      // The screens re-read what changed before anything else is timed (they run after the commit, not in it).
      await new Promise((r) => setTimeout(r, 30));
      const t1 = performance.now();
      await rawPut(raw, [{ ...unit, lpn: `RAW${unit.lpn}` }]);
      rawMs.push(performance.now() - t1);
      written.push(
        await Promise.all([
          station.parcels.get(parcel.id),
          station.printJobs.get(unit.labelJobId!),
          station.auditEvents.orderBy('seq').last(),
          station.outbox.orderBy('seq').reverse().limit(2).toArray(),
        ]).then(([p, j, a, o]) => ({ unit, parcel: p!, job: j!, audit: a!, outbox: o })),
      );
    }
    // After the accepts, not between them: the floor's writes would add to the storage's background work under them.
    for (const [i, rows] of written.entries()) {
      const t2 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const tx = backend.transaction(['units', 'parcels', 'printJobs', 'auditEvents', 'outbox', 'meta'], 'readwrite', { durability: 'strict' });
        const floorUnit = `FLOOR${rows.unit.lpn}`;
        tx.objectStore('units').add({ ...rows.unit, lpn: floorUnit, itemId: floorUnit });
        tx.objectStore('parcels').put(rows.parcel);
        tx.objectStore('printJobs').add({ ...rows.job, id: `FLOOR${rows.job.id}` });
        tx.objectStore('auditEvents').add({ ...rows.audit, seq: -rows.audit.seq });
        for (const o of rows.outbox) tx.objectStore('outbox').add({ ...o, seq: -o.seq });
        tx.objectStore('meta').put({ key: 'benchFloorLpn', value: i });
        tx.objectStore('meta').put({ key: 'benchFloorSeq', value: i });
        floorKeys.units.push(floorUnit);
        floorKeys.printJobs.push(`FLOOR${rows.job.id}`);
        floorKeys.auditEvents.push(-rows.audit.seq);
        floorKeys.outbox.push(...rows.outbox.map((o) => -o.seq));
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      floorMs.push(performance.now() - t2);
    }
    // A ledger must read before it writes (the item still in hand, the counters, the chain's last link, the day
    // lock, the return and its customer's others): the same reads issued together, then the same writes —
    // plain IndexedDB, no Dexie, no decision. What one read trip adds to the floor.
    const readThenWriteMs: number[] = [];
    const customer = expected.customer;
    const optimisticMs: number[] = [];
    // Each way in turn over the same rows (the optimistic copy under keys of its own).
    for (const [n, original] of [...written, ...written].entries()) {
      const optimistic = n >= written.length;
      const i = n + 1_000;
      const rows = optimistic
        ? {
            ...original,
            unit: { ...original.unit, lpn: `O${original.unit.lpn}` },
            job: { ...original.job, id: `O${original.job.id}` },
            audit: { ...original.audit, seq: original.audit.seq + 500_000 },
            outbox: original.outbox.map((o) => ({ ...o, seq: o.seq + 500_000 })),
          }
        : original;
      const t3 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const stores = ['units', 'parcels', 'printJobs', 'auditEvents', 'outbox', 'meta', 'dayCloses', 'expectedReturns', 'policies'];
        const tx = backend.transaction(stores, 'readwrite', { durability: 'strict' });
        const reads: Promise<unknown>[] = [];
        const ask = (req: IDBRequest) => reads.push(new Promise((ok, no) => ((req.onsuccess = () => ok(req.result)), (req.onerror = () => no(req.error)))));
        ask(tx.objectStore('parcels').get(rows.parcel.id));
        ask(tx.objectStore('units').index('itemId').count(rows.unit.itemId));
        for (const key of ['lpnSeq', 'lpnPrefix', 'installId', 'outboxSeq']) ask(tx.objectStore('meta').get(key));
        // The chain's end read forward from the link before, as the ledger reads it (record-action.ts chainEnd).
        ask(tx.objectStore('auditEvents').getAll(IDBKeyRange.lowerBound(rows.audit.seq - 1), 200));
        ask(tx.objectStore('dayCloses').index('to').getAll(IDBKeyRange.lowerBound(rows.audit.at, true)));
        ask(tx.objectStore('expectedReturns').get(expected.rmaNo));
        ask(tx.objectStore('policies').getAll());
        if (customer.id) ask(tx.objectStore('expectedReturns').index('customer.id').getAll(customer.id));
        if (customer.contactHash) ask(tx.objectStore('expectedReturns').index('customer.contactHash').getAll(customer.contactHash));
        const write = () => {
          const floorUnit = `RW${rows.unit.lpn}`;
          tx.objectStore('units').add({ ...rows.unit, lpn: floorUnit, itemId: floorUnit });
          tx.objectStore('parcels').put(rows.parcel);
          tx.objectStore('printJobs').add({ ...rows.job, id: `RW${rows.job.id}` });
          tx.objectStore('auditEvents').add({ ...rows.audit, seq: -1_000_000 - rows.audit.seq });
          for (const o of rows.outbox) tx.objectStore('outbox').add({ ...o, seq: -1_000_000 - o.seq });
          tx.objectStore('meta').put({ key: 'benchFloorLpn', value: i });
          tx.objectStore('meta').put({ key: 'benchFloorSeq', value: i });
          floorKeys.units.push(floorUnit);
          floorKeys.printJobs.push(`RW${rows.job.id}`);
          floorKeys.auditEvents.push(-1_000_000 - rows.audit.seq);
          floorKeys.outbox.push(...rows.outbox.map((o) => -1_000_000 - o.seq));
        };
        // Optimistic: the writes go with the reads (from what the screen already holds), the reads only
        // checked when they come back — a stale guess aborts the transaction before it can commit.
        if (optimistic) {
          write();
          Promise.all(reads).catch(reject);
        } else Promise.all(reads).then(write, reject);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      (optimistic ? optimisticMs : readThenWriteMs).push(performance.now() - t3);
    }
    await station.transaction('rw', [station.units, station.printJobs, station.auditEvents, station.outbox, station.meta], async () => {
      await Promise.all([
        station.units.bulkDelete(floorKeys.units),
        station.printJobs.bulkDelete(floorKeys.printJobs),
        station.auditEvents.bulkDelete(floorKeys.auditEvents),
        station.outbox.bulkDelete(floorKeys.outbox),
        station.meta.bulkDelete(['benchFloorLpn', 'benchFloorSeq']),
      ]);
    });
    for (const sub of screens) sub.unsubscribe();
    return { ledgerMs, rawMs, floorMs, readThenWriteMs, optimisticMs };
  },

  /** A station whose outbox holds `n` records HQ has not seen (the ledger's mix, made from one parcel's). */
  async backlog(parcel: Draft[], n: number) {
    station = new StationDb(`bench-backlog-${Date.now()}`);
    await station.open();
    const prefix = provisionalLpnPrefix(await installId(station));
    for (let first = 1; first <= n; first += 10_000)
      await station.outbox.bulkAdd(stationRecords(parcel, Math.min(10_000, n - first + 1), prefix, first).map((r) => ({ ...r, attempts: 0 })));
    await station.meta.put({ key: 'outboxSeq', value: n });
    return { installId: await installId(station), waiting: await station.outbox.count() };
  },

  /** The real sync engine drains the outbox; the page's heap is sampled all along. */
  async drain(hq: { url: string; token: string }) {
    const id = await installId(station);
    (globalThis as unknown as { gc?: () => void }).gc?.();
    const heapBefore = heapUsed();
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, heapUsed())), 10);
    // Time with at least one push on the way (the engine keeps several): what the drain spends waiting on HQ.
    let pushMs = 0;
    let onTheWay = 0;
    let since = 0;
    const t0 = performance.now();
    const api: Parameters<typeof startSyncEngine>[1] = {
      hqStatus: async () => ({ enrolled: true, installId: id, tokenStorage: 'file' }),
      hqPush: async (req) => {
        if (onTheWay++ === 0) since = performance.now();
        try {
          return await callHq(hq, 'push', req);
        } finally {
          if (--onTheWay === 0) pushMs += performance.now() - since;
        }
      },
      hqPull: (req) => callHq(hq, 'pull', req),
      hqPutBlobPart: async () => {
        throw new Error('no photos in this bench');
      },
    };
    const engine = startSyncEngine(station, api, { idleMs: 600_000 });
    await new Promise<void>((resolve, reject) =>
      engine.subscribe((s) => {
        if (s.state === 'online' && s.recordsWaiting === 0) resolve();
        if (s.state === 'needs_person' || s.state === 'offline') reject(new Error(`sync stopped: ${s.lastError?.code} ${s.lastError?.message}`));
      }),
    );
    await engine.stop();
    const ms = performance.now() - t0;
    clearInterval(sampler);
    (globalThis as unknown as { gc?: () => void }).gc?.();
    return {
      ms,
      pushMs,
      heapAfterGcMb: heapUsed() / 2 ** 20,
      heapBeforeMb: heapBefore / 2 ** 20,
      heapPeakMb: heapPeak / 2 ** 20,
      waiting: engine.status.recordsWaiting,
    };
  },

  /**
   * The reads the issue names as hot spots, `n` times each on the preloaded station: a customer's other
   * returns (asked at every evaluation) and history search by a GTIN every history unit carries — each
   * beside the same answer read by scanning the table, as they were read before.
   */
  async lookups(n: number) {
    const policy = CN_MARKETPLACE_POLICY;
    const now = new Date();
    const gtin = popularGtin.slice(1);
    const time = async (f: () => Promise<unknown>, runs = n) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await f();
        ms.push(performance.now() - t);
      }
      return ms;
    };
    const since = new Date(now.getTime() - policy.risk.frequentReturner.withinDays * 86_400_000).toISOString();
    const [indexed, scanned] = [
      await customerReturnsInWindow(station, expected, policy, now),
      await station.expectedReturns.filter((r) => r.rmaNo !== expected.rmaNo && r.createdAt >= since && isSameCustomer(expected.customer, r.customer)).count(),
    ];
    if (indexed !== scanned) throw new Error(`customer's returns: index says ${indexed}, scan says ${scanned}`);
    return {
      customerIndexedMs: await time(() => customerReturnsInWindow(station, expected, policy, now)),
      // The scans once each: at a million units one takes half a minute.
      customerScanMs: await time(
        () =>
          station.expectedReturns.filter((r) => r.rmaNo !== expected.rmaNo && r.createdAt >= since && isSameCustomer(expected.customer, r.customer)).count(),
        1,
      ),
      historyIndexedMs: await time(() => searchHistory(station, gtin)),
      historyScanMs: await time(() => station.units.filter((x) => x.scan.gtin === gtin.padStart(14, '0')).toArray(), 1),
      customerReturns: indexed,
    };
  },

  /**
   * The audit chain of a station that has recorded `total` events (written straight into its store, chained
   * and hashed as the ledger does): the first check ever (the whole chain, beside the clerk), then the check
   * a day close or start makes after `sinceLastCheck` more, a start's sweep slice, and the whole-chain
   * check the backup makes — each's ms.
   */
  async auditChecks(total: number, sinceLastCheck: number) {
    const last = await station.auditEvents.orderBy('seq').last();
    let prev = { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
    const append = async (n: number) => {
      for (let done = 0; done < n; done += 10_000) {
        const rows: AuditEventRow[] = [];
        for (let i = 0; i < Math.min(10_000, n - done); i++) {
          const seq = prev.seq + 1;
          const event = {
            seq,
            at: new Date(Date.now() - (n - done - i) * 1000).toISOString(),
            who: 'C001',
            action: 'unit.accept',
            entity: 'unit',
            entityId: `LPNZ00${seq.toString(36).toUpperCase().padStart(7, '0')}`,
            after: { grade: 'A', disposition: 'SELLABLE', channel: 'restock', acceptance: 'accepted' },
            prevHash: prev.hash,
          };
          const hash = hashAuditEvent(event);
          rows.push({ ...event, hash });
          prev = { seq, hash };
        }
        await station.auditEvents.bulkAdd(rows);
      }
    };
    const time = async (f: () => Promise<unknown>) => {
      const t = performance.now();
      const problem = await f();
      if (problem) throw new Error(`the bench's chain does not verify: ${JSON.stringify(problem)}`);
      return performance.now() - t;
    };
    await append(total - sinceLastCheck);
    const firstCheckMs = await time(() => checkAuditChain(station, BESIDE_THE_CLERK));
    await append(sinceLastCheck);
    return {
      events: await station.auditEvents.count(),
      firstCheckMs,
      dayCheckMs: await time(() => checkAuditChain(station)),
      sweepMs: await time(() => sweepAuditChain(station, BESIDE_THE_CLERK)),
      wholeChainMs: await time(() => verifyAuditChain(station)),
    };
  },

  async storageUsage() {
    return (await navigator.storage.estimate()).usage ?? 0;
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
document.body.dataset.ready = 'true';
