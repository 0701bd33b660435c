/** `mandate status`: a plain-text summary a secretary can paste into an e-mail. */
import { pickText, type Language } from '../domain/i18n.js';
import { isIsoDate } from '../domain/dates.js';
import { ValidationError } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import { listProgrammes } from '../services/programmes.js';
import { overdueList, rollup, type Counts } from '../services/supervision.js';
import { atRisk } from '../services/evaluation.js';
import { completenessOf } from '../services/completeness.js';
import { listDataSets } from '../services/data-sets.js';
import { rates } from '../domain/data-sets.js';
import { headingForLate, type HeadingItem } from '../services/early-warning.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { indicatorsRepository } from '../db/repositories/indicators.repository.js';

/** Why an item is heading for late, in a few words. */
export function headingReason(item: HeadingItem): string {
  switch (item.basis) {
    case 'projected':
      return `projected ${item.projectedFinish} (${item.slipDays} days late)`;
    case 'blocked':
      return 'blocked';
    case 'stalled':
      return 'no progress';
    case 'silent':
      return item.lastReport ? `silent since ${item.lastReport}` : 'never reported';
    default:
      return item.basis;
  }
}

function pct(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(0)} %`;
}

function countsLine(c: Counts): string {
  return [
    `${c.total} assignments`,
    `${c.completedOnTime} completed on time`,
    `${c.completedLate} completed late`,
    `${c.overdue} overdue (${c.backlog} backlog)`,
    `${c.dueSoon} due soon`,
    `${c.onTrack} on track`,
    `${c.notStarted} not started`,
    `on-time rate ${pct(c.onTimeRate)}`,
  ].join(' · ');
}

/** What `mandate status` shows: a programme and unit (all when absent), the day, the language, how many of each list. */
export interface StatusOptions {
  programme?: string | undefined;
  unit?: string | undefined;
  asOf?: string | undefined;
  lang: Language;
  top: number;
}

export async function statusText(ctx: ServiceContext, o: StatusOptions): Promise<string> {
  if (o.asOf && !isIsoDate(o.asOf))
    throw new ValidationError([{ path: '--as-of', message: 'not a date (expected YYYY-MM-DD)' }]);
  const programmes = (await listProgrammes(ctx)).filter((p) => !o.programme || p.code === o.programme);
  if (o.programme && programmes.length === 0)
    throw new ValidationError([{ path: '--programme', message: `no programme ${o.programme}` }]);
  const lines: string[] = [];
  for (const p of programmes) {
    const q = { programme: p.code, unit: o.unit, asOf: o.asOf };
    const [r, overdue, heading] = await Promise.all([
      rollup(ctx, { ...q, top: 5 }),
      overdueList(ctx, { ...q, limit: o.top }),
      headingForLate(ctx, { ...q, limit: o.top, top: 5 }),
    ]);
    lines.push(`${p.code} — ${pickText(p.name, o.lang)} (${p.period.start} → ${p.period.end}), as of ${r.asOf}`);
    lines.push(`  ${countsLine(r.counts)}`);
    if (overdue.items.length) {
      lines.push(`  Top overdue (of ${overdue.total}):`);
      for (const item of overdue.items) {
        lines.push(
          `    ${String(item.daysLate).padStart(5)} days late  ${item.backlog ? '[backlog] ' : ''}${item.node} ${pickText(item.title, o.lang)} — ${item.unit}${item.lead && item.lead !== item.unit ? ` (lead ${item.lead})` : ''}, due ${item.due}, ${item.percent} %`,
        );
      }
    }
    if (r.worstOffenders.length) {
      lines.push(`  Most overdue: ${r.worstOffenders.map((g) => `${g.keys[0]?.code} ${g.counts.overdue}`).join(', ')}`);
    }
    if (heading.total) {
      lines.push(
        `  Heading for late (${heading.total}; tolerance ${heading.settings.toleranceDays} days, silence ${heading.settings.silenceDays} days):`,
      );
      for (const item of heading.items)
        lines.push(
          `    ${item.node} ${pickText(item.title, o.lang)} — ${item.unit}, due ${item.due}, ${item.percent} %: ${headingReason(item)}`,
        );
      if (heading.units.length)
        lines.push(`  Most heading for late: ${heading.units.map((u) => `${u.code} ${u.count}`).join(', ')}`);
      if (heading.leads.length)
        lines.push(`  By lead agency: ${heading.leads.map((u) => `${u.code} ${u.count}`).join(', ')}`);
    }
    lines.push('');
  }
  if (programmes.length === 0)
    lines.push('no programmes yet: load one with `mandate import programme FILE` or `mandate demo`', '');
  lines.push(...(await indicatorLines(ctx, o)));
  lines.push(...(await completenessLines(ctx, o)));
  return lines.join('\n');
}

/** "Reporting completeness": expected, received and on-time forms of the last 12 months, least complete units first. */
async function completenessLines(
  ctx: ServiceContext,
  o: { unit?: string | undefined; asOf?: string | undefined; lang: Language; top: number },
): Promise<string[]> {
  if ((await listDataSets(ctx)).length === 0) return [];
  const roots = o.unit ? [o.unit] : (await orgUnitsRepository.roots(ctx.db)).map((r) => r.code);
  const lines: string[] = [];
  for (const unit of roots) {
    const c = await completenessOf(ctx, { unit, level: 1, asOf: o.asOf });
    if (c.total.expected === 0) continue;
    lines.push(
      `Reporting completeness — ${unit} (${c.from} → ${c.to}, ${c.dataSets.length} data sets): ${c.total.received} of ${c.total.expected} forms received (${pct(c.total.rate === null ? null : c.total.rate / 100)}), ${c.total.onTime} on time (${pct(c.total.onTimeRate === null ? null : c.total.onTimeRate / 100)})`,
    );
    for (const code of c.dataSets) {
      const t = { expected: 0, received: 0, onTime: 0 };
      for (const r of c.rows)
        if (r.dataSet === code) {
          t.expected += r.expected;
          t.received += r.received;
          t.onTime += r.onTime;
        }
      if (t.expected === 0) continue;
      const r = rates(t);
      lines.push(
        `  ${code}: expected ${t.expected}, received ${t.received} (${pct(r.rate === null ? null : r.rate / 100)}), on time ${t.onTime} (${pct(r.onTimeRate === null ? null : r.onTimeRate / 100)})`,
      );
    }
    const least = c.units.slice(0, o.top);
    if (least.length)
      lines.push(`  Least complete: ${least.map((u) => `${u.unit} ${u.received}/${u.expected}`).join(', ')}`);
    lines.push('');
  }
  return lines;
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
}

/** "Indicators at risk": every indicator with a target, per unit (and its children), off track first. */
async function indicatorLines(ctx: ServiceContext, o: StatusOptions): Promise<string[]> {
  if (!(await orgUnitsRepository.any(ctx.db)) || !(await indicatorsRepository.anyTarget(ctx.db))) return [];
  const roots = o.unit ? [o.unit] : (await orgUnitsRepository.roots(ctx.db)).map((r) => r.code);
  const lines: string[] = [];
  for (const unit of roots) {
    const r = await atRisk(ctx, { unit, programme: o.programme, asOf: o.asOf });
    const c = r.counts;
    if (c.achieved + c.on_track + c.at_risk + c.off_track + c.no_data === 0) continue;
    lines.push(
      `Indicators at risk — ${unit}: ${c.off_track} off track, ${c.at_risk} at risk, ${c.on_track} on track, ${c.achieved} achieved, ${c.no_data} no data`,
    );
    for (const item of r.items.slice(0, o.top)) {
      const e = item.evaluation!;
      lines.push(
        `    ${item.status === 'off_track' ? 'OFF TRACK' : 'at risk  '}  ${item.indicator} ${pickText(item.name, o.lang)} — ${item.unit}: latest ${fmt(e.latest?.value)}${e.latest ? ` (${e.latest.period})` : ''}, target ${fmt(item.target?.target.value)} by ${item.target?.target.date}, forecast ${fmt(e.forecast.forecast)}`,
      );
    }
    if (r.items.length > o.top) lines.push(`    … and ${r.items.length - o.top} more`);
    lines.push('');
  }
  return lines;
}
