import { createHqClient, HqCallError, type FetchLike } from '../../../shared/hq-api/client';
import type { HqRouteName } from '../../../shared/hq-api/routes';

/**
 * The console talks to its own HQ (same origin: the session cookie goes along by itself); every change
 * carries the session's CSRF token, which only this page can read.
 */
let csrf = '';
export const setCsrf = (token: string) => {
  csrf = token;
};

export const hq = createHqClient({
  baseUrl: '',
  fetch: ((url, init) => fetch(url, { ...init, credentials: 'same-origin' } as RequestInit)) as FetchLike,
  headers: (): Record<string, string> => (csrf ? { 'x-csrf-token': csrf } : {}),
});

export type { HqRouteName };
export { HqCallError };

/** A failure in words: HQ's own message (in English) under the console's headline for its code. */
export function problemOf(t: (key: string, options?: Record<string, unknown>) => string, err: unknown): string {
  if (err instanceof HqCallError) {
    if (err.kind === 'unreachable') return t('errors.unreachable');
    const key = `errors.${err.code}`;
    const said = t(key);
    return said === key ? err.message : said;
  }
  return err instanceof Error ? err.message : String(err);
}
