/**
 * The synthetic country for benchmarks, generated set-wise in SQL (same statements on
 * PGlite and PostgreSQL): a committee, 20 ministries, 35 provinces, 3,300 communes;
 * 20 programmes × 10 areas × 50 tasks = 10,000 tasks; 100,000 assignments (lead
 * assignments, province cascades and commune cascades); 1,000,000 progress reports.
 * `scale` shrinks everything proportionally for quick runs.
 */
import { approvalsRepository } from '../src/db/repositories/approvals.repository.js';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';

export interface Size {
  provinces: number;
  communes: number;
  programmes: number;
  tasksPerArea: number;
  provinceCascadedTasks: number;
  communeCascadedTasks: number;
  reports: number;
}

export function sizeFor(scale: number): Size {
  const s = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    provinces: 35,
    communes: s(3300),
    programmes: 20,
    tasksPerArea: s(50),
    provinceCascadedTasks: s(2000),
    communeCascadedTasks: 6,
    reports: s(1_000_000),
  };
}

export interface Generated {
  units: number;
  tasks: number;
  assignments: number;
  leaves: number;
  reports: number;
}

export async function generateCountry(db: Db, size: Size, asOf: string): Promise<Generated> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  await run(sql`SELECT setseed(0.42)`);
  await run(
    sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name) VALUES ('X', 'committee', NULL, '', 0, '{"en":"National committee","vi":"Ủy ban quốc gia"}')`,
  );
  await run(sql`UPDATE org_units SET path = '/' || id || '/' WHERE code = 'X'`);
  await run(sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name)
    SELECT 'X-M' || g, 'ministry', r.id, '', 1, json_build_object('en', 'Ministry ' || g)::jsonb FROM generate_series(1, 20) g, org_units r WHERE r.code = 'X'`);
  await run(sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name)
    SELECT 'X-P' || g, 'province', r.id, '', 1, json_build_object('en', 'Province ' || g)::jsonb FROM generate_series(1, ${size.provinces}::int) g, org_units r WHERE r.code = 'X'`);
  await run(
    sql`UPDATE org_units u SET path = p.path || u.id || '/' FROM org_units p WHERE u.parent_id = p.id AND u.depth = 1`,
  );
  await run(sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name)
    SELECT 'X-C' || g, 'commune', p.id, '', 2, json_build_object('en', 'Commune ' || g)::jsonb
    FROM generate_series(1, ${size.communes}::int) g JOIN org_units p ON p.code = 'X-P' || (1 + (g % ${size.provinces}::int))`);
  await run(
    sql`UPDATE org_units u SET path = p.path || u.id || '/' FROM org_units p WHERE u.parent_id = p.id AND u.depth = 2`,
  );

  await run(sql`INSERT INTO programmes (code, name, period_start, period_end)
    SELECT 'PRG' || g, json_build_object('en', 'Programme ' || g)::jsonb, '2021-01-01', '2030-12-31' FROM generate_series(1, ${size.programmes}::int) g`);
  await run(
    sql`INSERT INTO programme_issuers (programme_id, org_unit_id, position) SELECT p.id, r.id, 0 FROM programmes p, org_units r WHERE r.code = 'X'`,
  );
  await run(sql`INSERT INTO programme_nodes (programme_id, parent_id, path, code, kind, title, position)
    SELECT p.id, NULL, '', 'A' || g, 'area', json_build_object('en', 'Area ' || g)::jsonb, g FROM programmes p, generate_series(1, 10) g`);
  await run(sql`UPDATE programme_nodes SET path = '/' || id || '/' WHERE parent_id IS NULL`);
  await run(sql`INSERT INTO programme_nodes (programme_id, parent_id, path, code, kind, title, position, lead_org_unit_id, start_date, due_date, priority, tags)
    SELECT a.programme_id, a.id, a.path, a.code || '-T' || g, 'task', json_build_object('en', 'Task ' || a.code || '.' || g)::jsonb, g,
      (SELECT id FROM org_units WHERE code = 'X-M' || (1 + (a.id * 7 + g) % 20)),
      DATE '2021-01-01' + ((a.id * 37 + g * 53) % 1400),
      DATE '2021-01-01' + ((a.id * 37 + g * 53) % 1400) + 90 + ((a.id + g * 11) % 900),
      (ARRAY['low','normal','high','critical'])[1 + g % 4],
      CASE WHEN g % 3 = 0 THEN ARRAY['digital','green'] ELSE ARRAY['digital'] END
    FROM programme_nodes a, generate_series(1, ${size.tasksPerArea}::int) g WHERE a.kind = 'area'`);
  await run(sql`UPDATE programme_nodes SET path = path || id || '/' WHERE kind = 'task'`);

  // Every task: its lead's assignment.
  await run(sql`INSERT INTO assignments (node_id, programme_id, org_unit_id, start_date, due_date)
    SELECT id, programme_id, lead_org_unit_id, start_date, due_date FROM programme_nodes WHERE kind = 'task'`);
  // Some tasks cascade to every province, a few to every commune (through their province).
  await run(sql`CREATE TEMP TABLE bench_cascaded AS
    SELECT id, row_number() OVER (ORDER BY id) AS rn FROM programme_nodes WHERE kind = 'task'`);
  await run(sql`INSERT INTO assignments (node_id, programme_id, org_unit_id, parent_assignment_id, start_date, due_date)
    SELECT a.node_id, a.programme_id, p.id, a.id, a.start_date, a.due_date + (p.id % 30)
    FROM assignments a JOIN bench_cascaded c ON c.id = a.node_id AND c.rn % ${Math.max(1, Math.floor((size.programmes * 10 * size.tasksPerArea) / size.provinceCascadedTasks))}::int = 0
    CROSS JOIN org_units p WHERE p.kind = 'province' AND a.parent_assignment_id IS NULL`);
  await run(sql`INSERT INTO assignments (node_id, programme_id, org_unit_id, parent_assignment_id, start_date, due_date)
    SELECT pa.node_id, pa.programme_id, c.id, pa.id, pa.start_date, pa.due_date
    FROM assignments pa JOIN org_units c ON c.parent_id = pa.org_unit_id AND c.kind = 'commune'
    WHERE pa.node_id IN (SELECT id FROM bench_cascaded WHERE rn % ${Math.max(1, Math.floor((size.programmes * 10 * size.tasksPerArea) / size.provinceCascadedTasks))}::int = 0 ORDER BY id LIMIT ${size.communeCascadedTasks}::int)`);
  await run(sql`DROP TABLE bench_cascaded`);
  await run(
    sql`UPDATE assignments a SET child_count = c.n FROM (SELECT parent_assignment_id AS id, count(*) AS n FROM assignments WHERE parent_assignment_id IS NOT NULL GROUP BY 1) c WHERE a.id = c.id`,
  );

  // Reports: spread over the leaves, dated between start and as-of; a share completes.
  await run(sql`INSERT INTO progress_reports (assignment_id, period, percent, state, narrative, reporter, reported_at, review_state, synthetic)
    SELECT a.id, to_char(d, 'YYYY"M"MM'),
      CASE WHEN last AND done THEN 100 ELSE least(95, 5 + k * 9) END,
      CASE WHEN last AND done THEN 'completed' WHEN k % 17 = 0 THEN 'blocked' ELSE 'in_progress' END,
      'synthetic benchmark report', 'bench', d + time '09:00', CASE WHEN k % 5 = 0 THEN 'submitted' ELSE 'approved' END, true
    FROM (
      SELECT a.id, k, k = per AS last, (a.id % 10) < 6 AS done,
        least(${asOf}::date, coalesce(a.start_date, a.due_date - 180) + (k * greatest(1, (a.due_date - coalesce(a.start_date, a.due_date - 180)) / per))::int) AS d
      FROM assignments a
      CROSS JOIN LATERAL (SELECT greatest(1, round(${size.reports}::numeric / (SELECT count(*) FROM assignments WHERE child_count = 0)))::int AS per) s
      CROSS JOIN LATERAL generate_series(1, s.per) k
      WHERE a.child_count = 0 AND coalesce(a.start_date, a.due_date - 180) <= ${asOf}::date
    ) a`);
  // Current status from the newest report (every report above is effective).
  await run(sql`UPDATE assignments a SET current_percent = r.percent, current_state = r.state, last_reported_at = r.reported_at,
      completed_on = CASE WHEN r.state = 'completed' THEN (r.reported_at AT TIME ZONE 'UTC')::date END
    FROM (SELECT DISTINCT ON (assignment_id) assignment_id, percent, state, reported_at FROM progress_reports ORDER BY assignment_id, reported_at DESC, id DESC) r
    WHERE a.id = r.assignment_id`);
  // Every report has its approval, as a submitted one would (the default single review).
  await approvalsRepository.backfillReports(db);
  await run(sql`ANALYZE`);
  const { rows } =
    await sql<Generated>`SELECT (SELECT count(*) FROM org_units) AS units, (SELECT count(*) FROM programme_nodes WHERE kind = 'task') AS tasks,
    (SELECT count(*) FROM assignments) AS assignments, (SELECT count(*) FROM assignments WHERE child_count = 0) AS leaves,
    (SELECT count(*) FROM progress_reports) AS reports`.execute(db);
  return rows[0]!;
}

