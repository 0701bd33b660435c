/** What the zod response serializer costs on hot list answers, against plain JSON.stringify (prints figures; no assertions). Run: node --import tsx bench/serializer-cost.ts */
import { serializerCompiler } from 'fastify-type-provider-zod';
import { overduePageSchema } from '../src/api/schemas/supervision.js';
import { orgUnitListSchema } from '../src/api/schemas/org-units.js';
const item = (i: number) => ({
  assignment: i,
  programme: 'VN-NDX',
  node: 'T1.2',
  title: { vi: 'Xoá vùng lõm sóng', en: 'Remove dead zones' },
  unit: 'VN-HN-' + i,
  unitName: { vi: 'Hà Nội', en: 'Hanoi' },
  lead: 'MIC',
  leadName: { en: 'Ministry' },
  due: '2024-12-31',
  daysLate: 30,
  backlog: false,
  percent: 40,
  state: 'in_progress',
  lastReportedAt: '2024-06-01T00:00:00.000Z',
  tags: ['digital'],
});
const page = { asOf: '2025-01-01', total: 500, items: Array.from({ length: 500 }, (_, i) => item(i)) };
const units = {
  items: Array.from({ length: 5000 }, (_, i) => ({
    id: i,
    code: 'U' + i,
    kind: 'commune',
    parent: 'P',
    path: '/1/2/' + i + '/',
    depth: 2,
    name: { vi: 'Xã ' + i },
    aliases: [],
    version: 1,
  })),
};
for (const [name, schema, data] of [
  ['overdue page 500', overduePageSchema, page],
  ['org units 5000', orgUnitListSchema, units],
] as const) {
  const ser = serializerCompiler({ schema, method: 'GET', url: '/x' }) as (d: unknown) => string;
  for (let i = 0; i < 20; i++) {
    ser(data);
    JSON.stringify(data);
  }
  const N = 100;
  let t = performance.now();
  for (let i = 0; i < N; i++) JSON.stringify(data);
  const plain = (performance.now() - t) / N;
  t = performance.now();
  for (let i = 0; i < N; i++) ser(data);
  const zod = (performance.now() - t) / N;
  console.log(
    `${name}: JSON.stringify ${plain.toFixed(2)} ms, zod-checked ${zod.toFixed(2)} ms per answer (×${(zod / plain).toFixed(1)})`,
  );
}
