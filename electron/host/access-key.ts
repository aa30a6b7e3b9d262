import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may use the browser-mode host: the page opened from the address the host printed. That address
 * carries a secret made at start (`?key=`); the first request with it gets the secret back as an
 * HttpOnly, SameSite=Strict cookie, which the browser then sends with every request and with the
 * WebSocket upgrade. Another local process — any OS user — that can reach the port but not the printed
 * address gets 403 for everything, the contract included.
 */
export function createAccessKey(secret = randomBytes(24).toString('base64url')) {
  const expected = Buffer.from(secret);
  const matches = (given: string | undefined) => {
    if (!given) return false;
    const g = Buffer.from(given);
    return g.length === expected.length && timingSafeEqual(g, expected);
  };
  /** Cookies ignore ports: each host's cookie is named after its port, so two stations never mix. */
  const cookieName = (port: number) => `station_key_${port}`;
  const cookieOf = (req: IncomingMessage, port: number) =>
    (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([name]) => name === cookieName(port))?.[1];
  return {
    secret,
    /** The request carries the key: in its cookie, or in the printed address's `?key=`. */
    allows(req: IncomingMessage, port: number): { ok: boolean; fromUrl: boolean } {
      const fromUrl = new URL(req.url ?? '/', 'http://host').searchParams.get('key') ?? undefined;
      if (matches(fromUrl)) return { ok: true, fromUrl: true };
      return { ok: matches(cookieOf(req, port)), fromUrl: false };
    },
    setCookie: (port: number) => `${cookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
  };
}
export type AccessKey = ReturnType<typeof createAccessKey>;
