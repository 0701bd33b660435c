import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { orgUnitsFileSchema } from '../../src/domain/programme-file.js';
import { draftProgramme, orgUnitRefs, type AgencyItem } from '../../src/extract/index.js';
import { fixturesDir, programmeText } from './helpers.js';

const demoDir = join(fixturesDir, '../../../demo');
const load = (f: string) => orgUnitRefs(orgUnitsFileSchema.parse(parse(readFileSync(join(demoDir, f), 'utf8'))));
const hasDemo = existsSync(join(demoDir, 'orgunits-vn.yaml')) && existsSync(join(demoDir, 'orgunits-cn.yaml'));

describe.runIf(hasDemo)('with the demo org units', () => {
  const units = hasDemo ? [...load('orgunits-vn.yaml'), ...load('orgunits-cn.yaml')] : [];

  it('flattens the org-unit tree', () => {
    expect(units.some((u) => u.code === 'VN-MIC')).toBe(true);
    expect(units.some((u) => u.code === 'CN-NEA')).toBe(true);
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
  });

  const keyPoints = programmeText('cn-digital-green-key-points-2025.vi.txt');
  it.runIf(keyPoints !== null)('finds the ten issuers of the 2025 Key Points', () => {
    const r = draftProgramme(keyPoints!, { orgUnits: units });
    const codes = new Set(
      r.items.filter((i): i is AgencyItem => i.type === 'agency' && i.code !== undefined).map((i) => i.code),
    );
    for (const c of [
      'CN-CAC',
      'CN-NDRC',
      'CN-MIIT',
      'CN-MNR',
      'CN-MEE',
      'CN-MOHURD',
      'CN-MOT',
      'CN-MARA',
      'CN-SAMR',
      'CN-NEA',
    ])
      expect(codes, c).toContain(c);
  });

  const session8 = programmeText('vn-national-dx-committee-session-8.vi.txt');
  it.runIf(session8 !== null)('names the national committee as issuer of the session-8 conclusions', () => {
    const r = draftProgramme(session8!, { orgUnits: units });
    expect(r.draft.issuers).toContain('VN');
  });
});
