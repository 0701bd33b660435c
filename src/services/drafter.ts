/**
 * Drafting a programme from its policy text: the pure extractor (src/extract) with the
 * database's org units (names in four languages and aliases) as the agencies to match.
 * The draft is for review: nothing is stored here.
 *
 * Extraction runs in a worker thread (piscina) so a hostile or huge text cannot hold the
 * event loop: each draft has a time budget (the worker is terminated when it runs out)
 * and a memory budget, each user has one draft at a time, and texts sent over the API
 * are capped (MAX_API_TEXT_LENGTH).
 */
import { Piscina } from 'piscina';
import { TooLargeError, TooManyRequestsError, UnprocessableError, ValidationError } from '../domain/errors.js';
import type { Language } from '../domain/i18n.js';
import { dateOf } from '../domain/dates.js';
import type { ServiceContext } from './context.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { orgUnitPolicy } from '../policies/org-units.js';
import type { Draft, DraftJob, DraftJobAnswer } from './drafting/draft-job.js';

export type { Draft } from './drafting/draft-job.js';

/** Characters a text sent to POST /api/drafts may have (the CLI reads longer files). */
export const MAX_API_TEXT_LENGTH = 300_000;

export interface DraftLimits {
  /** Time budget of one draft, in ms (MANDATE_DRAFT_TIMEOUT_MS, default 20 s). */
  timeoutMs: number;
  /** Heap of the worker, in MB (MANDATE_DRAFT_MEMORY_MB, default 512). */
  memoryMb: number;
  /** Worker threads (MANDATE_DRAFT_THREADS, default 1). */
  threads: number;
}

export function draftLimitsFrom(env: NodeJS.ProcessEnv = process.env): DraftLimits {
  const num = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    timeoutMs: num('MANDATE_DRAFT_TIMEOUT_MS', 20_000),
    memoryMb: num('MANDATE_DRAFT_MEMORY_MB', 512),
    threads: num('MANDATE_DRAFT_THREADS', 1),
  };
}

let limits = draftLimitsFrom();
let pool: Piscina | undefined;
/** Users with a draft being read: one at a time each. */
const running = new Set<string>();

function draftPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./drafting/draft-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: limits.threads,
    idleTimeout: 30_000,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 64 },
  });
  // A worker that dies (out of memory, terminated on time-out) fails its task, which answers the
  // request; the pool's own 'error' event needs a listener so it does not end the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Changes the budgets (tests, operators) and restarts the pool with them. */
export async function configureDrafting(next: Partial<DraftLimits>): Promise<void> {
  limits = { ...limits, ...next };
  await closeDrafting();
}

/** Stops the worker threads (server shutdown, end of a CLI command). */
export async function closeDrafting(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.destroy();
}

/** The org units the actor may see: a draft never names a unit outside the drafter's scope. */
async function orgUnitRefs(ctx: ServiceContext) {
  const rows = await orgUnitsRepository.refs(ctx.db, orgUnitPolicy.readScope(ctx.actor));
  return rows.map((r) => ({ code: r.code, name: r.name, aliases: r.aliases }));
}

export async function draftFromText(
  ctx: ServiceContext,
  text: string,
  options: {
    code?: string | undefined;
    language?: Language | undefined;
    source?: string | undefined;
    /** Enforce the API's text cap (the CLI reads long files from disk). */
    maxLength?: number | undefined;
  } = {},
): Promise<Draft> {
  if (options.maxLength !== undefined && text.length > options.maxLength)
    throw new TooLargeError(
      `the text has ${text.length} characters; at most ${options.maxLength} are accepted here (use mandate draft FILE for longer texts)`,
    );
  const who = ctx.actor.userId !== undefined ? `user:${ctx.actor.userId}` : `actor:${ctx.actor.name}`;
  if (running.has(who))
    throw new TooManyRequestsError('a draft of yours is still being read: wait for it before sending another', 5);
  running.add(who);
  try {
    const job: DraftJob = {
      text,
      orgUnits: await orgUnitRefs(ctx),
      today: dateOf(ctx.now()),
      code: options.code,
      language: options.language,
      source: options.source,
    };
    let answer: DraftJobAnswer;
    try {
      answer = (await draftPool().run(job, { signal: AbortSignal.timeout(limits.timeoutMs) })) as DraftJobAnswer;
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string };
      if (e.name === 'AbortError' || e.name === 'TimeoutError')
        throw new UnprocessableError(
          `reading the text took longer than ${Math.round(limits.timeoutMs / 1000)} s: send a shorter text or split it`,
        );
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory/i.test(e.message ?? ''))
        throw new UnprocessableError(
          'reading the text needed more memory than a draft may use: send a shorter text or split it',
        );
      throw error;
    }
    if (!answer.ok)
      throw new ValidationError(
        [{ path: 'text', message: answer.message }],
        `cannot draft a programme (${answer.reason})`,
      );
    return answer.draft;
  } finally {
    running.delete(who);
  }
}
