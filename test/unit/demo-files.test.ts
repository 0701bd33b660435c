/**
 * The demo data set (demo/): every file parses with the shared zod schemas, every org-unit
 * code a programme names exists, codes are unique, and dates are sensible.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  orgUnitsFileSchema,
  programmeFileSchema,
  type AssignmentSpec,
  type NodeSpec,
  type OrgUnitSpec,
  type ProgrammeFile,
} from '../../src/domain/programme-file.js';
import { WORK_KINDS } from '../../src/domain/programme.js';
import type { OrgUnitKind } from '../../src/domain/org-unit.js';

const DEMO = fileURLToPath(new URL('../../demo/', import.meta.url));
const ORG_FILES = ['orgunits-vn.yaml', 'orgunits-cn.yaml'];
const PROGRAMME_DIR = join(DEMO, 'programmes');
const PROGRAMME_FILES = readdirSync(PROGRAMME_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Dates a demo programme may use at all. */
const EARLIEST = '2020-01-01';
const LATEST = '2035-12-31';

interface Unit {
  code: string;
  kind: OrgUnitKind;
  parent: string | null;
  spec: OrgUnitSpec;
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

/** Parses with a schema; a failure names the file and every issue with its path. */
function parseFile<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  path: string,
): T {
  const result = schema.safeParse(readYaml(path));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
  throw new Error(`${basename(path)}:\n  ${issues.join('\n  ')}`);
}

function loadUnits(): { units: Map<string, Unit>; duplicates: string[] } {
  const units = new Map<string, Unit>();
  const duplicates: string[] = [];
  const walk = (specs: OrgUnitSpec[], parent: string | null) => {
    for (const spec of specs) {
      if (units.has(spec.code)) duplicates.push(spec.code);
      units.set(spec.code, { code: spec.code, kind: spec.kind, parent, spec });
      walk(spec.children ?? [], spec.code);
    }
  };
  for (const file of ORG_FILES) {
    const parsed = parseFile(orgUnitsFileSchema, join(DEMO, file));
    walk(parsed.units, parsed.parent ?? null);
  }
  return { units, duplicates };
}

const { units, duplicates: duplicateUnits } = loadUnits();

function isUnder(code: string, ancestor: string): boolean {
  let cur = units.get(code)?.parent ?? null;
  while (cur !== null) {
    if (cur === ancestor) return true;
    cur = units.get(cur)?.parent ?? null;
  }
  return false;
}

function unitsOfKindUnder(kind: OrgUnitKind, under: string): string[] {
  return [...units.values()].filter((u) => u.kind === kind && isUnder(u.code, under)).map((u) => u.code);
}

function* walkNodes(
  nodes: NodeSpec[],
  parent: NodeSpec | null = null,
): Generator<{ node: NodeSpec; parent: NodeSpec | null }> {
  for (const node of nodes) {
    yield { node, parent };
    yield* walkNodes(node.children ?? [], node);
  }
}

function* walkAssignments(
  list: AssignmentSpec[],
  parent: AssignmentSpec | null = null,
): Generator<{ a: AssignmentSpec; parent: AssignmentSpec | null }> {
  for (const a of list) {
    yield { a, parent };
    yield* walkAssignments(a.children ?? [], a);
  }
}

const programmes: { file: string; programme: ProgrammeFile }[] = PROGRAMME_FILES.map((file) => ({
  file,
  programme: parseFile(programmeFileSchema, join(PROGRAMME_DIR, file)),
}));

