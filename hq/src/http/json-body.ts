import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HqError } from '../errors';

/** Nesting a push never needs: deeper JSON is refused before it is parsed (it would exhaust the stack later). */
export const MAX_JSON_DEPTH = 64;

/**
 * How deep JSON text nests (brackets outside strings), stopping as soon as it passes `limit`. A string is
 * stepped over from quote to quote (most of a push is strings): a quote ends it unless an odd number of
 * backslashes comes before it.
 */
export function jsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return false; // an unterminated string: the JSON parser refuses it
      i = end;
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Whether the character at `at` is escaped: an odd run of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let n = 0;
  while (text.charCodeAt(at - 1 - n) === 92) n++;
  return n % 2 === 1;
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
