/**
 * Idempotency-Key on report submission, on both stores: a retried request gets the
 * first answer and stores nothing twice — also when the duplicates arrive at once; a
 * key reused for another request is refused with 400 naming the header.
 */
import { describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores.js';
import { scenarioOnStore } from '../helpers/scenario.js';

describe.each(STORE_KINDS)('Idempotency-Key on %s', (kind) => {
  const s = scenarioOnStore(kind);

  const reportsOf = async (assignment: number) =>
    Number(
      (
        await s.store.db
          .selectFrom('progress_reports')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('assignment_id', '=', assignment)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const submitEvents = async (reportId: number) =>
    Number(
      (
        await s.store.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('object_type', '=', 'report')
          .where('object_id', '=', String(reportId))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const submit = (key: string | undefined, percent = 40, user = 'rep-hn') =>
    s.app.inject({
      method: 'POST',
      url: `/api/assignments/${s.hn}/reports`,
      headers: { ...s.headers[user], ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: { period: '2024M09', percent, state: 'in_progress', narrative: 'from the outbox' },
    });

  it('the same key twice: one report, the same answer', async () => {
    const before = await reportsOf(s.hn);
    const first = await submit('outbox-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await submit('outbox-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await reportsOf(s.hn)).toBe(before + 1);
    expect(await submitEvents(first.json().id)).toBe(1);
    // Without a key, each request is a new report.
    expect((await submit(undefined)).statusCode).toBe(201);
    expect((await submit(undefined)).statusCode).toBe(201);
    expect(await reportsOf(s.hn)).toBe(before + 3);
  });

  it('concurrent duplicates: all get the first answer, one report is stored', async () => {
    const before = await reportsOf(s.hn);
    const answers = await Promise.all(Array.from({ length: 8 }, () => submit('outbox-concurrent', 55)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    const ids = new Set(answers.map((a) => a.json().id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await reportsOf(s.hn)).toBe(before + 1);
    expect(await submitEvents([...ids][0])).toBe(1);
  });

  it('a key reused for a different request is refused, naming the header; keys belong to their caller', async () => {
    expect((await submit('outbox-2', 10)).statusCode).toBe(201);
    const before = await reportsOf(s.hn);
    const other = await submit('outbox-2', 11);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.problems[0].path).toBe('header.idempotency-key');
    expect(await reportsOf(s.hn)).toBe(before);
    // Another user with the same key makes their own report.
    const sec = await submit('outbox-2', 10, 'admin');
    expect(sec.statusCode).toBe(201);
    expect(sec.headers['idempotent-replayed']).toBeUndefined();
    expect(await reportsOf(s.hn)).toBe(before + 1);
  });

  it('a failed request stores no key; a malformed key is a 400', async () => {
    const bad = await s.app.inject({
      method: 'POST',
      url: `/api/assignments/${s.hp}/reports`,
      headers: { ...s.headers['rep-hn'], 'idempotency-key': 'outbox-3' },
      payload: { period: '2024M09', percent: 40, state: 'in_progress', narrative: 'x' },
    });
    expect(bad.statusCode).toBe(404);
    expect((await submit('outbox-3')).statusCode).toBe(201);
    const malformed = await submit('two words');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.problems[0].path).toBe('header.idempotency-key');
  });

  it('concurrent reports on one assignment: each stored once as answered, the newest is the current status', async () => {
    const before = await reportsOf(s.hn);
    const percents = [11, 22.5, 33, 44.25, 55, 66, 77.125, 88];
    const answers = await Promise.all(percents.map((p, i) => submit(`parallel-${i}`, p)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(await reportsOf(s.hn)).toBe(before + 8);
    // What each answer says is what was stored (77.125 is stored as numeric(5,2) rounds it).
    const stored = await s.store.db
      .selectFrom('progress_reports')
      .select(['id', 'percent', 'reported_at', 'narrative'])
      .where(
        'id',
        'in',
        answers.map((a) => a.json().id as number),
      )
      .execute();
    for (const a of answers) {
      const row = stored.find((r) => Number(r.id) === a.json().id)!;
      expect(Number(row.percent)).toBe(a.json().percent);
      expect(row.reported_at.toISOString()).toBe(a.json().reportedAt);
      expect(await submitEvents(a.json().id)).toBe(1);
    }
    const newest = [...answers].sort(
      (x, y) => x.json().reportedAt.localeCompare(y.json().reportedAt) || x.json().id - y.json().id,
    )[7]!;
    const current = await s.store.db
      .selectFrom('assignments')
      .select(['current_percent', 'approval_status'])
      .where('id', '=', s.hn)
      .executeTakeFirstOrThrow();
    expect(Number(current.current_percent)).toBe(newest.json().percent);
    expect(current.approval_status).toBe('pending');
    const approvals = await s.store.db
      .selectFrom('approvals')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('subject_type', '=', 'report')
      .where(
        'subject_id',
        'in',
        answers.map((a) => a.json().id as number),
      )
      .executeTakeFirstOrThrow();
    expect(Number(approvals.n)).toBe(8);
  });
});
