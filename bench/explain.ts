/** Prints EXPLAIN ANALYZE of the supervision queries on a small synthetic country (PostgreSQL). */
import { sql } from 'kysely';
import { withBenchStore } from './scratch.js';
import { supervisionRepository, timelinessRows } from '../src/db/repositories/supervision.repository.js';
import { generateCountry, sizeFor } from './generate.js';

const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
await withBenchStore('postgres', adminUrl, async (store) => {
  await generateCountry(store.db, sizeFor(Number(process.env.BENCH_SCALE ?? 0.05)), '2024-09-30');
  const at = { asOf: '2024-09-30', dueSoonDays: 14, backlogStart: '2024-01-01' };
  const explain = async (name: string, q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
    const c = q.compile();
    const { rows } = await store.db.executeQuery({
      ...c,
      sql: `EXPLAIN (ANALYZE) ${c.sql}`,
      query: undefined as never,
      queryId: undefined as never,
    });
    console.log(`--- ${name}`);
    for (const r of rows as Array<Record<string, string>>)
      if (!/never executed/.test(Object.values(r)[0]!)) console.log(Object.values(r)[0]);
  };
  const tally = store.db
    .selectFrom(timelinessRows(store.db, at, { unitPath: '/1/' }).as('t'))
    .select([
      sql<number>`nullif(split_part(t.unit_path, '/', 3), '')::int`.as('k'),
      't.timeliness',
      't.backlog',
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy([sql`1`, sql`2`, sql`3`]);
  await explain('tally by subunit', tally);
  await explain(
    'overdue page',
    supervisionRepository.pageQuery(
      store.db,
      at,
      { overdueOnly: true },
      { backlogOnly: false, sort: 'days_late', limit: 50, offset: 0 },
    ),
  );
});