describe('demo org units', () => {
  it('parse, and every code is unique across both countries', () => {
    expect(duplicateUnits).toEqual([]);
    expect(units.size).toBeGreaterThan(100);
  });

  it('have the roots, ministries and provinces of both countries', () => {
    expect(units.get('VN')?.kind).toBe('committee');
    expect(units.get('CN')?.kind).toBe('committee');
    expect(unitsOfKindUnder('province', 'VN')).toHaveLength(34);
    expect(unitsOfKindUnder('province', 'CN')).toHaveLength(31);
    for (const p of [...unitsOfKindUnder('province', 'VN'), ...unitsOfKindUnder('province', 'CN')]) {
      expect(units.get(p)?.parent, p).toMatch(/^(VN|CN)$/);
    }
    const vnCommunes = unitsOfKindUnder('commune', 'VN');
    expect(vnCommunes.length).toBeGreaterThanOrEqual(6);
    for (const c of vnCommunes) expect(units.get(units.get(c)!.parent!)?.kind, c).toBe('province');
    for (const code of [
      'VN-MIC',
      'VN-MOST',
      'VN-MPS',
      'VN-MPI',
      'VN-MOF',
      'VN-GO',
      'VN-MOIT',
      'VN-MOET',
      'VN-MOH',
      'VN-MONRE',
      'VN-SBV',
    ]) {
      expect(units.has(code), code).toBe(true);
    }
    expect(isUnder('VN-MIC', 'VN-MOST')).toBe(true); // merged on 1 March 2025
    expect(units.get('VN-HP')?.spec.aliases).toContain('Hải Dương');
  });

  it('name every unit in Vietnamese and English, Chinese units in Chinese, committees and ministries in all four languages', () => {
    for (const u of units.values()) {
      expect(u.spec.name.vi, u.code).toBeTruthy();
      expect(u.spec.name.en, u.code).toBeTruthy();
      if (u.code.startsWith('CN')) expect(u.spec.name.zh, u.code).toBeTruthy();
      if (u.kind === 'ministry' || u.kind === 'committee') {
        expect(u.spec.name.zh, u.code).toBeTruthy();
        expect(u.spec.name.ar, u.code).toBeTruthy();
      }
    }
    for (const root of ['VN', 'CN'])
      expect(Object.keys(units.get(root)!.spec.name).sort()).toEqual(['ar', 'en', 'vi', 'zh']);
  });
});

