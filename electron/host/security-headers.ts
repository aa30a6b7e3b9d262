import { buildCsp } from '../security/csp';

/** Headers for every renderer response in browser mode: the same CSP the Electron window gets. */
export function rendererHeaders(origins: string[]): Record<string, string> {
  const sockets = origins.map((o) => o.replace(/^http/, 'ws'));
  return {
    'Content-Security-Policy': buildCsp({ connect: sockets }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

/** Loopback names the host answers to; anything else is a DNS-rebinding attempt or a mistake. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}
