/**
 * A client of HQ's API built from its routes (routes.ts): the URL from the route's path and query, the body
 * as JSON (or bytes), the answer checked against the route's schema. Used by the station's link to HQ and by
 * HQ's own admin CLI. Transport failures and refusals come back as `HqCallError`, which says what happened
 * (`unreachable`, HQ's `{ code, message }`, an answer that does not fit) without deciding what to do about it.
 */
import { z } from 'zod';
import { HQ_ROUTES, routePath, type HqRouteName, type RouteBodyInput, type RouteQueryInput, type RouteResponse } from './routes';

/** What the client needs of `fetch` (shared code sees neither the DOM's nor Node's types). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: unknown },
) => Promise<{ status: number; text(): Promise<string> }>;

export const HqErrorBodySchema = z.object({ code: z.string(), message: z.string() }).loose();

export class HqCallError extends Error {
  constructor(
    /** unreachable: no answer; refused: HQ answered with an error; unreadable: no JSON where JSON was due; misfit: JSON of another shape. */
    readonly kind: 'unreachable' | 'refused' | 'unreadable' | 'misfit',
    message: string,
    readonly status = 0,
    /** HQ's code (refused), or what did not fit (misfit). */
    readonly code = '',
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface CallInput<N extends HqRouteName> {
  params?: Record<string, string>;
  query?: RouteQueryInput<N> | Record<string, string | number | undefined>;
  body?: RouteBodyInput<N>;
}

export interface HqClientOptions {
  baseUrl: string;
  fetch: FetchLike;
  /** An abort signal per call (e.g. AbortSignal.timeout). */
  signal?: () => unknown;
  /** The caller's credentials: `Bearer …`. */
  authorization?: () => string | undefined;
  /** More headers per call (the console's CSRF token). */
  headers?: () => Record<string, string>;
}

export function createHqClient(options: HqClientOptions) {
  async function send(name: HqRouteName, input: CallInput<HqRouteName>): Promise<{ status: number; text: string }> {
    const route = HQ_ROUTES[name];
    const query = Object.entries((input.query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    const qs = query.length ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
    const url = `${options.baseUrl.replace(/\/+$/, '')}${routePath(name, input.params)}${qs}`;
    const headers: Record<string, string> = { ...(options.headers?.() ?? {}) };
    const auth = options.authorization?.();
    if (auth) headers.authorization = auth;
    let body: string | Uint8Array | undefined;
    if ('body' in route && route.body === 'bytes') {
      headers['content-type'] = 'application/octet-stream';
      body = input.body as unknown as Uint8Array;
    } else if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body);
    }
    try {
      const res = await options.fetch(url, {
        method: route.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(options.signal ? { signal: options.signal() } : {}),
      });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      throw new HqCallError('unreachable', `HQ at ${options.baseUrl} cannot be reached (${(err as Error)?.message ?? String(err)})`);
    }
  }

  /** The answer as text (a CSV), or an HqCallError. */
  async function raw<N extends HqRouteName>(name: N, input: CallInput<N> = {}): Promise<{ status: number; text: string }> {
    const res = await send(name, input as CallInput<HqRouteName>);
    if (res.status >= 400) throw refusal(res);
    return res;
  }

  /** The route's JSON answer, checked against its schema. */
  async function call<N extends HqRouteName>(name: N, input: CallInput<N> = {}): Promise<RouteResponse<N>> {
    const res = await raw(name, input);
    let data: unknown;
    try {
      data = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      data = undefined;
    }
    const route = HQ_ROUTES[name];
    if (!('response' in route)) return data as RouteResponse<N>;
    if (data === undefined) throw new HqCallError('unreadable', `HQ's answer to ${route.path} was not JSON.`, res.status);
    const parsed = route.response.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The message is what did not fit (`rows.0.kind: Invalid input`); the caller says where and what to do.
      throw new HqCallError(
        'misfit',
        issue ? `${issue.path.join('.') || 'the answer'}: ${issue.message}` : 'unknown field',
        res.status,
        issue ? issue.path.join('.') || 'the answer' : '',
      );
    }
    return parsed.data as RouteResponse<N>;
  }

  return { call, raw };
}
export type HqClient = ReturnType<typeof createHqClient>;

function refusal(res: { status: number; text: string }): HqCallError {
  let data: unknown;
  try {
    data = JSON.parse(res.text);
  } catch {
    data = undefined;
  }
  const e = HqErrorBodySchema.safeParse(data);
  return e.success
    ? new HqCallError('refused', e.data.message, res.status, e.data.code, e.data)
    : new HqCallError('refused', `HQ answered ${res.status}.`, res.status);
}
