import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { describeZodError } from '../../../shared/errors';
import {
  HQ_ROUTES,
  type HqRoute,
  type HqRouteName,
  type RouteBody,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
} from '../../../shared/hq-api/routes';
import { HqError } from '../errors';
import type { Caller } from './sign-in';

export interface RouteCall<N extends HqRouteName> {
  params: RouteParams<N>;
  query: RouteQuery<N>;
  body: RouteBody<N>;
  caller: Caller;
  req: FastifyRequest;
  reply: FastifyReply;
}

/** What a handler answers: its JSON (checked against nothing more here: the station's client checks it), or the reply it sent itself. */
export type RouteHandler<N extends HqRouteName> = (call: RouteCall<N>) => Promise<RouteResponse<N> | FastifyReply>;

export interface RouteOptions {
  /** Before the body is read (after the caller is known): e.g. refusing a photo nobody named. */
  beforeBody?: (req: FastifyRequest, reply: FastifyReply, caller: Caller) => Promise<void>;
  /** Requests per minute per address, below the node's general limit. */
  perMinute?: number;
}

const callers = new WeakMap<FastifyRequest, Caller>();

function read<S extends z.ZodType>(what: string, schema: S | undefined, value: unknown) {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new HqError('invalid_request', `${what}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * Registers one route of shared/hq-api/routes.ts: the caller signed in before its body is read, its path
 * parameters, query and body checked by the route's schemas, then the handler.
 */
export function registerRoute<N extends HqRouteName>(
  app: FastifyInstance,
  name: N,
  signIn: (spec: Pick<HqRoute, 'auth' | 'can'>, req: FastifyRequest, reply: FastifyReply) => Promise<Caller | null>,
  handler: RouteHandler<N>,
  options: RouteOptions = {},
) {
  const spec: HqRoute = HQ_ROUTES[name];
  app.route({
    method: spec.method,
    url: spec.path,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    ...(options.perMinute ? { config: { rateLimit: { max: options.perMinute, timeWindow: '1 minute' } } } : {}),
    onRequest: async (req, reply) => {
      const caller = await signIn(spec, req, reply);
      if (!caller) return reply;
      callers.set(req, caller);
    },
    ...(options.beforeBody ? { preParsing: async (req: FastifyRequest, reply: FastifyReply) => options.beforeBody!(req, reply, callers.get(req)!) } : {}),
    handler: async (req, reply) => {
      const params = read('path', spec.params, req.params);
      const query = read('query', spec.query, req.query);
      let body: unknown;
      if (spec.body === 'bytes') {
        if (!Buffer.isBuffer(req.body)) throw new HqError('unsupported_media_type', 'Send the bytes as application/octet-stream.');
        body = req.body;
      } else {
        body = read('body', spec.body, req.body);
      }
      const caller = callers.get(req)!;
      // A person of one warehouse administers that warehouse only.
      const own = caller.kind === 'admin' ? caller.person?.user.warehouseId : null;
      if (own) {
        const asked = [(params as { warehouseId?: string } | undefined)?.warehouseId, (query as { warehouse?: string } | undefined)?.warehouse];
        if (asked.some((w) => w !== undefined && w !== own)) throw new HqError('forbidden', `This account works for warehouse ${own} only.`);
        if (query && typeof query === 'object' && spec.query && 'shape' in spec.query && 'warehouse' in (spec.query as z.ZodObject).shape)
          (query as { warehouse?: string }).warehouse = own;
      }
      return handler({ params, query, body, caller, req, reply } as RouteCall<N>);
    },
  });
}
