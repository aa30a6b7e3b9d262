/**
 * Who may do what at HQ's console: people sign in with a password (locked after five wrong ones), hold a
 * session cookie (HttpOnly, SameSite=Strict) and send its CSRF token with every change; each role reaches
 * only the routes it may, a person of one warehouse sees and changes only that warehouse. Every admin and
 * report route is tried with every role against a real HQ process on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HQ_ROLES, roleCan, type HqRole } from '../../shared/hq-api/people';
import { HQ_ROUTES, type HqRoute } from '../../shared/hq-api/routes';
import { hqAdmin, hqStorage, startHq, type HqProcess } from '../e2e/hq-process';
import { http as call, HqStation, records as r } from '../helpers/hq-http';

const PASSWORD = 'correct horse battery';

interface Session {
  cookie: string;
  csrf: string;
}

describe('the console’s people and their permissions', () => {
  let storage: Awaited<ReturnType<typeof hqStorage>>;
  let hq: HqProcess;
  const sessions = new Map<string, Session>();

  const signIn = async (login: string, password = PASSWORD) => {
    const res = await fetch(`${hq.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    const body = await res.json();
    return { status: res.status, body, setCookie: res.headers.get('set-cookie') ?? '' };
  };
  const as = (s: Session | undefined, method: string, url: string, json?: unknown, csrf = true) =>
    call(hq.url, method, url, {
      headers: { ...(s ? { cookie: s.cookie } : {}), ...(s && csrf ? { 'x-csrf-token': s.csrf } : {}) },
      ...(json !== undefined ? { json } : {}),
    });

  beforeAll(async () => {
    storage = await hqStorage({ embedded: false });
    hqAdmin(storage, ['warehouse', 'WH-A', 'Warehouse A']);
    hqAdmin(storage, ['warehouse', 'WH-B', 'Warehouse B']);
    const withPassword = { ...storage, env: { ...storage.env, HQ_PERSON_PASSWORD: PASSWORD } };
    for (const role of HQ_ROLES) hqAdmin(withPassword, ['person', `${role.replace('_', '-')}@hq`, role, '--name', `The ${role}`]);
    hqAdmin(withPassword, ['person', 'ops-a@hq', 'operations', 'WH-A', '--name', '仓库A运营']);
    hqAdmin(withPassword, ['person', 'guess@hq', 'viewer']);
    hq = await startHq(storage, 0);
    const dockA = await HqStation.enrol(hq.url, storage, 'WH-A', 'DOCK-A');
    const dockB = await HqStation.enrol(hq.url, storage, 'WH-B', 'DOCK-B');
    await dockA.push([r.parcelOpened('P-A', ['RMA-A1'], 'DOCK-A'), r.unitReceived(dockA.nextLpn(), 'P-A', 'RMA-A1')]);
    await dockB.push([r.parcelOpened('P-B', ['RMA-B1'], 'DOCK-B'), r.unitReceived(dockB.nextLpn(), 'P-B', 'RMA-B1')]);
    for (const login of [...HQ_ROLES.map((role) => `${role.replace('_', '-')}@hq`), 'ops-a@hq']) {
      const res = await signIn(login);
      expect(res.status).toBe(200);
      sessions.set(login, { cookie: /hq_session=[^;]+/.exec(res.setCookie)![0], csrf: res.body.csrf });
    }
  }, 120_000);
  afterAll(async () => {
    await hq?.stop();
    await storage?.drop();
  });

  it('a session is an HttpOnly, SameSite=Strict cookie; the page learns who it is and its CSRF token', async () => {
    const res = await signIn('finance@hq');
    expect(res.setCookie).toMatch(/hq_session=[A-Za-z0-9_-]{40,}/);
    expect(res.setCookie).toMatch(/HttpOnly/i);
    expect(res.setCookie).toMatch(/SameSite=Strict/i);
    expect(res.body).toEqual({ user: { login: 'finance@hq', name: 'The finance', role: 'finance', warehouseId: null }, csrf: expect.any(String) });
    const me = await as(sessions.get('finance@hq'), 'GET', '/v1/session');
    expect(me.body.user.role).toBe('finance');
  });

  it('without a session the admin API answers 401, and a wrong password says nothing of whether the login exists', async () => {
    expect((await call(hq.url, 'GET', '/v1/admin/stations')).status).toBe(401);
    expect((await call(hq.url, 'GET', '/v1/admin/stations', { headers: { cookie: 'hq_session=forged-forged-forged-forged' } })).status).toBe(401);
    const wrong = await signIn('admin@hq', 'not the password');
    const nobody = await signIn('nobody@hq', 'not the password');
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(nobody.body);
  });

  it('five wrong passwords lock the account (even the right one is refused then); the others are not affected', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('guess@hq', `wrong ${i}`)).status).toBe(401);
    const locked = await signIn('guess@hq');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('account_locked');
    expect((await signIn('viewer@hq')).status).toBe(200);
  });

  it('a change without the session’s CSRF token is refused, whatever the role', async () => {
    const admin = sessions.get('admin@hq')!;
    const forged = await as(admin, 'POST', '/v1/admin/stations/WH-A/DOCK-NEW/code', { hours: 1 }, false);
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('csrf_failed');
    const stations = (await as(admin, 'GET', '/v1/admin/stations')).body.rows.map((s: { stationId: string }) => s.stationId);
    expect(stations).not.toContain('DOCK-NEW');
    const real = await as(admin, 'POST', '/v1/admin/stations/WH-A/DOCK-NEW/code', { hours: 1 });
    expect(real.status).toBe(200);
  });

  it('every admin route, for every role: allowed exactly as the role says, refused with 403 otherwise', async () => {
    const fill = (path: string) =>
      path
        .replace(':warehouseId', 'WH-A')
        .replace(':stationId', 'DOCK-ZZ')
        .replace(':login', 'someone@hq')
        .replace(':id', '0123456789ab')
        .replace(':kind', 'catalog')
        .replace(':key', 'nothing')
        .replace(':taskId', 'no-such-task')
        .replace(':exceptionId', 'no-such-exception')
        .replace(':rmaNo', 'RMA-NONE');
    const seen: string[] = [];
    for (const [name, spec] of Object.entries(HQ_ROUTES) as [string, HqRoute][]) {
      if (spec.auth !== 'admin') continue;
      for (const role of HQ_ROLES) {
        const res = await as(sessions.get(`${role.replace('_', '-')}@hq`), spec.method, fill(spec.path), spec.method === 'GET' ? undefined : {});
        const may = spec.can === 'read' || roleCan(role, spec.can ?? 'fleet');
        seen.push(`${name} ${role} ${res.status}`);
        if (may) expect([401, 403, 500], `${name} as ${role}: ${res.text}`).not.toContain(res.status);
        else expect(res.status, `${name} as ${role}`).toBe(403);
      }
    }
    expect(seen.length).toBeGreaterThan(14 * HQ_ROLES.length);
  });

  it('every report route is open to every role, for its warehouses', async () => {
    const day = new Date().toISOString().slice(0, 10);
    for (const [name, spec] of Object.entries(HQ_ROUTES) as [string, HqRoute][]) {
      if (spec.auth !== 'report' || spec.path.includes(':')) continue;
      const query = name === 'findReturns' ? '?q=RMA-A1' : spec.query === HQ_ROUTES.intake.query ? `?from=${day}&to=${day}` : '';
      for (const role of HQ_ROLES as readonly HqRole[]) {
        const res = await as(sessions.get(`${role.replace('_', '-')}@hq`), 'GET', `${spec.path}${query}`);
        expect(res.status, `${name} as ${role}: ${res.text}`).toBe(200);
      }
    }
  });

  it('a person of one warehouse sees and changes only that warehouse', async () => {
    const opsA = sessions.get('ops-a@hq')!;
    const stations = (await as(opsA, 'GET', '/v1/admin/stations')).body.rows.map((s: { warehouseId: string }) => s.warehouseId);
    expect(new Set(stations)).toEqual(new Set(['WH-A']));
    expect((await as(opsA, 'GET', '/v1/admin/stations?warehouse=WH-B')).status).toBe(403);
    expect((await as(opsA, 'GET', '/v1/admin/warehouses')).body.rows.map((w: { warehouseId: string }) => w.warehouseId)).toEqual(['WH-A']);
    expect((await as(opsA, 'GET', '/v1/reports/find?q=RMA-B1&warehouse=WH-B')).status).toBe(403);
    expect((await as(opsA, 'GET', '/v1/reports/find?q=RMA-B1')).body.rows).toEqual([]);
    expect((await as(opsA, 'GET', '/v1/reports/find?q=RMA-A1')).body.rows).toEqual([expect.objectContaining({ rma_no: 'RMA-A1', warehouse_id: 'WH-A' })]);
    const elsewhere = await as(opsA, 'POST', '/v1/admin/refund-conflicts/WH-B/RMA-B1/settle', { decision: 'release', by: 'x', reason: 'paid once' });
    expect(elsewhere.status).toBe(403);
  });

  it('the fleet view hears how each station is: its version, its clock against HQ’s, the records still waiting', async () => {
    const dock = await HqStation.enrol(hq.url, storage, 'WH-A', 'DOCK-H');
    const sentAt = new Date(Date.now() + 90_000).toISOString();
    const res = await dock.push([r.parcelOpened('P-H', [], 'DOCK-H')], [], dock.installId, { health: { version: '0.9.1', sentAt, waiting: 12 } });
    expect(res.status).toBe(200);
    const row = (await as(sessions.get('admin@hq'), 'GET', '/v1/admin/stations?warehouse=WH-A')).body.rows.find(
      (s: { stationId: string }) => s.stationId === 'DOCK-H',
    );
    expect(row).toMatchObject({ appVersion: '0.9.1', recordsWaiting: 12, auditBrokenAt: null });
    expect(Math.abs(row.clockSkewMs - 90_000)).toBeLessThan(15_000);
  });

  it('the customer webhook’s deliveries are listed, and one is tried again — within the person’s warehouse only', async () => {
    const admin = sessions.get('admin@hq')!;
    const rows = (await as(admin, 'GET', '/v1/admin/webhooks')).body.rows as { id: string; warehouseId: string; deliveredAt: string | null }[];
    const ofB = rows.find((w) => w.warehouseId === 'WH-B' && !w.deliveredAt)!;
    expect(ofB).toBeDefined();
    expect((await as(admin, 'POST', `/v1/admin/webhooks/${ofB.id}/retry`, {})).body).toEqual({ retried: true });
    const opsA = sessions.get('ops-a@hq')!;
    expect((await as(opsA, 'GET', '/v1/admin/webhooks')).body.rows.every((w: { warehouseId: string }) => w.warehouseId === 'WH-A')).toBe(true);
  });

  it('signing out ends the session at once', async () => {
    const res = await signIn('viewer@hq');
    const s = { cookie: /hq_session=[^;]+/.exec(res.setCookie)![0], csrf: res.body.csrf };
    expect((await as(s, 'GET', '/v1/session')).body.user.login).toBe('viewer@hq');
    expect((await as(s, 'DELETE', '/v1/session')).status).toBe(200);
    expect((await as(s, 'GET', '/v1/session')).body).toEqual({ user: null, csrf: null });
    expect((await as(s, 'GET', '/v1/reports/refunds-due')).status).toBe(401);
  });
});
