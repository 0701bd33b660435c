/**
 * Exports an inspection as its file (docs/inspections.md): export → import gives the
 * same plan, findings, flags, recommendations and conclusion.
 */
import { stringify } from 'yaml';
import { INSPECTION_FORMAT, type InspectionFileInput } from '../../domain/inspection.js';
import type { ServiceContext } from '../context.js';
import { getInspection } from './inspection-views.js';

export async function exportInspection(ctx: ServiceContext, code: string): Promise<InspectionFileInput> {
  const i = await getInspection(ctx, code);
  const findingIndex = new Map(i.findings.map((f, n) => [f.id, n]));
  return {
    format: INSPECTION_FORMAT,
    code: i.code,
    title: i.title,
    issuer: i.issuer,
    programme: i.programme,
    tasks: i.tasks,
    start: i.start,
    end: i.end,
    team: i.team.map((m) => m.username),
    units: i.units.map((u) => (u.visit ? { unit: u.unit, visit: u.visit } : { unit: u.unit })),
    status: i.status,
    findings: i.findings.map((f) => ({
      unit: f.unit,
      kind: f.kind,
      ...(f.task ? { task: f.task } : {}),
      ...(f.reportPeriod ? { reportPeriod: f.reportPeriod } : {}),
      ...(f.value ? { value: { indicator: f.value.indicator, unit: f.value.unit, period: f.value.period } } : {}),
      narrative: f.narrative,
      evidence: f.evidence,
      flag: f.flagged,
      ...(f.resolved ? { resolved: { note: f.resolved.note || 'resolved' } } : {}),
    })),
    recommendations: i.recommendations.map((r) => ({
      unit: r.unit,
      text: r.text,
      due: r.due,
      ...(r.finding !== null && findingIndex.has(r.finding) ? { finding: findingIndex.get(r.finding)! } : {}),
    })),
    ...(i.status === 'concluded'
      ? {
          conclusion: {
            text: i.conclusion,
            links: i.conclusionLinks,
            ...(i.concludedOn ? { date: i.concludedOn } : {}),
          },
        }
      : {}),
  };
}

export async function exportInspectionText(
  ctx: ServiceContext,
  code: string,
  format: 'yaml' | 'json',
): Promise<string> {
  const file = await exportInspection(ctx, code);
  return format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : stringify(file, { lineWidth: 0 });
}
