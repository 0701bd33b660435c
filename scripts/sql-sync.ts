/**
 * SQL you can read in review (`npm run sql:sync`): runs each repository method listed
 * below against a Kysely instance with PostgreSQL's query compiler and a driver that
 * only records the compiled statements, and writes them to src/db/queries/<repository>.sql.
 * test/unit/sql-snapshots.test.ts fails when those files are stale.
 *
 * A new repository method joins QUERIES with sample arguments; one entry per shape
 * worth reading (e.g. the tally by one and by two dimensions).
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from '../src/db/schema.js';
import type { Db } from '../src/db/database.js';
import {
  backlogFlag,
  completionDay,
  daysLate,
  lastEffective,
  statusBranch,
  supervisionRepository,
  timelinessRows,
  timelinessState,
  type AsOf,
} from '../src/db/repositories/supervision.repository.js';
import { namesOfPage } from '../src/db/repositories/list-names.js';
import { orgUnitsRepository } from '../src/db/repositories/org-units.repository.js';
import { programmesRepository, selectProgrammes } from '../src/db/repositories/programmes.repository.js';
import { assignmentsRepository } from '../src/db/repositories/assignments.repository.js';
import { approvalLocksSql } from '../src/db/repositories/approvals.repository.js';
import { inspectionsRepository } from '../src/db/repositories/inspections.repository.js';

export const QUERIES_DIR = fileURLToPath(new URL('../src/db/queries/', import.meta.url));

type Call = (db: Db) => Promise<unknown> | { execute(): Promise<unknown> };

const at: AsOf = { asOf: '2024-09-30', dueSoonDays: 14, backlogStart: '2024-01-01' };
const scope = ['/1/5/'];

/** repository file name → method (and variant) → a call with sample arguments. */
export const QUERIES: Record<string, Record<string, Call>> = {
  supervision: {
    'tally by subunit (the rollup and worst offenders)': (db) =>
      supervisionRepository.tally(db, at, { programmeId: 1, unitPath: '/1/' }, ['subunit'], 0),
    'tally by area and lead, scoped': (db) =>
      supervisionRepository.tally(db, at, { programmeId: 1, scope }, ['area', 'lead'], 0),
    'tally as of an earlier day with every filter': (db) =>
      supervisionRepository.tally(
        db,
        at,
        {
          programmeId: 1,
          nodePath: '/3/',
          unitPath: '/1/',
          tag: 'digital',
          leadId: 7,
          dueFrom: '2024-01-01',
          dueTo: '2024-12-31',
        },
        ['programme'],
        0,
      ),
    'pageQuery: the overdue page by days late': (db) =>
      supervisionRepository.pageQuery(
        db,
        at,
        { overdueOnly: true },
        { backlogOnly: false, sort: 'days_late', limit: 50, offset: 0 },
      ),
    'pageQuery: due-soon and not-started work by unit, scoped': (db) =>
      supervisionRepository.pageQuery(
        db,
        at,
        { programmeId: 1, scope },
        { timeliness: ['due_soon', 'not_started'], backlogOnly: false, sort: 'unit', limit: 50, offset: 100 },
      ),
    'pageTotalQuery: backlog only': (db) =>
      supervisionRepository.pageTotalQuery(db, at, { overdueOnly: true }, { backlogOnly: true }),
    tallyByNode: (db) => supervisionRepository.tallyByNode(db, at, { programmeId: 1 }),
    byIds: (db) => supervisionRepository.byIds(db, at, [1, 2, 3]),
    unitNames: (db) => supervisionRepository.unitNames(db, [1, 2]),
    nodeNames: (db) => supervisionRepository.nodeNames(db, [1, 2]),
    programmeNames: (db) => supervisionRepository.programmeNames(db, [1, 2]),
  },
  'org-units': {
    byCode: (db) => orgUnitsRepository.byCode(db, 'VN-HN'),
    byId: (db) => orgUnitsRepository.byId(db, 1),
    idsByCode: (db) => orgUnitsRepository.idsByCode(db, ['VN-HN', 'VN-HP']),
    'list, scoped and searched': (db) =>
      orgUnitsRepository.list(db, { under: '/1/', kind: 'province', q: 'hà', limit: 50, offset: 0, scope }),
    ofKindUnder: (db) => orgUnitsRepository.ofKindUnder(db, 'province', '/1/'),
    ofKindUnderByCode: (db) => orgUnitsRepository.ofKindUnderByCode(db, 'province', '/1/'),
    pathsByCode: (db) => orgUnitsRepository.pathsByCode(db, ['VN-HN', 'VN-HP']),
    children: (db) => orgUnitsRepository.children(db, 1),
    byIdsUnder: (db) => orgUnitsRepository.byIdsUnder(db, [5, 6], '/1/'),
    namesByIds: (db) => orgUnitsRepository.namesByIds(db, [5, 6]),
    roots: (db) => orgUnitsRepository.roots(db),
    any: (db) => orgUnitsRepository.any(db),
    'refs, scoped': (db) => orgUnitsRepository.refs(db, scope),
    insert: (db) =>
      orgUnitsRepository.insert(db, {
        code: 'VN-X',
        kind: 'province',
        parentId: 1,
        parentPath: '/1/',
        depth: 1,
        name: { vi: 'X' },
        aliases: [],
      }),
    moveSubtree: (db) => orgUnitsRepository.moveSubtree(db, 5, 2, '/1/5/', '/2/5/', 0),
    count: (db) => orgUnitsRepository.count(db),
  },
  programmes: {
    byCode: (db) => programmesRepository.byCode(db, 'VN-NDX'),
    'byCodeIn, scoped': (db) => programmesRepository.byCodeIn(db, 'VN-NDX', scope),
    'list, scoped': (db) => programmesRepository.list(db, scope),
    count: (db) => programmesRepository.count(db),
    setIssuers: (db) => programmesRepository.setIssuers(db, 1, [2, 3]),
    delete: (db) => programmesRepository.delete(db, 1),
  },
  assignments: {
    byId: (db) => assignmentsRepository.byId(db, 1),
    lockForReport: (db) => assignmentsRepository.lockForReport(db, 1, '2024-Q1'),
    readForReport: (db) => assignmentsRepository.readForReport(db, 1, '2024-Q1'),
    'forNode, scoped': (db) => assignmentsRepository.forNode(db, 1, scope),
    forProgramme: (db) => assignmentsRepository.forProgramme(db, 1),
    leaves: (db) => assignmentsRepository.leaves(db),
    setDueDate: (db) => assignmentsRepository.setDueDate(db, 1, '2024-12-31'),
    shiftInherited: (db) => assignmentsRepository.shiftInherited(db, 1, 'due_date', '2024-06-30', '2024-09-30'),
  },
  inspections: {
    byCode: (db) => inspectionsRepository.byCode(db, 'INSP-1'),
    'list, scoped, of a unit, in a status': (db) =>
      inspectionsRepository.list(db, { scope, userId: 7, unitPath: '/1/5/', status: 'concluded' }),
    findings: (db) => inspectionsRepository.findings(db, 1),
    recommendations: (db) => inspectionsRepository.recommendations(db, 1),
    'reportFlags (the open flags on reports)': (db) => inspectionsRepository.reportFlags(db, [1, 2]),
    'openByUnit, scoped (open and overdue recommendations)': (db) =>
      inspectionsRepository.openByUnit(db, { scope, asOf: '2024-09-30' }),
    reportFor: (db) => inspectionsRepository.reportFor(db, 1, '/1/5/', '2024Q3'),
  },
};

