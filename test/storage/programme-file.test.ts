/** Programme and org-unit files: lossless round trip, and bad files rejected whole with every problem named. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { fixture } from '../helpers/app.js';
import { systemContext } from '../../src/services/context.js';
import { importOrgUnitsText } from '../../src/services/org-units-importer.js';
import { importProgrammeText } from '../../src/services/programme-importer.js';
import { exportProgramme, programmeFileToYaml } from '../../src/services/programme-exporter.js';
import { ValidationError } from '../../src/domain/errors.js';

async function tableCounts(store: TestStore) {
  const { rows } = await sql<Record<string, number>>`SELECT
    (SELECT count(*) FROM org_units) AS units, (SELECT count(*) FROM programmes) AS programmes,
    (SELECT count(*) FROM programme_nodes) AS nodes, (SELECT count(*) FROM assignments) AS assignments,
    (SELECT count(*) FROM node_coordinators) AS coordinators`.execute(store.db);
  return rows[0];
}

async function problemsOf(work: Promise<unknown>) {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems;
}

describe.each(STORE_KINDS)('programme files on %s', (kind) => {
  let a: TestStore;
  let b: TestStore;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestStore(kind), createTestStore(kind)]);
    for (const s of [a, b])
      await importOrgUnitsText(systemContext(s.db), await fixture('orgunits.yaml'), 'orgunits.yaml');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('round-trips losslessly: export → import elsewhere → export gives the same file', async () => {
    const summary = await importProgrammeText(systemContext(a.db), await fixture('programme.yaml'), 'programme.yaml');
    expect(summary).toEqual({ programme: 'VN-NDX-TEST', nodes: 5, tasks: 3, assignments: 6 });
    const first = programmeFileToYaml(await exportProgramme(systemContext(a.db), 'VN-NDX-TEST'));
    await importProgrammeText(systemContext(b.db), first, 'export.yaml');
    const second = programmeFileToYaml(await exportProgramme(systemContext(b.db), 'VN-NDX-TEST'));
    expect(second).toBe(first);
    expect(first).toContain('unit: VN-HP');
    expect(await tableCounts(b)).toEqual(await tableCounts(a));
  });

  it('reports every problem of a bad file at once, with its path, and imports nothing', async () => {
    const before = await tableCounts(b);
    const bad = `format: mandate.programme/1
code: BAD
name: { en: Bad }
issuers: [VN, NOWHERE]
period: { start: 2024-01-01, end: 2024-12-31 }
nodes:
  - code: A
    kind: area
    title: { en: Area }
    lead: VN-MIC
    children:
      - { code: T1, kind: task, title: { en: One }, lead: VN-MIC, due: 2024-02-30 }
      - { code: T2, kind: task, title: { en: Two }, lead: VN-XX, start: 2024-05-01, due: 2024-04-01, coordinators: [VN-MPS, VN-YY] }
      - { code: T2, kind: task, title: { en: Dup }, lead: VN-MIC, due: 2024-05-01, cascade: [{ kind: province, under: VN-ZZ }] }
      - { code: T4, kind: task, title: { en: Four }, assignments: [{ unit: VN-HN }, { unit: VN-HN, due: 2024-06-01 }] }
`;
    const schemaProblems = await problemsOf(importProgrammeText(systemContext(b.db), bad, 'bad.yaml'));
    expect(schemaProblems).toEqual([
      { path: 'nodes[0].children[0].due (bad.yaml:12)', message: 'not a date (expected YYYY-MM-DD)' },
    ]);

    const semantic = bad.replace('2024-02-30', '2024-02-28');
    const problems = await problemsOf(importProgrammeText(systemContext(b.db), semantic, 'bad.yaml'));
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'nodes[0].lead', message: 'a area carries no lead; use task, subtask or milestone' },
        { path: 'nodes[0].children[1].due', message: 'due before start' },
        { path: 'nodes[0].children[2].code', message: 'code T2 is used twice (first at nodes[0].children[1])' },
        { path: 'nodes[0].children[3].assignments[0].due', message: 'no due date here or on the task' },
        { path: 'nodes[0].children[3].assignments[1].unit', message: 'VN-HN is assigned twice' },
        { path: 'issuers[1]', message: 'no org unit with code NOWHERE' },
        { path: 'nodes[0].children[1].lead', message: 'no org unit with code VN-XX' },
        { path: 'nodes[0].children[1].coordinators[1]', message: 'no org unit with code VN-YY' },
        { path: 'nodes[0].children[2].cascade[0].under', message: 'no org unit with code VN-ZZ' },
      ]),
    );
    expect(problems).toHaveLength(9);
    expect(await tableCounts(b)).toEqual(before);
  });

  it('names the line of a YAML syntax error and rejects an existing code', async () => {
    const problems = await problemsOf(
      importProgrammeText(systemContext(b.db), 'format: mandate.programme/1\ncode: [unclosed\n', 'broken.yaml'),
    );
    expect(problems[0]!.path).toMatch(/^broken\.yaml:\d+:\d+$/);
    const again = await problemsOf(
      importProgrammeText(systemContext(b.db), await fixture('programme.yaml'), 'programme.yaml'),
    );
    expect(again).toEqual([{ path: 'code', message: 'programme VN-NDX-TEST already exists' }]);
  });

  it('rejects an org-unit file with duplicate or existing codes, importing none of it', async () => {
    const before = await tableCounts(b);
    const problems = await problemsOf(
      importOrgUnitsText(
        systemContext(b.db),
        `format: mandate.orgunits/1
parent: VN
units:
  - { code: NEW-1, kind: province, name: { en: New } }
  - { code: NEW-1, kind: province, name: { en: Again } }
  - { code: VN-HN, kind: province, name: { en: Exists } }
  - { code: NEW-2, kind: planet, name: { en: Bad kind } }
`,
        'units.yaml',
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('units[3].kind (units.yaml:7)');
    const semantic = await problemsOf(
      importOrgUnitsText(
        systemContext(b.db),
        `format: mandate.orgunits/1\nparent: VN\nunits:\n  - { code: NEW-1, kind: province, name: { en: New } }\n  - { code: NEW-1, kind: province, name: { en: Again } }\n  - { code: VN-HN, kind: province, name: { en: Exists } }\n`,
        'units.yaml',
      ),
    );
    expect(semantic).toEqual([
      { path: 'units[1].code', message: 'code NEW-1 is used twice (first at units[0])' },
      { path: 'units[2].code', message: 'org unit VN-HN already exists' },
    ]);
    expect(await tableCounts(b)).toEqual(before);
  });
});
