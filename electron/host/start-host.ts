import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';
import { StationError } from '../../shared/errors';
import type { StationServices } from '../services/station-services';
import { allowedOrigins, rendererHeaders } from './security-headers';
import { attachWsTransport } from './ws-transport';

export interface HostOptions {
  services: StationServices;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer on 127.0.0.1 and speaks the IPC contract over a WebSocket,
 * running the very services Electron main runs. Only the transport differs.
 */
export async function startHost({ services, rendererDir, port }: HostOptions): Promise<RunningHost> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new StationError('renderer_missing', `No built renderer in ${rendererDir}: run "npm run build" first.`);
  }
  let origins: string[] = [];
  let headers: Record<string, string> = {};
  const serve = sirv(rendererDir, {
    etag: true,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
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
    serve(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...headers }).end('Not found');
    });
  });
  const ws = attachWsTransport(services, (origin) => origin !== undefined && origins.includes(origin));
  server.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head));

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
  const actualPort = (server.address() as AddressInfo).port;
  origins = allowedOrigins(actualPort);
  headers = rendererHeaders(origins);

  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    async close() {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