const asOfEnd = '2024-10-01T00:00:00Z';

/**
 * The fragments a repository builds once and several of its queries share (the status
 * of an assignment as of a day, the programme columns): printed once at the top of its
 * file and named in each query as name($n, …) with the parameters it takes there.
 */
export const FRAGMENTS: Record<string, Record<string, (db: Db) => CompiledQuery>> = {
  supervision: {
    timelinessState: (db) => timelinessState(at).compile(db),
    backlogFlag: (db) => backlogFlag(at).compile(db),
    daysLate: (db) => daysLate(at).compile(db),
    "lastEffective('state')": (db) => lastEffective('state', asOfEnd).compile(db),
    "lastEffective('percent')": (db) => lastEffective('percent', asOfEnd).compile(db),
    completionDay: (db) => completionDay(asOfEnd).compile(db),
    // The two branches of the status rows before their filters, with the joins a query needs.
    ...Object.fromEntries(
      [true, false].flatMap((fresh) =>
        [[], ['node'], ['unit'], ['node', 'unit']].map((joins) => [
          `statusBranch(${[fresh ? 'fresh' : 'history', ...joins].join(', ')})`,
          (db: Db) =>
            statusBranch(db, fresh, asOfEnd, { node: joins.includes('node'), unit: joins.includes('unit') }).compile(),
        ]),
      ),
    ),
    // The overdue status rows: the overdue and backlog lists and their totals choose from them.
    'timelinessRows({ overdueOnly })': (db) => timelinessRows(db, at, { overdueOnly: true }).compile(),
    // The one join of every list to its names (src/db/repositories/list-names.ts); callers select their own
    // columns. Compiled only: `page` is the caller's chosen rows.
    namesOfPage: (db) => fromClause(namesOfPage(db as unknown as Parameters<typeof namesOfPage>[0]).compile()),
  },
  programmes: {
    selectProgrammes: (db) => selectProgrammes(db).compile(),
  },
};

