import http from 'node:http';

/** A small seeded PRNG (mulberry32): the same seed replays the same faults. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Fault = 'drop_request' | 'delay' | 'duplicate' | 'reset_response' | 'server_error';

/**
 * A loopback HTTP proxy between stations and HQ nodes (round robin) that, by a seeded draw per request,
 * drops the request before HQ sees it, delays it, sends it twice, lets HQ apply it and then resets the
 * connection before the answer reaches the station, or answers 503 itself. Counts every fault.
 */
export async function startFaultProxy(options: { backends: () => string[]; random: () => number; rate: number }) {
  const counts: Record<Fault, number> = { drop_request: 0, delay: 0, duplicate: 0, reset_response: 0, server_error: 0 };
  let enabled = true;
  let next = 0;
  const forward = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const backends = options.backends();
      const target = new URL(backends[next++ % backends.length]!);
      const out = http.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const roll = options.random();
    const fault: Fault | null =
      !enabled || roll >= options.rate
        ? null
        : (['drop_request', 'delay', 'duplicate', 'reset_response', 'server_error'] as const)[Math.floor((roll / options.rate) * 5)]!;
    try {
      if (fault) counts[fault]++;
      if (fault === 'drop_request') return req.socket.destroy();
      if (fault === 'server_error') return res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"unavailable","message":"injected"}');
      if (fault === 'delay') await new Promise((r) => setTimeout(r, 50 + Math.floor(options.random() * 400)));
      if (fault === 'duplicate') await forward(req, body).catch(() => undefined);
      const answer = await forward(req, body);
      if (fault === 'reset_response') return req.socket.destroy();
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      delete headers.connection;
      res.writeHead(answer.status, headers).end(answer.body);
    } catch {
      // An HQ node that was killed mid-request: the station sees a dropped connection, as in real life.
      req.socket.destroy();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    get total() {
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    setEnabled(on: boolean) {
      enabled = on;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
