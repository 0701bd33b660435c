/**
 * Demo names in every language (issue 16, complaint 7): in zh and ar the Vietnamese provinces,
 * their wards and communes, the other demo units and every Vietnamese task title read in the
 * language's own script, not in English or Latin letters.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  orgUnitsFileSchema,
  programmeFileSchema,
  type NodeSpec,
  type OrgUnitSpec,
} from '../../src/domain/programme-file.js';
import type { LocalizedText } from '../../src/domain/i18n.js';

const DEMO = fileURLToPath(new URL('../../demo/', import.meta.url));
const VN_PROGRAMMES = ['vn-dx-plan-2021.yaml', 'vn-ndx-2024.yaml', 'vn-resolution-57.yaml'];

/** At least one Han character, and no more Latin letters than Han ones (codes such as "5G" may stay). */
const HAN = /\p{Script=Han}/gu;
/** Arabic letters, and no more Latin letters than Arabic ones (codes such as "VNeID" may stay). */
const ARABIC = /\p{Script=Arabic}/gu;
const LATIN = /\p{Script=Latin}/gu;

function inScript(text: string | undefined, script: RegExp): boolean {
  if (!text) return false;
  const own = text.match(script)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  return own > 0 && latin < own;
}

function wrongScript(entries: [string, LocalizedText][]): string[] {
  const bad: string[] = [];
  for (const [code, text] of entries) {
    if (!inScript(text.zh, HAN)) bad.push(`${code} zh: ${text.zh ?? '(missing)'}`);
    if (!inScript(text.ar, ARABIC)) bad.push(`${code} ar: ${text.ar ?? '(missing)'}`);
  }
  return bad;
}

function units(file: string): OrgUnitSpec[] {
  const parsed = orgUnitsFileSchema.parse(parse(readFileSync(DEMO + file, 'utf8')));
  const all: OrgUnitSpec[] = [];
  const walk = (list: OrgUnitSpec[]): void => {
    for (const unit of list) {
      all.push(unit);
      walk(unit.children ?? []);
    }
  };
  walk(parsed.units);
  return all;
}

describe('demo names in zh and ar', () => {
  it('every Vietnamese demo unit (34 provinces, wards, ministries, enterprises) has a Chinese and an Arabic name', () => {
    const vn = units('orgunits-vn.yaml');
    expect(vn.filter((u) => u.kind === 'province')).toHaveLength(34);
    expect(wrongScript(vn.map((u) => [u.code, u.name]))).toEqual([]);
  });

  it('every Chinese provincial division has a Chinese and an Arabic name', () => {
    const provinces = units('orgunits-cn.yaml').filter((u) => u.kind === 'province');
    expect(provinces).toHaveLength(31);
    expect(wrongScript(provinces.map((u) => [u.code, u.name]))).toEqual([]);
  });

  it.each(VN_PROGRAMMES)('%s: the name, levels and every task title are in Chinese and Arabic', (file) => {
    const programme = programmeFileSchema.parse(parse(readFileSync(`${DEMO}programmes/${file}`, 'utf8')));
    const entries: [string, LocalizedText][] = [[programme.code, programme.name]];
    (programme.levels ?? []).forEach((level, i) => entries.push([`level ${i + 1}`, level]));
    const walk = (nodes: NodeSpec[]): void => {
      for (const node of nodes) {
        entries.push([node.code, node.title]);
        walk(node.children ?? []);
      }
    };
    walk(programme.nodes);
    expect(entries.length).toBeGreaterThan(20);
    expect(wrongScript(entries)).toEqual([]);
  });
});
