/**
 * The one jobs table. Workers claim due jobs with FOR UPDATE SKIP LOCKED (PostgreSQL
 * and PGlite alike); a claim is a lease, so the job of a worker that died is taken
 * over once `locked_until` has passed. Every time is passed in from the service
 * clock, never read from the database, so tests can move time.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';

export interface JobRow {
  id: number;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  run_at: Date;
  status: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  finished_at: Date | null;
}

export const jobsRepository = {
  /** Enqueues a job unless one with the key exists; returns its id when inserted. */
  async enqueue(
    db: Db,
    job: { kind: string; key: string; payload: Record<string, unknown>; runAt: Date; maxAttempts?: number },
  ): Promise<number | null> {
    const row = await db
      .insertInto('jobs')
      .values({
        kind: job.kind,
        key: job.key,
        payload: JSON.stringify(job.payload),
        run_at: job.runAt,
        ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  },

  /** Enqueues many jobs in one statement; returns the id and key of those inserted (existing keys are skipped). */
  async enqueueMany(
    db: Db,
    jobs: Array<{ kind: string; key: string; payload: Record<string, unknown>; runAt: Date }>,
  ): Promise<Array<{ id: number; key: string }>> {
    if (jobs.length === 0) return [];
    const rows = await db
      .insertInto('jobs')
      .values(jobs.map((j) => ({ kind: j.kind, key: j.key, payload: JSON.stringify(j.payload), run_at: j.runAt })))
      .onConflict((oc) => oc.column('key').doNothing())
      .returning(['id', 'key'])
      .execute();
    return rows.map((r) => ({ id: Number(r.id), key: r.key }));
  },

  byKey(db: Db, key: string) {
    return db.selectFrom('jobs').selectAll().where('key', '=', key).$castTo<JobRow>().executeTakeFirst();
  },

  /** Locks a job row (in a transaction) and returns its status. */
  lockStatus(db: Db, id: number) {
    return db
      .selectFrom('jobs')
      .select(['id', 'status', 'attempts'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Claims up to `limit` due jobs for a worker: one statement, safe against racing workers. */
  async claim(db: Db, worker: string, now: Date, leaseMs: number, limit: number, kinds?: string[]): Promise<JobRow[]> {
    const until = new Date(now.getTime() + leaseMs);
    const result = await sql<JobRow>`
      UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${worker}, locked_until = ${until}
      WHERE id IN (
        SELECT id FROM jobs
        WHERE ((status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now}))
          ${kinds ? sql`AND kind = ANY(${kinds}::text[])` : sql``}
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, key, payload, run_at, status, attempts, max_attempts, locked_by, locked_until, last_error, finished_at`.execute(
      db,
    );
    return result.rows.sort((a, b) => Number(a.id) - Number(b.id)).map((r) => ({ ...r, id: Number(r.id) }));
  },

  /** Marks a claimed job done; false when the worker lost its lease meanwhile. */
  async complete(db: Db, id: number, worker: string, now: Date): Promise<boolean> {
    const r = await db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: now, locked_until: null, last_error: null })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },

  /** Records a failure: back to the queue at retryAt, or failed for good after the last attempt. */
  async fail(
    db: Db,
    id: number,
    worker: string,
    now: Date,
    error: string,
    retryAt: Date,
  ): Promise<'retry' | 'failed' | 'lost'> {
    const r = await db
      .updateTable('jobs')
      .set({
        status: sql`CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END`,
        run_at: sql`CASE WHEN attempts >= max_attempts THEN run_at ELSE ${retryAt}::timestamptz END`,
        finished_at: sql`CASE WHEN attempts >= max_attempts THEN ${now}::timestamptz ELSE NULL END`,
        locked_until: null,
        last_error: error.slice(0, 2000),
      })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .where('status', '=', 'running')
      .returning('status')
      .executeTakeFirst();
    if (!r) return 'lost';
    return r.status === 'failed' ? 'failed' : 'retry';
  },

  list(db: Db, filter: { status?: string | undefined; kind?: string | undefined; limit: number; offset: number }) {
    let q = db.selectFrom('jobs').selectAll().$castTo<JobRow>();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.kind) q = q.where('kind', 'like', `${filter.kind}%`);
    return q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  },

  async log(
    db: Db,
    entry: {
      jobId: number;
      channel: string;
      target: string;
      attempt: number;
      ok: boolean;
      statusCode: number | null;
      detail: string | null;
      at: Date;
    },
  ): Promise<void> {
    await db
      .insertInto('delivery_log')
      .values({
        job_id: entry.jobId,
        channel: entry.channel,
        target: entry.target,
        attempt: entry.attempt,
        ok: entry.ok,
        status_code: entry.statusCode,
        detail: entry.detail?.slice(0, 2000) ?? null,
        at: entry.at,
      })
      .execute();
  },

  logFor(db: Db, filter: { jobId?: number | undefined; limit: number; offset: number }) {
    let q = db.selectFrom('delivery_log').selectAll();
    if (filter.jobId !== undefined) q = q.where('job_id', '=', filter.jobId);
    return q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  },
};
