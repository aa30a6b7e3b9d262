import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isErrorCode, type ErrorCode } from '../../../shared/errors';
import { HqError } from '../errors';

export const fail = (reply: FastifyReply, status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) =>
  reply.code(status).send({ code, message, ...extra });

/** Fastify's own refusals, as codes of the shared list. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

/**
 * Every answer HQ does not give on purpose is still `{ code, message }`: an unknown route, a body too large
 * or unreadable, a rate limit, an error nobody expected (logged, and said as `internal` without details).
 */
export function answerEveryErrorAsJson(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => fail(reply, 404, 'not_found', `No ${req.method} ${req.url.split('?')[0]} at HQ.`));
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HqError) return fail(reply, err.status, err.code, err.message, err.extra);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        FASTIFY_CODES[err.code] ??
        (err instanceof SyntaxError
          ? 'invalid_json'
          : status === 429
            ? 'rate_limited'
            : isErrorCode(err.code ?? '')
              ? (err.code as ErrorCode)
              : 'invalid_request');
      return fail(reply, status, code, err.message);
    }
    req.log.error(err);
    return fail(reply, 500, 'internal', 'HQ could not do that just now; try again later.');
  });
}
