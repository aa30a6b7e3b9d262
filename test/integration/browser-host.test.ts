import { readFile, writeFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { StationError } from '../../shared/errors';
import type { SettingsState } from '../../shared/settings';
import { auditCsp } from '../../electron/security/csp';
import { startHost, type RunningHost } from '../../electron/host/start-host';
import { startStationServices } from '../../electron/services/station-services';
import { createStationApi } from '../../renderer/platform/station-api';
import { createBrowserTransport } from '../../renderer/platform/station.browser';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const running: { close(): unknown }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

async function rendererDir() {
  const dir = await tempDir('renderer-');
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>station</title>');
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

const SECRET = 'test-access-key-0123456789abcdef';

async function start(port = 0, dataDir?: string) {
  const services = await startStationServices({ dataDir: dataDir ?? (await tempDir()), mode: 'browser', appName: 'Station', appVersion: '9.9.9' });
  const host = await startHost({ services, rendererDir: await rendererDir(), port, secret: SECRET });
  running.push(services, host);
  return { services, host };
}

/** The cookie the station's page got from the printed address. */
const keyCookie = (port: number) => `station_key_${port}=${SECRET}`;

/** What a page served by the host is: a WebSocket that sends the host's own Origin and its cookie, as browsers do. */
function pageSocket(origin: string): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin, headers: { cookie: keyCookie(Number(new URL(url).port)) } });
    }
  } as unknown as typeof globalThis.WebSocket;
}

function connectApi(host: RunningHost, options: { retryDelaysMs?: number[] } = {}) {
  const transport = createBrowserTransport(`ws://127.0.0.1:${host.port}/ipc`, {
    WebSocketImpl: pageSocket(`http://127.0.0.1:${host.port}`),
    callTimeoutMs: 3000,
    ...options,
  });
  running.push(transport);
  return { api: createStationApi(transport), transport };
}

function request(port: number, pathname: string, init: { method?: string; host?: string; cookie?: string | null } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const cookie = init.cookie === undefined ? keyCookie(port) : init.cookie;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: init.method ?? 'GET',
        headers: { host: init.host ?? `127.0.0.1:${port}`, ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function waitFor(check: () => boolean, timeoutMs = 5000) {
  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const tick = () => (check() ? resolve() : Date.now() - started > timeoutMs ? reject(new Error('timed out')) : setTimeout(tick, 20));
    tick();
  });
}

