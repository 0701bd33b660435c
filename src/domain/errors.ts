/**
 * Errors the services raise; the API maps each class to one HTTP status in one place
 * (src/api/errors.ts) and the CLI prints them. A ValidationError carries every problem
 * found, each with the path of the offending field (`areas[2].tasks[4].due`).
 */
export interface Problem {
  /** Where: a field path (`nodes[0].children[3].due`), or `file:line:column`. */
  path: string;
  message: string;
}

/**
 * The stable codes of the API's error bodies (`{ error: { code, message, problems } }`). Clients
 * (the web app) show their own text for each code in the user's language, never `message`.
 */
export const ERROR_CODES = [
  'invalid',
  'bad_request',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'csrf',
  'too_many_requests',
  'too_large',
  'unsupported_media_type',
  'unprocessable',
  'unavailable',
  'database_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(message?: string) {
    super(message);
    // each subclass is named after itself (NotFoundError, …), for logs and the CLI
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly problems: Problem[],
    summary = 'invalid input',
  ) {
    super(`${summary}:\n${problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
  }
}

export class NotFoundError extends DomainError {}

/** A stale version (optimistic concurrency) or a uniqueness clash. */
export class ConflictError extends DomainError {}

/** No (valid) credentials: sign in first. */
export class UnauthorizedError extends DomainError {}

/**
 * Signed in, and the object is visible, but the actor's role does not allow this
 * change. Objects outside the actor's scope raise NotFoundError instead, so that a
 * response never tells whether they exist.
 */
export class ForbiddenError extends DomainError {}

/** Try again later: the answer says after how many seconds (Retry-After). */
export class RetryLaterError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Too many attempts (login throttling, lock-out). */
export class TooManyRequestsError extends RetryLaterError {}

/** The request is too large to handle (a text over the API's cap): 413. */
export class TooLargeError extends DomainError {}

/** Well-formed but beyond what the server will work through (a draft over its time or memory budget): 422. */
export class UnprocessableError extends DomainError {}

/** Busy or a dependency is down for now (the PDF printer's queue is full, the database restarts): 503. */
export class ServiceUnavailableError extends RetryLaterError {
  constructor(message: string, retryAfterSeconds = 5) {
    super(message, retryAfterSeconds);
  }
}

/** Formats a zod-style issue path as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Turns zod issues into problems with readable paths. */
export function problemsFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): Problem[] {
  return issues.map((i) => ({ path: formatPath(i.path, prefix), message: i.message }));
}
