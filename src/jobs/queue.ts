/**
 * A worker over the jobs table: claims due jobs (FOR UPDATE SKIP LOCKED, with a lease),
 * runs the handler of the job's kind, and records done, retry with exponential
 * backoff, or failed. Any number of workers, in one process or many, may run at once.
 */
import { randomBytes } from 'node:crypto';
import { jobsRepository } from '../db/repositories/jobs.repository.js';
import type { JobHandler, ServiceContext } from '../services/context.js';

export type { JobHandler };

export interface WorkerOptions {
  /** Worker name recorded on claimed jobs (default: random). */
  name?: string;
  /** How long a claim holds before another worker may take the job over (default 5 min). */
  leaseMs?: number;
  /** Jobs claimed per round (default 10). */
  batch?: number;
  /** First retry delay; doubles with every attempt (default 1 min), capped at maxBackoffMs (default 6 h). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface RunSummary {
  done: number;
  retried: number;
  failed: number;
}

export class Worker {
  readonly name: string;
  readonly #handlers: Map<string, JobHandler>;
  readonly #options: Required<Omit<WorkerOptions, 'name'>>;

  constructor(handlers: Record<string, JobHandler>, options: WorkerOptions = {}) {
    this.name = options.name ?? `worker-${randomBytes(4).toString('hex')}`;
    this.#handlers = new Map(Object.entries(handlers));
    this.#options = {
      leaseMs: options.leaseMs ?? 300_000,
      batch: options.batch ?? 10,
      backoffMs: options.backoffMs ?? 60_000,
      maxBackoffMs: options.maxBackoffMs ?? 6 * 3_600_000,
    };
  }

  /** Claims and runs due jobs until none is due; returns what happened. */
  async drain(ctx: ServiceContext): Promise<RunSummary> {
    const summary: RunSummary = { done: 0, retried: 0, failed: 0 };
    for (;;) {
      const jobs = await jobsRepository.claim(
        ctx.db,
        this.name,
        ctx.now(),
        this.#options.leaseMs,
        this.#options.batch,
        [...this.#handlers.keys()],
      );
      if (jobs.length === 0) return summary;
      for (const job of jobs) {
        const handler = this.#handlers.get(job.kind)!;
        try {
          await handler(ctx, job);
          if (await jobsRepository.complete(ctx.db, job.id, this.name, ctx.now())) summary.done++;
        } catch (error) {
          const now = ctx.now();
          const retryAt = new Date(
            now.getTime() + backoffDelay(job.attempts, this.#options.backoffMs, this.#options.maxBackoffMs),
          );
          const outcome = await jobsRepository.fail(
            ctx.db,
            job.id,
            this.name,
            now,
            error instanceof Error ? error.message : String(error),
            retryAt,
          );
          if (outcome === 'retry') summary.retried++;
          else if (outcome === 'failed') summary.failed++;
        }
      }
    }
  }
}
