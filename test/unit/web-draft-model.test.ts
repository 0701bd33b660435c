/** The draft review page's model: draft → editable tree → programme file, problem paths → fields, agency mapping. */
import { describe, expect, it } from 'vitest';
import {
  mapProblems,
  nextCode,
  tasksNaming,
  toEdit,
  toFile,
  updateNode,
  type DraftResponse,
} from '../../web/src/pages/drafts/draft-model.js';

const TEXT =
  'Thứ nhất, hạ tầng. Sở Ví Dụ xóa bỏ vùng lõm sóng trước tháng 12/2024. Thứ hai, dịch vụ. Hoàn thành 12/53 dịch vụ công.';

function response(): DraftResponse {
  return {
    language: 'vi',
    draft: {
      format: 'mandate.programme/1',
      code: 'DRAFT-X',
      name: { vi: 'Dự thảo' },
      issuers: ['UNKNOWN'],
      period: { start: '2024-01-01', end: '2024-12-31' },
      nodes: [
        {
          code: 'A1',
          kind: 'area',
          title: { vi: 'hạ tầng' },
          children: [
            {
              code: 'A1.T1',
              kind: 'task',
              title: { vi: 'Xóa bỏ vùng lõm sóng' },
              description: { vi: 'full clause' },
              due: '2024-12-31',
              tags: ['infrastructure'],
            },
          ],
        },
        {
          code: 'A2',
          kind: 'area',
          title: { vi: 'dịch vụ' },
          children: [{ code: 'A2.T1', kind: 'task', title: { vi: 'Hoàn thành 12/53 dịch vụ công' } }],
        },
      ],
    },
    yaml: '',
    items: [],
    targets: [],
    unmatchedAgencies: [{ name: 'Sở Ví Dụ', spans: [[19, 27]], confidence: 0.6 }],
    warnings: [],
    provenance: {
      A1: { span: [0, 17], confidence: 0.9, item: 0 },
      'A1.T1': { span: [28, 70], confidence: 0.7, item: 1 },
      A2: { span: [72, 90], confidence: 0.9, item: 2 },
      'A2.T1': { span: [91, 117], confidence: 0.7, item: 3 },
    },
    summary: '',
  };
}

describe('draft review model', () => {
  it('round-trips the draft, keeping what the page does not edit', () => {
    const edit = toEdit(response());
    const { file, paths } = toFile(edit);
    expect(file).toEqual(response().draft);
    expect(paths.get('nodes[0].children[0]')).toBe(edit.nodes[0]!.children[0]!.key);
  });

  it('applies edits, drops and additions', () => {
    const edit = toEdit(response());
    const t1 = edit.nodes[0]!.children[0]!;
    let nodes = updateNode(edit.nodes, t1.key, (n) => ({ ...n, lead: 'VN-MIC', title: 'Xóa vùng lõm sóng', tags: [] }));
    nodes = updateNode(nodes, edit.nodes[1]!.key, () => null);
    expect(nextCode(nodes, nodes[0]!)).toBe('A1.T2');
    expect(nextCode(nodes, null)).toBe('T1');
    const { file } = toFile({ ...edit, code: 'vn-x', issuers: ['VN-BCDTW'], nodes });
    expect(file.code).toBe('vn-x');
    expect(file.nodes).toHaveLength(1);
    expect(file.nodes[0]!.children![0]).toEqual({
      code: 'A1.T1',
      kind: 'task',
      title: { vi: 'Xóa vùng lõm sóng' },
      description: { vi: 'full clause' },
      due: '2024-12-31',
      lead: 'VN-MIC',
    });
  });

  it('maps problem paths to the programme fields and to the nodes', () => {
    const edit = toEdit(response());
    const { paths } = toFile(edit);
    const t1 = edit.nodes[0]!.children[0]!.key;
    const mapped = mapProblems(
      [
        { path: 'issuers[0]', message: 'no org unit with code UNKNOWN' },
        { path: 'code', message: 'programme DRAFT-X already exists' },
        { path: 'body.period.end', message: 'ends before it starts' },
        { path: 'nodes[0].children[0].lead', message: 'no org unit with code X' },
        { path: 'nodes[0].children[0].tags[1]', message: 'a tag is lower-case letters, digits and dashes' },
        { path: 'nodes[0].children[0].coordinators[0]', message: 'no org unit with code Y' },
        { path: 'nodes[1].title', message: 'required' },
        { path: 'levels[0]', message: 'odd' },
      ],
      paths,
    );
    expect(mapped.programme).toEqual({
      'issuers[0]': 'no org unit with code UNKNOWN',
      code: 'programme DRAFT-X already exists',
      'period.end': 'ends before it starts',
    });
    expect(mapped.nodes[t1]).toEqual({
      lead: 'no org unit with code X',
      tags: 'a tag is lower-case letters, digits and dashes',
      _: 'coordinators[0]: no org unit with code Y',
    });
    expect(mapped.nodes[edit.nodes[1]!.key]).toEqual({ title: 'required' });
    expect(mapped.other).toEqual([{ path: 'levels[0]', message: 'odd' }]);
  });

  it('finds the lead-less tasks that name an unmatched agency', () => {
    const edit = toEdit(response());
    const hits = tasksNaming(edit.nodes, [[19, 27]], TEXT);
    expect(hits.map((h) => h.code)).toEqual(['A1.T1']);
    expect(tasksNaming(edit.nodes, [[200, 210]], TEXT)).toEqual([]);
  });
});
