import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWarehouse, issueEnrolmentCode, issueReportKey } from '../../hq/src/admin';
import { FailedSignIns } from '../../hq/src/http/sign-in';
import { buildHq } from '../../hq/src/server';
import { freshHqDatabase } from '../helpers/hq-database';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
let app: FastifyInstance;
const INSTALL = '8a3c5b1e-0f4d-4e2a-9c61-1b2d3e4f5a6b';

beforeAll(async () => {
  hq = await freshHqDatabase();
  app = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 5 } });
  await addWarehouse(hq.pool, 'WH-SH-01', 'Shanghai');
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hq?.drop();
});

describe('HQ refuses what would hurt it', () => {
  it('a body is read only once its sender is known, and an oversized one is refused with 413 before it is read into a push', async () => {
    const huge = JSON.stringify({
      installId: INSTALL,
      items: [{ seq: 1, type: 'parcel.opened', v: 1, createdAt: '2026-11-24T06:00:00.000Z', payload: { pad: 'x'.repeat(9 * 1024 * 1024) } }],
      audit: [],
    });
    const stranger = await app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      payload: huge,
      remoteAddress: '10.0.0.9',
    });
    expect(stranger.statusCode).toBe(401);
    const code = await issueEnrolmentCode(hq.pool, 'WH-SH-01', 'DOCK-9');
    const { token } = (
      await app.inject({ method: 'POST', url: '/v1/enrol', payload: { warehouseId: 'WH-SH-01', stationId: 'DOCK-9', code, installId: INSTALL } })
    ).json() as { token: string };
    const res = await app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: huge,
      remoteAddress: '10.0.0.10',
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body_too_large' });
  });

  it('guessing tokens is slowed down: after 5 failures in a minute an address is refused even with a good token; others are not', async () => {
    const code = await issueEnrolmentCode(hq.pool, 'WH-SH-01', 'DOCK-1');
    const enrolled = await app.inject({
      method: 'POST',
      url: '/v1/enrol',
      payload: { warehouseId: 'WH-SH-01', stationId: 'DOCK-1', code, installId: INSTALL },
    });
    const { token } = enrolled.json() as { token: string };
    const pull = (auth: string, ip: string) =>
      app.inject({ method: 'GET', url: '/v1/sync/pull?checkpoint=', headers: { authorization: `Bearer ${auth}` }, remoteAddress: ip });
    for (let i = 0; i < 5; i++) expect((await pull(`guess-${i}`, '10.0.0.66')).statusCode).toBe(401);
    const blocked = await pull(token, '10.0.0.66');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'too_many_failures' });
    expect((await pull(token, '10.0.0.67')).statusCode).toBe(200);
  });

  it('behind a load balancer that HQ is told to trust, limits count each caller by its forwarded address; untrusted, a forwarded address is ignored', async () => {
    const guess = (server: FastifyInstance, forwarded: string) =>
      server.inject({
        method: 'GET',
        url: '/v1/sync/pull?checkpoint=',
        headers: { authorization: 'Bearer nope', 'x-forwarded-for': forwarded },
        remoteAddress: '10.9.9.9',
      });
    const behind = await buildHq({
      pool: hq.pool,
      database: hq,
      trustProxy: 1,
      rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 3 },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await guess(behind, '198.51.100.7')).statusCode).toBe(401);
      expect((await guess(behind, '198.51.100.7')).statusCode).toBe(429);
      // Another station behind the same balancer is not locked out by the guesser.
      expect((await guess(behind, '198.51.100.8')).statusCode).toBe(401);
    } finally {
      await behind.close();
    }
    // Not trusted: a caller cannot pick a fresh address per guess.
    const direct = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 100_000, enrolPerMinute: 1000, failedAuthPerMinute: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await guess(direct, `198.51.100.${20 + i}`)).statusCode).toBe(401);
      expect((await guess(direct, '198.51.100.99')).statusCode).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('administration answers only this machine, with this start’s secret: not another address, not a forwarded loopback', async () => {
    const admin = await buildHq({ pool: hq.pool, database: hq, adminSecret: 'the-secret-of-this-start', trustProxy: true });
    try {
      const ask = (remoteAddress: string, secret: string, headers: Record<string, string> = {}) =>
        admin.inject({ method: 'GET', url: '/v1/admin/warehouses', headers: { authorization: `Bearer ${secret}`, ...headers }, remoteAddress });
      expect((await ask('127.0.0.1', 'the-secret-of-this-start')).statusCode).toBe(200);
      expect((await ask('127.0.0.1', 'a-guess')).statusCode).toBe(401);
      expect((await ask('10.0.0.5', 'the-secret-of-this-start')).statusCode).toBe(401);
      expect((await ask('10.0.0.5', 'the-secret-of-this-start', { 'x-forwarded-for': '127.0.0.1' })).statusCode).toBe(401);
    } finally {
      await admin.close();
    }
  });

  it('the map of failed sign-ins forgets quiet addresses and never grows past its bound', () => {
    const failures = new FailedSignIns(5, 1000);
    const t0 = 1_000_000;
    for (let i = 0; i < 5000; i++) failures.failed(`10.1.${Math.floor(i / 250)}.${i % 250}`, t0 + i);
    expect(failures.size).toBeLessThanOrEqual(1000);
    failures.prune(t0 + 5000 + 61_000);
    expect(failures.size).toBe(0);
  });

  it('a report key that expired reads nothing', async () => {
    const key = await issueReportKey(hq.pool, 'temp', 'WH-SH-01', 1);
    const read = () => app.inject({ method: 'GET', url: '/v1/reports/exceptions', headers: { authorization: `Bearer ${key}` }, remoteAddress: '10.0.0.80' });
    expect((await read()).statusCode).toBe(200);
    await hq.pool.query("update report_keys set expires_at = now() - interval '1 minute' where name = 'temp'");
    expect((await read()).statusCode).toBe(401);
  });

  it('a malformed body is a clear 400, never a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/enrol',
      headers: { 'content-type': 'application/json' },
      payload: '{"warehouseId": ',
      remoteAddress: '10.0.0.70',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

describe('the stations’ update feed', () => {
  it('serves the published files by plain name, and nothing outside its folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hq-updates-'));
    await writeFile(path.join(dir, 'latest-linux.yml'), 'version: 0.2.0\npath: station-0.2.0.AppImage\n');
    await writeFile(path.join(dir, 'station-0.2.0.AppImage'), Buffer.from([1, 2, 3, 4]));
    const updates = await buildHq({ pool: hq.pool, database: hq, updatesDir: dir });
    try {
      const yml = await updates.inject({ method: 'GET', url: '/updates/latest-linux.yml' });
      expect(yml.statusCode).toBe(200);
      expect(yml.headers['content-type']).toContain('text/yaml');
      expect(yml.body).toContain('version: 0.2.0');
      const bin = await updates.inject({ method: 'GET', url: '/updates/station-0.2.0.AppImage' });
      expect(bin.rawPayload).toEqual(Buffer.from([1, 2, 3, 4]));
      for (const bad of ['/updates/..%2Fetc%2Fpasswd', '/updates/missing.yml', '/updates/.hidden'])
        expect((await updates.inject({ method: 'GET', url: bad })).statusCode, bad).toBe(404);
      // `/updates/..` is the site's root (the console's page, or 404 without one): never the folder above the updates.
      const up = await updates.inject({ method: 'GET', url: '/updates/%2E%2E' });
      expect(up.statusCode === 404 || up.body.includes('<div id="root">'), up.body.slice(0, 80)).toBe(true);
    } finally {
      await updates.close();
    }
  });
});
