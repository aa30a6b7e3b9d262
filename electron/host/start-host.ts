import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';
import { StationError } from '../../shared/errors';
import type { StationServices } from '../services/station-services';
import { createAccessKey } from './access-key';
import { allowedOrigins, rendererHeaders } from './security-headers';
import { attachWsTransport } from './ws-transport';

export interface HostOptions {
  services: StationServices;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The secret the printed address carries; made at start unless given (a restart keeping open pages). */
  secret?: string;
}

export interface RunningHost {
  /** The address to open: it carries the access key. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer on 127.0.0.1 and speaks the IPC contract over a WebSocket,
 * running the very services Electron main runs. Only the transport differs.
 */
export async function startHost({ services, rendererDir, port, secret }: HostOptions): Promise<RunningHost> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new StationError('renderer_missing', `No built renderer in ${rendererDir}: run "npm run build" first.`);
  }
  let origins: string[] = [];
  let headers: Record<string, string> = {};
  let actualPort = port;
  const key = createAccessKey(secret);
  const serve = sirv(rendererDir, {
    etag: true,
    setHeaders: (res, pathname) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      // The page must come from the host every time: it is what hands the browser its access key. A page
      // a relaunched browser took from its cache (its session cookie gone with it) could never connect.
      if (pathname === '/' || pathname.endsWith('.html')) res.setHeader('Cache-Control', 'no-store');
    },
  });
  const server = http.createServer((req, res) => {
    // A Host header other than our loopback names means DNS rebinding: refuse before serving anything.
    if (!origins.includes(`http://${req.headers.host ?? ''}`)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const access = key.allows(req, actualPort);
    if (!access.ok) {
      res
        .writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', ...headers })
        .end('This station only serves the page opened from the address it printed when it started (…/?key=…).');
      return;
    }
    if (access.fromUrl) res.setHeader('Set-Cookie', key.setCookie(actualPort));
    serve(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...headers }).end('Not found');
    });
  });
  const ws = attachWsTransport(services, (origin) => origin !== undefined && origins.includes(origin));
  server.on('upgrade', (req, socket, head) => {
    // The upgrade must come from the station's own page: right Host, and the key its address gave it.
    if (!origins.includes(`http://${req.headers.host ?? ''}`) || !key.allows(req, actualPort).ok) {
      services.logger.log.warn({ host: req.headers.host, origin: req.headers.origin }, 'refused browser-mode connection without the access key');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    ws.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new StationError('port_in_use', `Port ${port} on 127.0.0.1 is already in use: stop the other program or pass --port.`)
          : err,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;
  origins = allowedOrigins(actualPort);
  headers = rendererHeaders(origins);

  return {
    url: `http://127.0.0.1:${actualPort}/?key=${key.secret}`,
    port: actualPort,
    async close() {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
