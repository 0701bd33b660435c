/**
 * Inspections on both stores (issue 19): who sees which inspection, the file import's
 * problems (every one at its path and line, nothing written), a flagged value leaving
 * the approved aggregates until resolved (and a flagged report leaving the open-data
 * status), and a recommendation tracked as an assignment until its approved report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { buildScenario, type Scenario } from '../helpers/scenario.js';
import { systemContext } from '../../src/services/context.js';
import { createIndicator } from '../../src/services/indicators.js';
import { enterValues, reviewValue } from '../../src/services/data-values.js';
import { aggregatedValues } from '../../src/services/indicator-aggregation.js';
import { importInspectionText } from '../../src/services/inspections/inspection-importer.js';
import { exportInspectionText } from '../../src/services/inspections/inspection-exporter.js';
import { ValidationError } from '../../src/domain/errors.js';

const NOW = () => new Date('2024-09-01T10:00:00Z');

describe.each(STORE_KINDS)('inspections on %s', (kind) => {
  let store: TestStore;
  let s: Scenario;
  const ctx = () => systemContext(store.db, NOW);
  const as = (user: string) => ({ headers: s.headers[user]! });

  beforeAll(async () => {
    store = await createTestStore(kind);
    s = await buildScenario(store, NOW);
    await createIndicator(ctx(), {
      code: 'dx_services',
      name: { en: 'online services' },
      unit: 'n',
      valueType: 'count',
    });
    await enterValues(ctx(), [
      { indicator: 'dx_services', orgUnit: 'VN-HN-C1', period: '2024M06', value: 10 },
      { indicator: 'dx_services', orgUnit: 'VN-HN-C2', period: '2024M06', value: 5 },
    ]);
    for (const unit of ['VN-HN-C1', 'VN-HN-C2'])
      await reviewValue(ctx(), { indicator: 'dx_services', orgUnit: unit, period: '2024M06' }, 'approved');
  });
  afterAll(async () => {
    await s?.app.close();
    await store?.close();
  });

  it('scopes inspections: a province sees those of itself, the secretariat plans within its subtree', async () => {
    const plan = (code: string, issuer: string, units: string[]) => ({
      code,
      title: { en: code, vi: code },
      issuer,
      programme: 'VN-NDX-TEST',
      start: '2024-09-02',
      end: '2024-09-06',
      units: units.map((unit) => ({ unit })),
    });
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/inspections',
      payload: plan('SCOPE-HN', 'VN', ['VN-HN', 'VN-DN']),
      ...as('sec-vn'),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      (
        await s.app.inject({
          method: 'POST',
          url: '/api/inspections',
          payload: plan('SCOPE-HP', 'VN', ['VN-HP']),
          ...as('sec-vn'),
        })
      ).statusCode,
    ).toBe(201);
    // Hà Nội's secretariat cannot plan from the national level, nor inspect outside its subtree.
    const fromAbove = await s.app.inject({
      method: 'POST',
      url: '/api/inspections',
      payload: plan('SCOPE-X', 'VN', ['VN-HN']),
      ...as('sec-hn'),
    });
    expect(fromAbove.statusCode).toBe(400);
    expect(fromAbove.json().error.problems).toEqual(
      [{ path: 'body.issuer', message: 'no org unit with code VN' }].map((p) => ({ ...p, path: 'issuer' })),
    );
    const outside = await s.app.inject({
      method: 'POST',
      url: '/api/inspections',
      payload: plan('SCOPE-Y', 'VN-HN', ['VN-HN-C1', 'VN-HP']),
      ...as('sec-hn'),
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.problems).toEqual([{ path: 'units[1].unit', message: 'no org unit with code VN-HP' }]);
    // The Hà Nội reporter lists only the inspection of Hà Nội; the other answers like a missing one.
    const listed = await s.app.inject({ url: '/api/inspections', ...as('rep-hn') });
    expect(listed.json().items.map((i: { code: string }) => i.code)).toEqual(['SCOPE-HN']);
    expect((await s.app.inject({ url: '/api/inspections/SCOPE-HP', ...as('rep-hn') })).statusCode).toBe(404);
    expect((await s.app.inject({ url: '/api/inspections/NOPE', ...as('rep-hn') })).statusCode).toBe(404);
    const detail = await s.app.inject({ url: '/api/inspections/SCOPE-HN', ...as('rep-hn') });
    expect(detail.json().can).toEqual({ manage: false, record: false });
    // A reporter cannot start it; the national secretariat can, and the change is audited.
    expect(
      (await s.app.inject({ method: 'POST', url: '/api/inspections/SCOPE-HN/start', ...as('rep-hn') })).statusCode,
    ).toBe(403);
    expect(
      (await s.app.inject({ method: 'POST', url: '/api/inspections/SCOPE-HN/start', ...as('sec-vn') })).json().status,
    ).toBe('in_progress');
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['action', 'actor'])
      .where('object_type', '=', 'inspection')
      .where('object_id', '=', 'SCOPE-HN')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['plan', 'start']);
  });

  it('imports a file all or nothing, every problem at its path and line', async () => {
    const bad = `code: BAD-1
title: { en: Bad file }
issuer: VN
programme: VN-NDX-TEST
start: 2024-09-10
end: 2024-09-05
status: in_progress
team: [nobody-here]
units:
  - unit: VN-HN
  - unit: VN-NOPE
findings:
  - unit: VN-DN
    kind: risk
    narrative: not inspected here
  - unit: VN-HN
    kind: discrepancy
    task: DEAD-ZONES
    reportPeriod: 2023Q1
    narrative: no such report
    flag: true
  - unit: VN-HN
    kind: good_practice
    narrative: fine
    flag: true
recommendations:
  - unit: VN-HN
    text: { en: fix it }
    due: 2024-01-01
    finding: 7
conclusion:
  text: { en: too early }
`;
    const before = await store.db
      .selectFrom('inspections')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const error = await importInspectionText(ctx(), bad, 'bad.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    // The schema problem comes first and alone: zod stops the file before the codes are looked up.
    expect((error as ValidationError).problems).toEqual([
      { path: 'findings[2].flag (bad.yaml:25)', message: 'only a discrepancy flags a report or value' },
      { path: 'findings[2].flag (bad.yaml:25)', message: 'name the report (task, reportPeriod) or the value to flag' },
    ]);
    const fixed = bad.replace(
      '    kind: good_practice\n    narrative: fine\n    flag: true\n',
      '    kind: good_practice\n    narrative: fine\n',
    );
    const error2 = (await importInspectionText(ctx(), fixed, 'bad.yaml').catch((e: unknown) => e)) as ValidationError;
    expect(error2).toBeInstanceOf(ValidationError);
    expect(error2.problems).toEqual([
      { path: 'end (bad.yaml:6)', message: 'ends before it starts' },
      { path: 'units[1].unit (bad.yaml:11)', message: 'no org unit with code VN-NOPE' },
      { path: 'team[0] (bad.yaml:8)', message: 'no user nobody-here' },
      {
        path: 'conclusion (bad.yaml:31)',
        message: 'only a concluded inspection has a conclusion (set status: concluded)',
      },
      { path: 'recommendations[0].due (bad.yaml:28)', message: 'due before the inspection began' },
      {
        path: 'recommendations[0].finding (bad.yaml:29)',
        message: 'no finding 7 (findings are numbered from 0; there are 3)',
      },
      { path: 'findings[0].unit (bad.yaml:13)', message: 'VN-DN is not inspected here' },
      { path: 'findings[1].reportPeriod (bad.yaml:19)', message: 'VN-HN has no report on DEAD-ZONES for 2023Q1' },
    ]);
    const after = await store.db
      .selectFrom('inspections')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('leaves a flagged value out of the approved aggregates until the discrepancy is resolved', async () => {
    const approvedSum = async () =>
      (
        await aggregatedValues(ctx(), 'dx_services', {
          unit: 'VN-HN',
          from: '2024M06',
          to: '2024M06',
          approvedOnly: true,
        })
      ).rows[0]?.value ?? null;
    const allSum = async () =>
      (await aggregatedValues(ctx(), 'dx_services', { unit: 'VN-HN', from: '2024M06', to: '2024M06' })).rows[0]?.value;
    expect(await approvedSum()).toBe(15);
    const file = `format: mandate.inspection/1
code: FLAG-1
title: { en: Online services check, vi: Kiểm tra dịch vụ công trực tuyến }
issuer: VN
programme: VN-NDX-TEST
start: 2024-08-20
end: 2024-08-22
status: in_progress
units:
  - { unit: VN-HN, visit: 2024-08-20 }
findings:
  - unit: VN-HN
    kind: discrepancy
    value: { indicator: dx_services, unit: VN-HN-C1, period: 2024M06 }
    narrative: Only 4 of the 10 services reported as online work end to end.
    evidence: [{ url: 'https://example.org/minutes.pdf', title: minutes }]
    flag: true
`;
    const summary = await importInspectionText(ctx(), file, 'flag.yaml');
    expect(summary).toMatchObject({ inspection: 'FLAG-1', findings: 1, flagged: 1 });
    expect(await approvedSum()).toBe(5);
    expect(await allSum()).toBe(15);
    // Through the API: the approved figures, then the secretariat resolves the discrepancy.
    const approvedApi = await s.app.inject({
      url: '/api/indicators/dx_services/values?unit=VN-HN&from=2024M06&to=2024M06&approved=true',
      ...as('view-hn'),
    });
    expect(approvedApi.json().rows[0].value).toBe(5);
    const finding = (await s.app.inject({ url: '/api/inspections/FLAG-1', ...as('sec-vn') })).json().findings[0];
    expect(finding).toMatchObject({
      flagged: true,
      resolved: null,
      value: { indicator: 'dx_services', unit: 'VN-HN-C1' },
    });
    const resolve = await s.app.inject({
      method: 'POST',
      url: `/api/inspections/FLAG-1/findings/${finding.id}/flag`,
      payload: { flagged: false, note: 'the province corrected the value to 4 and re-submitted it' },
      ...as('sec-vn'),
    });
    expect(resolve.statusCode, resolve.body).toBe(200);
    expect(resolve.json().resolved.note).toMatch(/corrected/);
    expect(await approvedSum()).toBe(15);
    // Export → the same file again (as a new code it imports cleanly).
    const exported = await exportInspectionText(ctx(), 'FLAG-1', 'yaml');
    expect(exported).toContain('resolved:');
    await importInspectionText(ctx(), exported.replace('code: FLAG-1', 'code: FLAG-2'), 'exported.yaml');
  });

  it('turns a recommendation into an assignment that stays open until its report is approved', async () => {
    const plan = await s.app.inject({
      method: 'POST',
      url: '/api/inspections',
      payload: {
        code: 'REC-1',
        title: { en: 'Mobile coverage' },
        issuer: 'VN',
        programme: 'VN-NDX-TEST',
        start: '2024-08-26',
        end: '2024-08-30',
        units: [{ unit: 'VN-HN' }],
      },
      ...as('sec-vn'),
    });
    expect(plan.statusCode, plan.body).toBe(201);
    await s.app.inject({ method: 'POST', url: '/api/inspections/REC-1/start', ...as('sec-vn') });
    const rec = await s.app.inject({
      method: 'POST',
      url: '/api/inspections/REC-1/recommendations',
      payload: { unit: 'VN-HN', text: { en: 'Publish the dead-zone survey' }, due: '2024-08-31' },
      ...as('sec-vn'),
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const assignment = rec.json().assignment as number;
    const open = async () =>
      (await s.app.inject({ url: '/api/inspections/recommendations/open', ...as('rep-hn') })).json();
    expect(await open()).toMatchObject({ open: 1, overdue: 1, byUnit: [{ unit: 'VN-HN', open: 1, overdue: 1 }] });
    // The reporter sees it as an assignment of its own and reports on it; the secretariat approves.
    const seen = await s.app.inject({ url: `/api/assignments/${assignment}`, ...as('rep-hn') });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().title.en).toBe('Publish the dead-zone survey');
    const report = await s.app.inject({
      method: 'POST',
      url: `/api/assignments/${assignment}/reports`,
      payload: { period: '2024M09', percent: 100, state: 'completed', narrative: 'published' },
      ...as('rep-hn'),
    });
    expect(report.statusCode, report.body).toBe(201);
    expect((await open()).open).toBe(1);
    const approved = await s.app.inject({
      method: 'POST',
      url: `/api/reports/${report.json().id}/approval`,
      payload: { action: 'approve' },
      ...as('sec-vn'),
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await open()).toMatchObject({ open: 0, overdue: 0, byUnit: [] });
    const shown = (await s.app.inject({ url: '/api/inspections/REC-1', ...as('rep-hn') })).json();
    expect(shown.recommendations[0]).toMatchObject({ open: false, state: 'completed', task: 'REC-1-R1' });
  });
});
