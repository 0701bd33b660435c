/** The one place where errors become HTTP responses. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  ServiceUnavailableError,
  TooLargeError,
  UnprocessableError,
  UnauthorizedError,
  ValidationError,
  formatPath,
  type Problem,
} from '../domain/errors.js';
import type { ErrorBody } from './schemas/common.js';
import { isDatabaseUnavailable } from '../db/connect.js';

export type { ErrorBody } from './schemas/common.js';

/** The header that carries the request id on every answer (5xx bodies carry it too, to quote to operators). */
export const REQUEST_ID_HEADER = 'x-request-id';

export function installErrorHandler(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const problems: Problem[] = err.validation.map((v) => {
        const segments = v.instancePath
          .split('/')
          .filter(Boolean)
          .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
        return { path: formatPath(segments, where), message: v.message ?? 'invalid' };
      });
      return reply.code(400).send({
        error: { code: 'invalid', message: 'the request does not match the schema', problems },
      } satisfies ErrorBody);
    }
    if (err instanceof ValidationError)
      return reply.code(400).send({
        error: { code: 'invalid', message: err.message.split('\n')[0]!.replace(/:$/, ''), problems: err.problems },
      } satisfies ErrorBody);
    if (err instanceof NotFoundError)
      return reply.code(404).send({ error: { code: 'not_found', message: err.message } } satisfies ErrorBody);
    if (err instanceof ConflictError)
      return reply.code(409).send({ error: { code: 'conflict', message: err.message } } satisfies ErrorBody);
    if (err instanceof UnauthorizedError)
      return reply.code(401).send({ error: { code: 'unauthorized', message: err.message } } satisfies ErrorBody);
    if (err instanceof ForbiddenError)
      return reply.code(403).send({ error: { code: 'forbidden', message: err.message } } satisfies ErrorBody);
    if (err instanceof TooManyRequestsError)
      return reply
        .code(429)
        .header('retry-after', String(err.retryAfterSeconds))
        .send({ error: { code: 'too_many_requests', message: err.message } } satisfies ErrorBody);
    if (err instanceof TooLargeError)
      return reply.code(413).send({ error: { code: 'too_large', message: err.message } } satisfies ErrorBody);
    if (err instanceof UnprocessableError)
      return reply.code(422).send({ error: { code: 'unprocessable', message: err.message } } satisfies ErrorBody);
    if (err instanceof ServiceUnavailableError)
      return reply
        .code(503)
        .header('retry-after', String(err.retryAfterSeconds))
        .send({ error: { code: 'unavailable', message: err.message } } satisfies ErrorBody);
    if (err instanceof DomainError)
      return reply.code(400).send({ error: { code: 'invalid', message: err.message } } satisfies ErrorBody);
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '2')
        .send({
          error: {
            code: 'database_unavailable',
            message:
              'the database is unavailable (restarting or failing over): try again in a few seconds; a write sent with an Idempotency-Key is safe to repeat',
          },
        } satisfies ErrorBody);
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500)
      request.log.error({ err, requestId: request.id, method: request.method, url: request.url }, 'internal error');
    const code =
      status === 401
        ? 'unauthorized'
        : status === 403
          ? 'forbidden'
          : status === 413
            ? 'too_large'
            : status === 429
              ? 'too_many_requests'
              : status === 415
                ? 'unsupported_media_type'
                : status >= 500
                  ? 'internal'
                  : 'bad_request';
    return reply.code(status).send({
      error: {
        code,
        message:
          status === 500
            ? `internal error (request ${request.id})`
            : status === 413
              ? 'the request body is too large'
              : err.message,
        ...(status >= 500 ? { requestId: request.id } : {}),
      },
    } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` },
    } satisfies ErrorBody);
  });
}
