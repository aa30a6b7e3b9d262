import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HqError } from '../errors';

/** Nesting a push never needs: deeper JSON is refused before it is parsed (it would exhaust the stack later). */
export const MAX_JSON_DEPTH = 64;

/** How deep JSON text nests (brackets outside strings), stopping as soon as it passes `limit`. */
export function jsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip what it escapes
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

const texts = new WeakMap<FastifyRequest, string>();

/** A request's JSON body as it was sent: what a push keeps in its record log, rather than writing each record out again. */
export const jsonTextOf = (req: FastifyRequest): string | undefined => texts.get(req);

/** Fastify's own JSON parser (prototype-poisoning checks included), behind a depth check. */
export function limitJsonDepth(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonDeeperThan(text, MAX_JSON_DEPTH)) return done(new HqError('too_deep', `The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
    texts.set(req, text);
    parse(req, text, done);
  });
}
