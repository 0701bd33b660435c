/** The escaping `html` template, and a stored-XSS payload through every server renderer. */
import { describe, expect, it } from 'vitest';
import { html, raw } from '../../src/services/html.js';
import { publicIndexHtml, publicProgrammeHtml } from '../../src/services/public-html.js';
import { renderMeetingReportHtml } from '../../src/services/meeting-report/meeting-report-html.js';
import type { MeetingReport } from '../../src/services/meeting-report/meeting-report.js';
import type { PublicProgramme } from '../../src/services/public.js';
import { LANGUAGES } from '../../src/domain/languages.js';

const XSS = `<script>alert(1)</script><img src=x onerror="alert('x')">`;
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;';
const counts = {
  total: 3,
  completed: 1,
  completedOnTime: 1,
  completedLate: 0,
  inProgress: 1,
  notStarted: 1,
  overdue: 1,
  meanPercent: 40,
  completionRate: 1 / 3,
};

describe('html template', () => {
  it('escapes every value unless it is html or marked raw', () => {
    const name = XSS;
    expect(html`<td>${name}</td>`.value).toBe(`<td>${ESCAPED}</td>`);
    expect(html`<a title="${'"x" & y'}">${3}</a>`.value).toBe('<a title="&quot;x&quot; &amp; y">3</a>');
    expect(
      html`<ul>
        ${['<a>', html`<li>${'<b>'}</li>`]}
      </ul>`.value.replace(/\s+/g, ''),
    ).toBe('<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>');
    expect(html`${null}${undefined}${false}`.value).toBe('');
    expect(
      html`<style>
        ${raw("a{font-family:'X'}")}
      </style>`.value.replace(/\s+/g, ''),
    ).toBe("<style>a{font-family:'X'}</style>");
  });

  it.each(LANGUAGES)('public pages in %s print a stored-XSS payload escaped', (lang) => {
    const p: PublicProgramme = {
      code: 'P-1',
      name: { vi: XSS, en: XSS, zh: XSS, ar: XSS },
      description: { en: XSS },
      period: { start: '2024-01-01', end: '2025-12-31' },
      publishedAt: null,
      asOf: '2024-09-30',
      progress: counts,
      licence: { id: XSS, url: `javascript:"${XSS}` },
      areas: [{ code: 'A', title: { en: XSS, vi: XSS, zh: XSS, ar: XSS }, progress: counts }],
      units: [{ rank: 1, code: 'U', name: { en: XSS, vi: XSS, zh: XSS, ar: XSS }, progress: counts }],
    };
    for (const page of [publicProgrammeHtml(p, lang), publicIndexHtml([p], lang)]) {
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('<img src=x');
      expect(page).toContain(ESCAPED);
    }
  });

  it.each(LANGUAGES)('the meeting report in %s prints a stored-XSS payload escaped', (lang) => {
    const name = { en: XSS, vi: XSS, zh: XSS, ar: XSS };
    const task = { assignment: 1, node: XSS, title: name, unit: 'U', unitName: name, lead: 'L', leadName: name };
    const r: MeetingReport = {
      programme: { code: 'P', name },
      unit: { code: 'U', name },
      period: '2024Q3',
      asOf: '2024-09-30',
      generatedAt: '2024-09-30T10:00:00Z',
      previous: null,
      since: '2024-06-30',
      counts: { ...counts, dueSoon: 0, onTrack: 1, backlog: 0, onTimeRate: 0.5 },
      completed: [{ ...task, due: '2024-09-01', daysLate: 0, completedOn: '2024-08-01' }],
      completedTotal: 1,
      nextMeeting: '2024-12-31',
      likelyToSlip: [{ ...task, due: '2024-10-15', daysLate: 20, basis: 'projected', projectedFinish: '2024-11-04' }],
      likelyToSlipTotal: 1,
      overdue: [{ ...task, due: '2024-09-01', daysLate: 29, percent: 10 }],
      overdueTotal: 1,
      backlog: [],
      backlogTotal: 0,
      rankings: [{ rank: 1, unit: XSS, name, overdue: 1, backlog: 0, total: 3, onTimeRate: 0.5, previousRank: null }],
      changes: null,
      completeness: {
        from: '2024-07-01',
        to: '2024-09-30',
        total: { expected: 3, received: 2, onTime: 1, rate: 66.7, onTimeRate: 33.3 },
        units: [{ unit: XSS, name, expected: 3, received: 2, onTime: 1, rate: 66.7, onTimeRate: 33.3 }],
      },
      recommendations: { asOf: '2024-09-30', open: 1, overdue: 1, byUnit: [{ unit: 'U', name, open: 1, overdue: 1 }] },
    };
    const page = renderMeetingReportHtml(r, lang);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain(ESCAPED);
    expect(page).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
    expect(page).toContain('<section id="completeness">');
  });
});