/**
 * Raw SQL fragments (sql`…` templates) several statements share: already written out as SQL in their
 * repository, so a snapshot names them where used and points to that source rather than printing them again.
 */
export const RAW_FRAGMENTS: Record<string, Record<string, { source: string; build: (db: Db) => CompiledQuery }>> = {
  assignments: {
    approvalLocksSql: {
      source: 'src/db/repositories/approvals.repository.ts',
      build: (db) => approvalLocksSql(1, '2024-Q1').compile(db),
    },
  },
};

/** A query's FROM clause (its tables and joins), without the columns it selects. */
function fromClause(q: CompiledQuery): CompiledQuery {
  return { ...q, sql: q.sql.slice(q.sql.indexOf(' from ') + ' from '.length) };
}

/** A fragment's text as a pattern that matches it with any parameter numbers. */
function fragmentPattern(fragmentSql: string): RegExp {
  const parts = fragmentSql.split(/\$\d+/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('\\$(\\d+)'), 'g');
}

/** A fragment named with its parameters: timelinessState($1, $2, $3), lastEffective('state', $4). */
function call(name: string, params: string[]): string {
  if (params.length === 0) return name.endsWith(')') ? name : `${name}()`;
  return name.endsWith(')') ? `${name.slice(0, -1)}, ${params.join(', ')})` : `${name}(${params.join(', ')})`;
}

/**
 * The query's text with each fragment's text replaced by its name and the parameters it takes;
 * the longer fragments first, for a fragment may hold shorter ones.
 */
function nameFragments(text: string, fragments: ReadonlyArray<[string, CompiledQuery]>): string {
  let out = text;
  for (const [name, f] of [...fragments].sort((a, b) => b[1].sql.length - a[1].sql.length))
    out = out.replace(fragmentPattern(f.sql), (...m: unknown[]) => {
      return call(
        name,
        m.slice(1, 1 + f.parameters.length).map((n) => `$${String(n)}`),
      );
    });
  return out;
}

/** Records every statement instead of sending it; answers with no rows. */
class RecordingDriver implements Driver {
  readonly queries: CompiledQuery[] = [];
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const queries = this.queries;
    return {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        queries.push(query);
        return { rows: [] };
      },
      // eslint-disable-next-line require-yield
      async *streamQuery() {
        throw new Error('streaming is not recorded');
      },
    };
  }
  async beginTransaction(): Promise<void> {}
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

