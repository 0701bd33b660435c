/**
 * Checks every request's parameters, query and body before the route's schema: a NUL
 * byte (which PostgreSQL cannot store in text) or JSON nested deeper than any contract
 * needs is bad input, answered 400 with the field named — never a 500 from deep inside.
 * The walk is iterative, so a hostile nesting depth cannot overflow the stack here.
 */
import type { FastifyInstance } from 'fastify';
import { ValidationError, formatPath, type Problem } from '../domain/errors.js';

/** No wire contract nests deeper than this (a programme file's tree included). */
export const MAX_JSON_DEPTH = 64;

function inspect(value: unknown, where: string, problems: Problem[]): void {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0 && problems.length < 20) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        problems.push({
          path: formatPath(path, where),
          message: 'contains a NUL byte (\\u0000), which is not allowed',
        });
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (path.length >= MAX_JSON_DEPTH) {
      problems.push({ path: formatPath(path, where), message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      if (key.includes('\u0000'))
        problems.push({ path: formatPath(path, where), message: 'a key contains a NUL byte (\\u0000)' });
      stack.push({ value: child, path: [...path, key] });
    }
  }
}

export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const problems: Problem[] = [];
    inspect(request.params, 'params', problems);
    inspect(request.query, 'querystring', problems);
    inspect(request.body, 'body', problems);
    done(problems.length ? new ValidationError(problems, 'bad input') : undefined);
  });
}