describe('demo programmes', () => {
  it('are the five programmes, each named after its file', () => {
    expect(PROGRAMME_FILES).toEqual([
      'cn-digital-china-2522.yaml',
      'cn-digital-green-2025.yaml',
      'vn-dx-plan-2021.yaml',
      'vn-ndx-2024.yaml',
      'vn-resolution-57.yaml',
    ]);
    for (const { file, programme } of programmes) {
      expect(programme.code).toBe(basename(file, '.yaml'));
      expect(programme.source, file).toBeTruthy();
    }
  });

  it('the Key Points are issued by the ten agencies and hold 4 areas with 22 tasks', () => {
    const kp = programmes.find((p) => p.programme.code === 'cn-digital-green-2025')!.programme;
    expect(kp.issuers).toHaveLength(10);
    expect(kp.nodes.filter((n) => n.kind === 'area')).toHaveLength(4);
    expect(kp.nodes.flatMap((n) => n.children ?? []).filter((n) => n.kind === 'task')).toHaveLength(22);
  });

  for (const file of PROGRAMME_FILES) {
    describe(file, () => {
      const { programme } = programmes.find((p) => p.file === file)!;
      let errors: string[] = [];
      const check = (ok: boolean, message: string) => {
        if (!ok) errors.push(message);
      };
      beforeEach(() => {
        errors = [];
      });
      const known = (code: string, where: string) => check(units.has(code), `${where}: unknown org unit ${code}`);

      it('references only existing org units', () => {
        programme.issuers.forEach((c, i) => known(c, `issuers[${i}]`));
        for (const { node } of walkNodes(programme.nodes)) {
          if (node.lead) known(node.lead, `${node.code}.lead`);
          (node.coordinators ?? []).forEach((c) => known(c, `${node.code}.coordinators`));
          for (const c of node.cascade ?? []) {
            known(c.under, `${node.code}.cascade.under`);
            check(
              unitsOfKindUnder(c.kind, c.under).length > 0,
              `${node.code}: cascade to no ${c.kind} under ${c.under}`,
            );
          }
          for (const { a, parent } of walkAssignments(node.assignments ?? [])) {
            known(a.unit, `${node.code}.assignments`);
            if (parent) check(isUnder(a.unit, parent.unit), `${node.code}: ${a.unit} is not under ${parent.unit}`);
          }
        }
        expect(errors).toEqual([]);
      });

      it('has unique node codes and at most one assignment per unit and task', () => {
        const seen = new Set<string>();
        for (const { node } of walkNodes(programme.nodes)) {
          check(!seen.has(node.code), `duplicate node code ${node.code}`);
          seen.add(node.code);
          const assigned = [
            ...(node.cascade ?? []).flatMap((c) => unitsOfKindUnder(c.kind, c.under)),
            ...[...walkAssignments(node.assignments ?? [])].map(({ a }) => a.unit),
          ];
          check(new Set(assigned).size === assigned.length, `${node.code}: a unit is assigned twice`);
        }
        expect(errors).toEqual([]);
      });

      it('has sensible dates', () => {
        const { start, end } = programme.period;
        check(start <= end, `period ends before it starts`);
        check(start >= EARLIEST && end <= LATEST, `period ${start}..${end} outside ${EARLIEST}..${LATEST}`);
        for (const { node, parent } of walkNodes(programme.nodes)) {
          const where = node.code;
          if (node.start) check(node.start >= EARLIEST, `${where}: starts ${node.start}, before ${EARLIEST}`);
          if (node.due)
            check(node.due >= EARLIEST && node.due <= end, `${where}: due ${node.due} outside ${EARLIEST}..${end}`);
          if (node.start && node.due) check(node.start <= node.due, `${where}: due before it starts`);
          if (node.due && parent?.due) check(node.due <= parent.due, `${where}: due after its parent ${parent.code}`);
          const nodeDue = node.due;
          for (const c of node.cascade ?? []) {
            if (c.due && nodeDue) check(c.due <= nodeDue, `${where}: cascade due after the task`);
            if (c.due && node.start) check(c.due >= node.start, `${where}: cascade due before the task starts`);
          }
          for (const { a, parent: pa } of walkAssignments(node.assignments ?? [])) {
            const limit = pa?.due ?? nodeDue;
            if (a.due && limit) check(a.due <= limit, `${where}: assignment ${a.unit} due after its parent`);
            if (a.due && node.start)
              check(a.due >= node.start, `${where}: assignment ${a.unit} due before the task starts`);
          }
        }
        expect(errors).toEqual([]);
      });

      it('gives every piece of work a lead, dates, priority, tags and titles in its languages', () => {
        const langs = programme.code.startsWith('cn-') ? ['vi', 'en', 'zh'] : ['vi', 'en'];
        for (const { node } of walkNodes(programme.nodes)) {
          for (const l of langs) check(Boolean(node.title[l as 'vi']), `${node.code}: no ${l} title`);
          if (!WORK_KINDS.has(node.kind)) {
            check(!node.cascade && !node.assignments, `${node.code}: a ${node.kind} cannot be assigned`);
            continue;
          }
          check(Boolean(node.lead), `${node.code}: no lead`);
          check(Boolean(node.start && node.due), `${node.code}: no start or due date`);
          check(Boolean(node.priority), `${node.code}: no priority`);
          check((node.tags ?? []).length > 0, `${node.code}: no tags`);
        }
        for (const l of langs) check(Boolean(programme.name[l as 'vi']), `programme: no ${l} name`);
        expect(errors).toEqual([]);
      });
    });
  }

  it('together make an interesting dashboard: past and future deadlines, cascades to provinces', () => {
    const dues: string[] = [];
    let provinceCascades = 0;
    for (const { programme } of programmes) {
      for (const { node } of walkNodes(programme.nodes)) {
        if (node.due && WORK_KINDS.has(node.kind)) dues.push(node.due);
        provinceCascades += (node.cascade ?? []).filter((c) => c.kind === 'province').length;
      }
    }
    expect(dues.some((d) => d < '2023-01-01')).toBe(true);
    expect(dues.some((d) => d >= '2023-01-01' && d < '2024-01-01')).toBe(true);
    expect(dues.some((d) => d >= '2024-01-01' && d < '2026-01-01')).toBe(true);
    expect(dues.filter((d) => d >= '2027-01-01').length).toBeGreaterThanOrEqual(5);
    expect(provinceCascades).toBeGreaterThanOrEqual(10);
  });
});