const CLAUSES = [
  'union all',
  'with',
  'select',
  'from',
  'inner join',
  'left join',
  'cross join',
  'where',
  'group by',
  'having',
  'order by',
  'limit',
  'offset',
  'insert into',
  'values',
  'update',
  'set',
  'delete from',
  'returning',
];

/** One clause a line (Kysely writes its own keywords in lower case; raw SQL fragments keep their layout). */
export function layout(text: string): string {
  let out = text;
  for (const clause of CLAUSES)
    out = out.replaceAll(` ${clause} `, `\n${clause} `).replaceAll(`(${clause} `, `(\n${clause} `);
  return out;
}

function render(name: string, q: CompiledQuery, fragments: ReadonlyArray<[string, CompiledQuery]> = []): string {
  const params = q.parameters.length
    ? `\n-- parameters: ${q.parameters.map((p, i) => `$${i + 1} = ${JSON.stringify(p)}`).join(', ')}`
    : '';
  return `-- ${name}${params}\n${nameFragments(layout(q.sql), fragments)};\n`;
}

function recordingDb(driver: RecordingDriver): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/** The content of every src/db/queries/<repository>.sql, as the repositories compile today. */
export async function renderQueries(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [repository, calls] of Object.entries(QUERIES)) {
    const parts = [
      `-- Generated by npm run sql:sync (scripts/sql-sync.ts) from src/db/repositories/${repository}.repository.ts; do not edit.\n`,
    ];
    const fragmentDb = recordingDb(new RecordingDriver());
    const fragments = Object.entries(FRAGMENTS[repository] ?? {}).map(([name, build]) => {
      // Laid out as the queries are, so that a fragment stands on its own lines where they use it.
      const f = build(fragmentDb);
      return [name, { ...f, sql: layout(f.sql) }] as [string, CompiledQuery];
    });
    const raw = Object.entries(RAW_FRAGMENTS[repository] ?? {}).map(([name, { source, build }]) => {
      const f = build(fragmentDb);
      parts.push(
        `-- fragment ${call(
          name,
          f.parameters.map((_, i) => `$${i + 1}`),
        )}: raw SQL, written out in ${source}\n`,
      );
      return [name, { ...f, sql: layout(f.sql) }] as [string, CompiledQuery];
    });
    fragments.push(...raw);
    if (fragments.length > raw.length) {
      parts.push(
        '-- Fragments several queries share: each is printed once here and named in the queries as name($n, …),\n-- with the parameters it takes there.\n',
      );
      for (const [name, f] of fragments.filter(([name]) => !raw.some(([r]) => r === name))) {
        const params = f.parameters.map((_, i) => `$${i + 1}`);
        const shorter = fragments.filter(([, g]) => g.sql.length < f.sql.length);
        parts.push(`-- fragment ${call(name, params)}\n${nameFragments(f.sql, shorter)}\n`);
      }
    }
    for (const [name, call] of Object.entries(calls)) {
      const driver = new RecordingDriver();
      const db = recordingDb(driver);
      try {
        const result = call(db);
        await ('execute' in result ? result.execute() : result);
      } catch {
        // a method that needs a row back (…OrThrow) stops after its first statement: that one is recorded
      }
      if (driver.queries.length === 0) throw new Error(`${repository}.${name} ran no query`);
      driver.queries.forEach((q, i) =>
        parts.push(
          render(driver.queries.length > 1 ? `${name} (${i + 1} of ${driver.queries.length})` : name, q, fragments),
        ),
      );
    }
    files.set(`${repository}.sql`, parts.join('\n'));
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await renderQueries();
  await mkdir(QUERIES_DIR, { recursive: true });
  for (const old of await readdir(QUERIES_DIR))
    if (old.endsWith('.sql') && !files.has(old)) await rm(join(QUERIES_DIR, old));
  for (const [name, content] of files) await writeFile(join(QUERIES_DIR, name), content);
  console.log(`wrote ${files.size} files to src/db/queries/`);
}
