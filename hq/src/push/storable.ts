/**
 * What PostgreSQL cannot keep: jsonb refuses U+0000 and lone surrogates (`\u0000`, `\ud800` in JSON), text
 * refuses U+0000. A record or audit event holding one is kept as its escaped JSON text instead, so one odd
 * byte never fails a push on every retry.
 */

// JSON.stringify writes U+0000 and lone surrogates as escapes (and only those as `\u0000` / `\udXXX`); an
// escape counts only when its backslash is not itself escaped.
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Whether JSON text written by JSON.stringify can be cast to jsonb. */
export const jsonbCanHold = (json: string) => !UNSTORABLE_ESCAPE.test(json);

/** A string PostgreSQL's text keeps: U+0000 written as the six characters `\u0000`. */
export const textSafe = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\\u0000') : s);