describe('browser-mode host: serving the renderer', () => {
  it('serves the built renderer on loopback with the same strict CSP as Electron', async () => {
    const { host } = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?key=${SECRET}`);
    const res = await request(host.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>station</title>');
    expect(auditCsp(String(res.headers['content-security-policy']))).toEqual([]);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect((await request(host.port, '/assets/app.js')).status).toBe(200);
  });

  it('refuses foreign Host headers (DNS rebinding), writes, and paths outside the renderer', async () => {
    const { host } = await start();
    expect((await request(host.port, '/', { host: 'evil.example' })).status).toBe(421);
    expect((await request(host.port, '/', { method: 'POST' })).status).toBe(405);
    expect((await request(host.port, '/../../etc/passwd')).status).toBe(404);
    expect((await request(host.port, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('serves only the page opened from the printed address: its key becomes an HttpOnly cookie; without it, 403', async () => {
    const { host } = await start();
    const first = await request(host.port, `/?key=${SECRET}`, { cookie: null });
    expect(first.status).toBe(200);
    expect(first.headers['set-cookie']).toEqual([`station_key_${host.port}=${SECRET}; HttpOnly; SameSite=Strict; Path=/`]);
    // Never kept in a cache: a browser relaunched after a crash must fetch it (and its cookie) again.
    expect(first.headers['cache-control']).toBe('no-store');
    for (const cookie of [null, `station_key_${host.port}=wrong`, `station_key_1=${SECRET}`]) {
      expect((await request(host.port, '/', { cookie })).status, String(cookie)).toBe(403);
      expect((await request(host.port, '/assets/app.js', { cookie })).status).toBe(403);
    }
    expect((await request(host.port, '/?key=guess', { cookie: null })).status).toBe(403);
  });

  it('says clearly when its port is taken', async () => {
    const { host } = await start();
    await expect(start(host.port)).rejects.toMatchObject({ code: 'port_in_use', message: expect.stringContaining(`Port ${host.port}`) });
  });
});

describe('browser-mode host: the contract over WebSocket', () => {
  it('answers calls through the same handlers as Electron', async () => {
    const { host } = await start();
    const { api, transport } = connectApi(host);
    const info = await api.appInfo();
    expect(info).toMatchObject({ mode: 'browser', version: '9.9.9', name: 'Station' });
    expect(transport.connection.get()).toBe('connected');
    expect((await api.settingsGet()).settings.station.id).toBe('STATION-01');
    expect(Array.isArray((await api.serialList()).ports)).toBe(true);
  });

  it('rejects invalid input with a validation error naming the field', async () => {
    const { host } = await start();
    const { api } = connectApi(host);
    const err = await api.settingsSet({ ui: { language: 'fr' as 'en' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StationError);
    expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Invalid input for settingsSet: ui\.language/) });
  });

  it('pushes events to every connected page', async () => {
    const { host } = await start();
    const a = connectApi(host).api;
    const b = connectApi(host).api;
    const seen: SettingsState[] = [];
    b.onSettingsChanged((s) => seen.push(s));
    await b.appInfo();
    await a.settingsSet({ ui: { language: 'zh-CN' } });
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.settings.ui.language).toBe('zh-CN');
  });

  it('writes renderer log entries to the station log file', async () => {
    const { host, services } = await start();
    const { api } = connectApi(host);
    await api.logWrite({ level: 'error', message: 'printer refused job', context: { job: 'J-1' } });
    await services.close();
    expect(await readFile(services.logger.file, 'utf8')).toContain('"msg":"printer refused job"');
  });

  it('refuses a WebSocket without the key — any local process that knows only the port — even with the right Origin and Host', async () => {
    const { host } = await start();
    for (const headers of [{}, { cookie: `station_key_${host.port}=nope` }]) {
      const outcome = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin: `http://127.0.0.1:${host.port}`, headers });
        ws.on('open', () => resolve('open'));
        ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
        ws.on('error', (e) => resolve(`error ${e.message}`));
      });
      expect(outcome).toBe('http 403');
    }
    const rebound = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, {
        origin: `http://127.0.0.1:${host.port}`,
        headers: { host: 'evil.example', cookie: keyCookie(host.port) },
      });
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
      ws.on('error', (e) => resolve(`error ${e.message}`));
    });
    expect(rebound).toBe('http 403');
  });

  it('refuses a WebSocket from another origin (another site open in the same browser)', async () => {
    const { host } = await start();
    const outcome = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin: 'https://evil.example' });
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
      ws.on('error', (e) => resolve(`error ${e.message}`));
    });
    expect(outcome).toBe('http 403');
  });

  it('answers a malformed message with a protocol error and keeps the connection', async () => {
    const { host } = await start();
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin: `http://127.0.0.1:${host.port}`, headers: { cookie: keyCookie(host.port) } });
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send('{not json');
    ws.send(JSON.stringify({ type: 'call', id: 7, channel: 'formatDisk' }));
    await waitFor(() => replies.length === 2);
    expect(replies[0]).toMatchObject({ type: 'protocol-error', error: { code: 'bad_request' } });
    expect(replies[1]).toMatchObject({ type: 'result', id: 7, result: { ok: false, error: { code: 'unknown_channel' } } });
    ws.close();
  });
});

describe('browser-mode host: malformed frames', () => {
  /** A masked client frame with the given first byte (FIN + opcode) and payload, written raw. */
  const rawFrame = (first: number, payload: Buffer) => {
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    return Buffer.concat([Buffer.from([first, 0x80 | payload.length]), mask, masked]);
  };

  for (const [what, frame] of [
    ['invalid UTF-8 in a text frame', rawFrame(0x81, Buffer.from([0xc3, 0x28, 0xa0, 0xa1]))],
    ['a reserved opcode', rawFrame(0x83, Buffer.from('x'))],
    ['a frame over the size limit', Buffer.concat([Buffer.from([0x81, 0xff]), Buffer.from([0, 0, 0, 0, 0x10, 0, 0, 0]), Buffer.from([1, 2, 3, 4])])],
  ] as const) {
    it(`${what} closes that connection only; the host stays up and serves the next page`, async () => {
      const { host } = await start();
      const bad = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin: `http://127.0.0.1:${host.port}`, headers: { cookie: keyCookie(host.port) } });
      await new Promise((r) => bad.once('open', r));
      const closed = new Promise((r) => bad.once('close', r));
      bad.on('error', () => undefined);
      (bad as unknown as { _socket: import('node:net').Socket })._socket.write(frame);
      await closed;
      const { api } = connectApi(host);
      expect((await api.appInfo()).name).toBe('Station');
    });
  }
});

describe('browser-mode host: losing and regaining the connection', () => {
  it('shows disconnected when the host goes away and reconnects on its own when it returns', async () => {
    const dataDir = await tempDir();
    const first = await start(0, dataDir);
    const { api, transport } = connectApi(first.host, { retryDelaysMs: [50, 100] });
    await api.settingsSet({ station: { id: 'DOCK-7' } });
    await first.host.close();
    await first.services.close();
    await waitFor(() => transport.connection.get() === 'disconnected');

    const pendingWhileDown = api.settingsGet();
    await start(first.host.port, dataDir);
    await waitFor(() => transport.connection.get() === 'connected');
    expect((await pendingWhileDown).settings.station.id).toBe('DOCK-7');
  });
});
