import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { fail } from './errors';

/** Where `npm run build` puts the console (hq/console, built with Vite). */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../dist/hq-console/', import.meta.url));

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * HQ's console at `/`: the built page and its assets, each with a strict content policy (the console
 * reads and changes only its own HQ). Without a build, `/` says how to make one.
 */
export async function registerConsole(app: FastifyInstance, dir = CONSOLE_DIR) {
  if (!existsSync(`${dir}/index.html`)) {
    app.get('/', (_req, reply) => fail(reply, 404, 'not_found', 'HQ’s console is not built: run `npm run build`, then start HQ again.'));
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    // Only the build's own files: no dot-files, nothing that climbs out of the folder.
    allowedPath: (pathName) => !pathName.split('/').some((part) => part === '..' || (part.startsWith('.') && part.length > 1)),
    // Asset names carry their hash: they never change; the page itself is checked every time.
    setHeaders: (res, file) => {
      res.header('content-security-policy', CSP);
      res.header('x-content-type-options', 'nosniff');
      res.header('referrer-policy', 'no-referrer');
      res.header('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
}
