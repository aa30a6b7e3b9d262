import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** A plain file name: what electron-builder publishes (latest.yml, the installers, their blockmaps). */
const FILE = /^[A-Za-z0-9][\w.-]{0,200}$/;

/**
 * The stations' update feed (their "update address" is `<hq>/updates`): the files `npm run dist` made,
 * copied into `dir` (HQ_UPDATES_DIR). electron-updater checks each installer's sha512 from latest.yml.
 * Public like the installers themselves; only plain names inside `dir` are served.
 */
export function serveUpdates(app: FastifyInstance, dir: string) {
  const root = path.resolve(dir);
  app.get('/updates/:file', async (req, reply) => {
    const { file } = req.params as { file: string };
    const full = path.join(root, file);
    if (!FILE.test(file) || path.dirname(full) !== root) return reply.code(404).send({ code: 'not_found', message: 'No such update file.' });
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) return reply.code(404).send({ code: 'not_found', message: 'No such update file.' });
    const type = file.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream';
    return reply
      .header('content-type', type)
      .header('content-length', info.size)
      .header('cache-control', file.endsWith('.yml') ? 'no-cache' : 'public, max-age=86400')
      .send(createReadStream(full));
  });
}
