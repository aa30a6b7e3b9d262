/**
 * HQ as an attacker holding one station's token (and as anyone on the network) would try it: a real HQ
 * process (`npm run hq`) on PostgreSQL and on embedded PGlite, two enrolled stations of one warehouse,
 * the admin CLI talking to the running HQ, a webhook receiver watching what customers would be told.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAuditEvent, GENESIS_HASH, type AuditEvent } from '../../shared/audit/audit-event';
import { hqAdmin, hqStorage, startHq, type HqProcess } from '../e2e/hq-process';
import { olderTransactionsEnded } from '../helpers/hq-database';
import { http as call, HqStation, records as r } from '../helpers/hq-http';

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a crushed box')]);
const waitFor = async <T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`never: ${what}`);
    await new Promise((res) => setTimeout(res, 100));
  }
};

for (const kind of ['postgresql', 'pglite'] as const) {
  describe(`HQ against a hostile station and client (${kind})`, () => {
    let storage: Awaited<ReturnType<typeof hqStorage>>;
    let hq: HqProcess;
    let dock1: HqStation;
    let dock2: HqStation;
    let key: string;
    let lpn1: string;
    /** DOCK-2's audit head, as HQ holds it. */
    let audited: AuditEvent;
    let receiver: Server;
    const delivered: { step: string; rmaNo: string; detail: Record<string, unknown> }[] = [];
    const get = (url: string, token = key) => call(hq.url, 'GET', url, { token });

    beforeAll(async () => {
      storage = await hqStorage({ embedded: kind === 'pglite' });
      receiver = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          delivered.push(JSON.parse(body));
          res.end('ok');
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      hqAdmin(storage, ['warehouse', 'WH-T', 'Test warehouse']);
      hq = await startHq(storage, 0, {
        HQ_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        HQ_WEBHOOK_SECRET: 'hook-secret',
        LOG_LEVEL: 'info',
      });
      // The admin CLI while HQ runs: it goes to the running HQ, never to its data folder.
      dock1 = await HqStation.enrol(hq.url, storage, 'WH-T', 'DOCK-1');
      dock2 = await HqStation.enrol(hq.url, storage, 'WH-T', 'DOCK-2');
      key = /shown once: (rk_\S+)/.exec(hqAdmin(storage, ['report-key', 'finance', 'WH-T']))![1]!;
      // What DOCK-1 recorded: a parcel of RMA-T1 with a unit, an exception and a photo.
      lpn1 = dock1.nextLpn();
      const answer = await dock1.push([
        r.parcelOpened('P-1', ['RMA-T1']),
        r.unitReceived(lpn1, 'P-1', 'RMA-T1'),
        r.exceptionRaised('X-1', 'P-1'),
        r.photoAdded(sha(JPEG), 'P-1'),
        r.refundDecided('D-1', 'RMA-T1', 'P-1', 39900),
      ]);
      expect(answer.body).toMatchObject({ ackSeq: 5, rejected: [] });
    }, 120_000);
    afterAll(async () => {
      await hq?.stop();
      receiver?.close();
      await storage?.drop();
    });

    const dock1Lpn = () => lpn1;
    const today = () => new Date().toISOString().slice(0, 10);

    describe('a station changes only what it recorded', () => {
      it('another station voiding, deciding, resolving or photographing DOCK-1’s records is refused as not_your_record, the cursor moves on, nothing changes', async () => {
        const res = await dock2.push([
          r.parcelVoided('P-1'),
          r.unitDecided(dock1Lpn()),
          r.exceptionRaised('X-1', 'P-1', 'resolved'),
          r.photoAdded(sha('x'), 'P-1'),
          r.photoAdded(sha('y'), 'P-2', dock1Lpn()),
        ]);
        expect(res.status).toBe(200);
        expect(res.body.ackSeq).toBe(dock2.seq);
        expect(res.body.rejected.map((x: { code: string }) => x.code)).toEqual([
          'not_your_record',
          'not_your_record',
          'not_your_record',
          'not_your_record',
          'not_your_record',
        ]);
        const pack = (await get(`/v1/reports/evidence/${dock1Lpn()}`)).body;
        expect(pack.parcel).toMatchObject({ status: 'open', station_id: 'DOCK-1' });
        expect(pack.unit).toMatchObject({ acceptance: 'accepted', station_id: 'DOCK-1' });
        expect(pack.exceptions).toEqual([expect.objectContaining({ status: 'open' })]);
        expect(pack.photos).toHaveLength(1);
        // What HQ refused is not evidence.
        expect(pack.records.every((x: { station: string }) => x.station === 'DOCK-1')).toBe(true);
      });

      it('an id or an LPN another station holds is never taken over: a parcel opened under DOCK-1’s id, a unit with DOCK-1’s LPN', async () => {
        const res = await dock2.push([
          r.parcelOpened('P-1', ['RMA-T2']),
          r.unitReceived(dock1Lpn(), 'P-9'),
          r.unitReceived(`LPNZZZZZ${'1'.padStart(5, '0')}`, 'P-9'),
        ]);
        expect(res.body.rejected.map((x: { code: string }) => x.code)).toEqual(['not_your_record', 'not_your_record', 'not_your_record']);
        expect((await get(`/v1/reports/evidence/${dock1Lpn()}`)).body.unit.station_id).toBe('DOCK-1');
      });

      it('a refund or a unit for a return the station never received makes no customer step and counts nowhere', async () => {
        const own = dock2.nextLpn();
        const res = await dock2.push([
          r.parcelOpened('P-2', ['RMA-T2']),
          r.refundDecided('D-2', 'RMA-T1', 'P-1', 50000),
          r.refundDecided('D-3', 'RMA-T9', 'P-2', 50000),
          r.unitReceived(own, 'P-2', 'RMA-T9'),
        ]);
        expect(res.body.rejected.map((x: { code: string }) => x.code)).toEqual(['not_your_record', 'return_not_received', 'return_not_received']);
        await waitFor('the webhook to catch up', async () => delivered.some((d) => d.rmaNo === 'RMA-T2'));
        expect(delivered.filter((d) => d.rmaNo === 'RMA-T9')).toEqual([]);
        expect(delivered.filter((d) => d.rmaNo === 'RMA-T1' && d.detail.station === 'DOCK-2')).toEqual([]);
        const refunds = (await get(`/v1/reports/refunds?from=${today()}&to=${today()}&warehouse=WH-T`)).body;
        expect(refunds.rows).toEqual([expect.objectContaining({ currency: 'CNY', returns: 1, deltaMinor: 39900, heldMinor: 0 })]);
      });

      it('units carry only the prefixes HQ gave the enrolment (or its own from before enrolment)', async () => {
        const res = await dock2.push([r.unitReceived(dock2.nextLpn(true), 'P-2'), r.unitReceived(`LPN${dock1.lpnPrefix}9999999`, 'P-2')]);
        expect(res.body.rejected).toEqual([expect.objectContaining({ seq: dock2.seq, code: 'not_your_record' })]);
      });

      it('a station id another computer holds is taken over only on purpose; the new enrolment cannot change the old one’s records', async () => {
        const code = /: ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})\s*$/m.exec(hqAdmin(storage, ['code', 'WH-T', 'DOCK-1']))![1]!;
        const body = { warehouseId: 'WH-T', stationId: 'DOCK-1', code, installId: '0e8b6c6a-2d4f-4f3e-9b1a-5c6d7e8f9a0b' };
        const taken = await call(hq.url, 'POST', '/v1/enrol', { json: body });
        expect(taken.status).toBe(409);
        expect(taken.body).toMatchObject({ code: 'station_taken' });
        expect((await dock1.pull()).status).toBe(200); // the computer enrolled keeps working
        const replaced = await call(hq.url, 'POST', '/v1/enrol', { json: { ...body, replace: true } });
        expect(replaced.status).toBe(200);
        const newer = new HqStation(hq.url, 'WH-T', 'DOCK-1', replaced.body.token, body.installId, replaced.body.lpnPrefix);
        expect((await dock1.pull()).status).toBe(401);
        const res = await newer.push([r.parcelVoided('P-1')]);
        expect(res.body.rejected).toEqual([expect.objectContaining({ code: 'not_your_record' })]);
        dock1 = newer;
      });
    });

    describe('no bytes wedge a station or break a report', () => {
      it('a record or an audit event holding U+0000 is kept escaped as a refusal, and the cursor and the audit head move on', async () => {
        const event = {
          seq: 1,
          at: new Date().toISOString(),
          who: 'C001',
          action: 'parcel.open',
          entity: 'parcel',
          entityId: 'P-3',
          after: { scanned: 'nul\u0000here' },
          prevHash: GENESIS_HASH,
        };
        const whole: AuditEvent = { ...event, hash: hashAuditEvent(event) };
        audited = whole;
        const res = await dock2.push(
          [r.parcelOpened('P-3', []), { type: 'parcel.carrierNoted', payload: { id: 'P-3', note: 'a\u0000b' } }, r.parcelOpened('P-4', [])],
          [whole],
        );
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ ackSeq: dock2.seq, auditHeadSeq: 1, rejected: [{ code: 'unstorable_text' }] });
        const again = await dock2.push([r.parcelOpened('P-5', [])]);
        expect(again.body).toMatchObject({ ackSeq: dock2.seq, rejected: [] });
      });

      it('JSON nested 100 000 deep is refused with 400 before it is parsed; HQ still answers', async () => {
        const deep = `{"installId":"${dock2.installId}","items":[{"seq":1,"type":"x","v":1,"createdAt":"2026-12-01T00:00:00.000Z","payload":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`;
        const res = await call(hq.url, 'POST', '/v1/sync/push', { token: dock2.token, raw: deep });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'too_deep' });
        expect((await call(hq.url, 'GET', '/v1/health')).status).toBe(200);
      });

      it('a unit with only what its schema requires is read by every report; the CSV answers 200', async () => {
        const lpn = dock2.nextLpn();
        const bare = {
          lpn,
          parcelId: 'P-5',
          expectedLineId: null,
          match: 'unexpected',
          grade: 'A',
          acceptance: 'accepted',
          inspectedAt: new Date().toISOString(),
          clerkId: 'C001',
          qty: 1,
        };
        expect((await dock2.push([{ type: 'unit.received', payload: bare }])).body.rejected).toEqual([]);
        const csv = await get(`/v1/reports/returns.csv?from=${today()}&to=${today()}&warehouse=WH-T`);
        expect(csv.status, csv.text).toBe(200);
        expect(csv.text).toContain(lpn);
        for (const report of ['intake', 'refunds', 'return-rate', 'gift-tasks', 'day-closes'])
          expect((await get(`/v1/reports/${report}?from=${today()}&to=${today()}`)).status, report).toBe(200);
        expect((await get(`/v1/reports/evidence/${lpn}`)).status).toBe(200);
      });

      it('a NUL in a path or query, a garbage checkpoint, an unknown route, a body that is not JSON: 4xx with { code, message }, never 500', async () => {
        const answers = [
          await get('/v1/reports/returns/%00/timeline'),
          await get('/v1/reports/exceptions?warehouse=WH%00T'),
          await dock2.pull('checkpoint=1:99999999999999999999999:x:y'),
          await dock2.pull('checkpoint=%00'),
          await dock2.pull('limit=-5'),
          await call(hq.url, 'GET', '/v1/no/such/route'),
          await call(hq.url, 'DELETE', '/v1/sync/push'),
          await call(hq.url, 'POST', '/v1/enrol', { raw: '{"warehouseId": ' }),
          await call(hq.url, 'POST', '/v1/enrol', { raw: 'x', contentType: 'text/plain' }),
          await call(hq.url, 'PUT', `/v1/blobs/${sha('z')}`, { token: dock2.token, json: {} }),
        ];
        for (const a of answers) {
          expect(a.status, a.text).toBeGreaterThanOrEqual(400);
          expect(a.status, a.text).toBeLessThan(500);
          expect(a.body, a.text).toEqual(expect.objectContaining({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) }));
        }
      });

      it('an injection in a path is only ever a value', async () => {
        const res = await get(`/v1/reports/returns/${encodeURIComponent("RMA' or '1'='1")}/timeline`);
        expect(res.status).toBe(200);
        expect(res.body.steps).toEqual([]);
        expect((await get('/reports/..%2F..%2Fsrc%2Fmain.ts')).status).toBe(404);
      });
    });

    describe('replays and forged chains', () => {
      it('a push replayed is acknowledged and changes nothing; a push replayed with another station’s install is refused', async () => {
        const before = dock2.seq;
        dock2.seq = 0;
        const replay = await dock2.push([r.parcelOpened('P-3', [])]);
        dock2.seq = before;
        expect(replay.body.ackSeq).toBe(before);
        const foreign = await dock2.push([r.parcelOpened('P-6', [])], [], dock1.installId);
        dock2.seq = before;
        expect(foreign.status).toBe(409);
        expect(foreign.body).toMatchObject({ code: 'reenrol_required' });
      });

      it('an audit event changed after it was hashed is refused, and so is going back to hashes only', async () => {
        const content = { seq: 2, at: new Date().toISOString(), who: 'C001', action: 'unit.accept', entity: 'unit', entityId: 'X', prevHash: '0'.repeat(64) };
        const forged = await dock2.push([r.parcelOpened('P-7', [])], [{ ...content, hash: hashAuditEvent({ ...content, who: 'M001' }) }]);
        expect(forged.status).toBe(409);
        expect(forged.body.code).toBe('audit_chain_broken');
        dock2.seq--;
        // The next link is right, but only a hash: a station that sent its events whole may not stop.
        const links = await dock2.push([r.parcelOpened('P-7', [])], [{ seq: 2, prevHash: audited.hash, hash: sha('whatever') }]);
        expect(links.status).toBe(409);
        expect(links.body.code).toBe('audit_events_required');
        dock2.seq--;
      });
    });

    describe('the same return at two stations', () => {
      it('HQ lets the first refund through and holds the second; the customer is told it is on hold; a person settles it', async () => {
        const refundsOf = async () => (await get(`/v1/reports/refunds?from=${today()}&to=${today()}&warehouse=WH-T`)).body.rows[0];
        const dueBefore = (await refundsOf()).deltaMinor as number;
        const lpn = dock2.nextLpn();
        const res = await dock2.push([r.parcelOpened('P-8', ['RMA-T1']), r.unitReceived(lpn, 'P-8', 'RMA-T1'), r.refundDecided('D-8', 'RMA-T1', 'P-8', 39900)]);
        expect(res.body.rejected).toEqual([]);
        expect(await refundsOf()).toMatchObject({ deltaMinor: dueBefore, heldMinor: 39900 });
        const conflicts = (await get('/v1/reports/refund-conflicts?warehouse=WH-T')).body.rows;
        expect(conflicts).toEqual([expect.objectContaining({ rma_no: 'RMA-T1', due_minor: 39900, held_minor: 39900 })]);
        expect(conflicts[0].details[0].key).toBe('refund.lineOverAcrossStations');
        await waitFor('the held step', async () => delivered.find((d) => d.rmaNo === 'RMA-T1' && d.step === 'refund_on_hold'));
        expect(delivered.filter((d) => d.rmaNo === 'RMA-T1' && d.step === 'refund_recommended')).toHaveLength(1);
        // DOCK-1 learns of it when it pulls: what DOCK-2 received for RMA-T1 — served once no older write
        // transaction runs on the server (another test file's, on PostgreSQL; PGlite is HQ's alone).
        if (storage.kind === 'postgresql') {
          const db = await storage.open();
          await olderTransactionsEnded(db.pool).finally(() => db.close());
        }
        const pulled = await dock1.pull('with=receipts');
        const receipts = pulled.body.rows.find((x: { kind: string; key: string }) => x.kind === 'returnReceipts' && x.key === 'RMA-T1');
        expect(receipts.body.units.map((u: { station: string }) => u.station).sort()).toEqual(['DOCK-1', 'DOCK-2']);
        expect((await dock1.pull()).body.rows.some((x: { kind: string }) => x.kind === 'returnReceipts')).toBe(false);
        expect(hqAdmin(storage, ['settle', 'WH-T', 'RMA-T1', 'deny', 'finance-lead', 'received twice: the second parcel was the same one'])).toContain(
          '0 decision(s) released, 1 denied',
        );
        expect(await refundsOf()).toMatchObject({ deltaMinor: dueBefore, heldMinor: 0, deniedMinor: 39900 });
        await waitFor('the denial step', async () => delivered.find((d) => d.rmaNo === 'RMA-T1' && d.step === 'refund_denied'));
      });
    });

    describe('photos', () => {
      it('a photo a record names is taken and served as what its bytes are, with nosniff; unnamed ones only within a small daily quota', async () => {
        expect((await call(hq.url, 'PUT', `/v1/blobs/${sha(JPEG)}`, { token: dock1.token, raw: JPEG, contentType: 'application/octet-stream' })).status).toBe(
          201,
        );
        const photo = await get(`/v1/reports/photos/WH-T/${sha(JPEG)}`);
        expect(photo.headers.get('content-type')).toBe('image/jpeg');
        expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
        const page = Buffer.from('<html><script>alert(1)</script></html>');
        const statuses: number[] = [];
        for (let i = 0; i < 22; i++) {
          const bytes = Buffer.concat([page, Buffer.from(String(i))]);
          statuses.push(
            (await call(hq.url, 'PUT', `/v1/blobs/${sha(bytes)}`, { token: dock2.token, raw: bytes, contentType: 'application/octet-stream' })).status,
          );
        }
        expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
        expect(statuses.at(-1)).toBe(403);
        const served = await get(`/v1/reports/photos/WH-T/${sha(Buffer.concat([page, Buffer.from('0')]))}`);
        expect(served.headers.get('content-type')).toBe('application/octet-stream');
        expect(served.headers.get('content-disposition')).toContain('attachment');
      });
    });

    describe('secrets, revocation, administration', () => {
      it('the embedded database is reached through a socket in a folder only HQ’s user may enter; the admin secret is 0600; no secret is in the log', async () => {
        const run = path.join(storage.dataDir, 'run');
        expect(statSync(run).mode & 0o777).toBe(0o700);
        const access = JSON.parse(await readFile(path.join(run, 'admin.json'), 'utf8')) as { secret: string; url: string };
        expect(statSync(path.join(run, 'admin.json')).mode & 0o777).toBe(0o600);
        if (kind === 'pglite') expect(statSync(path.join(run, '.s.PGSQL.5432')).isSocket()).toBe(true);
        const log = hq.output();
        for (const secret of [dock2.token, dock2.token.split('.')[2]!, key, access.secret]) expect(log).not.toContain(secret);
      });

      it('administration needs the running HQ’s secret: no token or key opens it', async () => {
        const access = JSON.parse(await readFile(path.join(storage.dataDir, 'run', 'admin.json'), 'utf8')) as { secret: string };
        expect((await call(hq.url, 'GET', '/v1/admin/stations')).status).toBe(401);
        expect((await call(hq.url, 'GET', '/v1/admin/stations', { token: key })).status).toBe(401);
        expect((await call(hq.url, 'GET', '/v1/admin/stations', { token: dock2.token })).status).toBe(401);
        const ok = await call(hq.url, 'GET', '/v1/admin/stations', { token: access.secret });
        expect(ok.status).toBe(200);
        expect(ok.body.rows.map((s: { stationId: string }) => s.stationId)).toEqual(['DOCK-1', 'DOCK-2']);
      });

      it('no cross-origin page may read HQ: no CORS headers, a preflight is refused', async () => {
        const res = await call(hq.url, 'GET', '/v1/health', { headers: { origin: 'https://evil.example' } });
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(
          (await call(hq.url, 'OPTIONS', '/v1/sync/push', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })).status,
        ).toBe(404);
      });

      it('revoking a station stops its token and the codes issued for it; report keys are revoked and listed', async () => {
        const spare = /: ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})\s*$/m.exec(hqAdmin(storage, ['code', 'WH-T', 'DOCK-2']))![1]!;
        expect(hqAdmin(storage, ['revoke', 'WH-T', 'DOCK-2'])).toContain('1 unused enrolment code(s) revoked too');
        expect((await dock2.pull()).status).toBe(401);
        const reuse = await call(hq.url, 'POST', '/v1/enrol', { json: { warehouseId: 'WH-T', stationId: 'DOCK-2', code: spare, installId: dock2.installId } });
        expect(reuse.status).toBe(403);
        const keys = hqAdmin(storage, ['report-keys']);
        const id = /^([0-9a-f]{12})\tfinance/m.exec(keys)![1]!;
        expect(hqAdmin(storage, ['revoke-key', id])).toContain('revoked');
        expect((await get('/v1/reports/exceptions')).status).toBe(401);
      });
    });
  });
}
