import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { fail } from './errors';

const PAGE_TYPES: Record<string, string> = {
  'reports.html': 'text/html; charset=utf-8',
  'reports.js': 'text/javascript; charset=utf-8',
  'reports.css': 'text/css; charset=utf-8',
};

/** The manager page: static files (no framework), reading the report routes with a report key. */
export function registerPages(app: FastifyInstance) {
  const page = async (file: string, reply: FastifyReply) =>
    reply
      .header('content-type', PAGE_TYPES[file]!)
      .header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'")
      .header('x-content-type-options', 'nosniff')
      .send(await readFile(new URL(`../../public/${file}`, import.meta.url)));
  app.get('/reports', (_req, reply) => page('reports.html', reply));
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
  app.get('/reports/:file', (req, reply) => {
    const { file } = req.params as { file: string };
    return Object.hasOwn(PAGE_TYPES, file) ? page(file, reply) : fail(reply, 404, 'not_found', 'No such file.');
  });
}