export interface GeneratedFigures {
  dataSets: number;
  expected: number;
  submissions: number;
  values: number;
}

/** The 12 months up to asOf's month: '2023M10' … '2024M09' for 2024-09-30. */
export function benchMonths(asOf: string): { first: string; last: string; firstStart: string } {
  const y = Number(asOf.slice(0, 4));
  const m = Number(asOf.slice(5, 7));
  const fy = m === 12 ? y : y - 1;
  const fm = m === 12 ? 1 : m + 1;
  const code = (yy: number, mm: number) => `${yy}M${String(mm).padStart(2, '0')}`;
  return { first: code(fy, fm), last: code(y, m), firstStart: `${fy}-${String(fm).padStart(2, '0')}-01` };
}

/**
 * Figures of the synthetic country (issue 12), after generateCountry: 3 monthly data sets
 * (indicators fig_1 … fig_3), each reported by every province and every commune — a data
 * set has one unit kind, so each is defined twice (DS-P1 … DS-P3, DS-C1 … DS-C3) — for the
 * 12 months up to asOf: 3,335 units × 12 periods × 3 data sets = 120,060 expected forms, of
 * which ~88 % are received (~70 % of those on time), and one value of fig_1 per unit and
 * month (40,020 values) for the national aggregation of one indicator.
 */
