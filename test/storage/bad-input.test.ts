/**
 * Bad input is answered 400 with the problem named, never 500 (issue 15 item 10): NUL
 * bytes in any string, dates and periods beyond what the calendar arithmetic and the
 * stores accept, a YAML alias bomb and deeply nested JSON in the programme import, bad
 * bodies and queries to the draft and evaluation routes. Every answer carries a request id.
 */
import { describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores.js';
import { appOnStore } from '../helpers/app-on-store.js';

describe.each(STORE_KINDS)('bad input on %s', (kind) => {
  const t = appOnStore(kind); // today is 2024-09-01

  const send = async (method: 'GET' | 'POST', url: string, payload?: string | object, contentType?: string) => {
    const r = await t.app.inject({
      method,
      url,
      headers: { ...t.auth, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(payload !== undefined ? { payload } : {}),
    });
    return { status: r.statusCode, body: r.json(), id: r.headers['x-request-id'] };
  };
  const problems = (body: { error: { problems?: Array<{ path: string; message: string }> } }) =>
    (body.error.problems ?? []).map((p) => `${p.path}: ${p.message}`).join('\n');

  it('refuses a NUL byte in a path parameter, a query and a body, naming the field', async () => {
    const anonymous = await t.app.inject({ url: '/api/public/programmes/%00' });
    expect(anonymous.statusCode).toBe(400);
    expect(problems(anonymous.json())).toMatch(/params\.code: contains a NUL byte/);
    const query = await send('GET', '/api/org-units?q=a%00b');
    expect(query.status).toBe(400);
    expect(problems(query.body)).toMatch(/querystring\.q: contains a NUL byte/);
    const body = await send('POST', '/api/org-units', { code: 'X-NUL', kind: 'agency', name: { en: 'a\u0000b' } });
    expect(body.status).toBe(400);
    expect(problems(body.body)).toMatch(/body\.name\.en: contains a NUL byte/);
    expect((await send('GET', '/api/org-units/X-NUL')).status).toBe(404);
  });

  it('refuses dates and periods outside the supported years', async () => {
    const far = await send('GET', '/api/supervision/rollup?programme=VN-NDX-TEST&asOf=9999-12-31');
    expect(far.status).toBe(400);
    expect(problems(far.body)).toMatch(/asOf: the year is outside 1000–9000/);
    for (const period of ['9999Q4', '0000M01']) {
      const r = await send('GET', `/api/scorecards/VN-HN?period=${period}`);
      expect(r.status, period).toBe(400);
      expect(problems(r.body)).toMatch(/period/);
    }
  });

  it('refuses a YAML alias bomb and deeply nested JSON in the programme import', async () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    const yaml = await send('POST', '/api/programmes/import', bomb, 'application/yaml');
    expect(yaml.status).toBe(400);
    expect(problems(yaml.body)).toMatch(/alias/);
    const deep = '{"n":'.repeat(5000) + '"x"' + '}'.repeat(5000);
    const json = await send('POST', '/api/programmes/import', deep, 'application/json');
    expect(json.status).toBe(400);
    expect(problems(json.body)).toMatch(/nested deeper than 64 levels/);
    const deepYaml = await send('POST', '/api/programmes/import', '['.repeat(20000) + ']'.repeat(20000), 'text/plain');
    expect(deepYaml.status).toBe(400);
  });

  it('answers a bad draft body or evaluation query with 400 naming the field', async () => {
    const wrongType = await send('POST', '/api/drafts', { text: 5 });
    expect(wrongType.status).toBe(400);
    expect(problems(wrongType.body)).toMatch(/body/);
    const unknownField = await send('POST', '/api/drafts', { text: 'x', colour: 'red' });
    expect(unknownField.status).toBe(400);
    const status = await send('GET', '/api/evaluation/at-risk?status=at_risk,nonsense');
    expect(status.status).toBe(400);
    expect(problems(status.body)).toMatch(/querystring\.status: unknown status "nonsense"/);
  });

  it('gives every answer a request id of its own', async () => {
    const a = await send('GET', '/api/health');
    const b = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'chosen-by-client' } });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).not.toBe('chosen-by-client');
  });
});