export async function generateFigures(db: Db, asOf: string): Promise<GeneratedFigures> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  const { first, firstStart } = benchMonths(asOf);
  await run(sql`SELECT setseed(0.12)`);
  await run(sql`INSERT INTO indicators (code, name, unit, value_type, direction, aggregation, time_aggregation, synthetic)
    SELECT 'fig_' || g, json_build_object('en', 'Figure ' || g)::jsonb, 'x', 'count', 'higher_is_better', '{"method":"sum"}', 'last', true
    FROM generate_series(1, 3) g`);
  await run(sql`INSERT INTO data_sets (code, name, period_type, unit_kind, scope_id, due_days, expiry_days, first_period, first_period_start, synthetic)
    SELECT 'DS-' || upper(left(k, 1)) || g, json_build_object('en', 'Monthly figures ' || g || ' (' || k || ')')::jsonb, 'month', k,
      (SELECT id FROM org_units WHERE code = 'X'), 10, 90, ${first}, ${firstStart}::date, true
    FROM generate_series(1, 3) g CROSS JOIN (VALUES ('province'), ('commune')) AS kinds(k)`);
  await run(sql`INSERT INTO data_set_indicators (data_set_id, indicator_id, position)
    SELECT d.id, i.id, 0 FROM data_sets d JOIN indicators i ON i.code = 'fig_' || right(d.code, 1) WHERE d.code LIKE 'DS-%'`);
  // Forms: ~12 % missing; of the rest ~70 % on time (up to a week before the due day), the others up to 20 days late.
  await run(sql`INSERT INTO data_set_submissions (data_set_id, org_unit_id, period, period_start, state, submitted_at, submitted_by, updated_by)
    SELECT d.id, u.id, to_char(m, 'YYYY"M"MM'), m::date, CASE WHEN r < 0.5 THEN 'approved' ELSE 'submitted' END,
      (m + interval '1 month' - interval '1 day' + make_interval(days => d.due_days) + make_interval(days =>
        CASE WHEN r < 0.62 THEN -floor(r * 10)::int ELSE 1 + floor(r * 20)::int END) + interval '9 hours') AT TIME ZONE 'UTC',
      'bench', 'bench'
    FROM data_sets d
    JOIN org_units u ON u.kind = d.unit_kind
    CROSS JOIN generate_series(${firstStart}::timestamp, ${asOf}::timestamp, interval '1 month') m
    CROSS JOIN LATERAL (SELECT random() + 0 * u.id + 0 * d.id AS r) x
    WHERE d.code LIKE 'DS-%' AND r < 0.88`);
  await run(sql`INSERT INTO data_values (indicator_id, org_unit_id, period, period_type, period_start, period_end, value, source, entered_by)
    SELECT i.id, u.id, to_char(m, 'YYYY"M"MM'), 0, m::date, (m + interval '1 month' - interval '1 day')::date,
      (u.id * 7 + extract(month FROM m)::int * 13) % 100, 'bench', 'bench'
    FROM indicators i CROSS JOIN org_units u CROSS JOIN generate_series(${firstStart}::timestamp, ${asOf}::timestamp, interval '1 month') m
    WHERE i.code = 'fig_1' AND u.kind IN ('province', 'commune')`);
  await run(sql`ANALYZE`);
  const { rows } = await sql<GeneratedFigures>`SELECT
    (SELECT count(*) FROM data_sets WHERE code LIKE 'DS-%')::int AS "dataSets",
    (SELECT count(*) * 12 * 3 FROM org_units WHERE kind IN ('province', 'commune'))::int AS expected,
    (SELECT count(*) FROM data_set_submissions)::int AS submissions,
    (SELECT count(*) FROM data_values)::int AS values`.execute(db);
  return rows[0]!;
}
