import { describe, expect, it } from 'vitest';
import { draftProgramme, type TaskItem } from '../../src/extract/index.js';
import { fixture, orgUnits } from './helpers.js';

const tasks = (text: string) =>
  draftProgramme(text, { orgUnits, today: '2024-06-01' }).items.filter((i): i is TaskItem => i.type === 'task');

describe('tasks', () => {
  it('Vietnamese: one task per imperative clause, examples kept together, tags', () => {
    const text =
      'Kế hoạch đã phân công 2 lĩnh vực. Thứ nhất, thúc đẩy phát triển xanh trong ngành công nghiệp số. Bao gồm thúc đẩy chuyển đổi xanh hóa trung tâm dữ liệu, thúc đẩy chuyển đổi xanh hóa trong 3 lĩnh vực như điện lực, khai thác, luyện kim, cũng như bồi dưỡng nhân tài số. Thứ hai, bảo đảm an ninh mạng. Bao gồm tăng cường giám sát an toàn thông tin.';
    const ts = tasks(text);
    expect(ts.map((t) => t.title)).toEqual([
      'Thúc đẩy chuyển đổi xanh hóa trung tâm dữ liệu',
      'Thúc đẩy chuyển đổi xanh hóa trong 3 lĩnh vực như điện lực, khai thác, luyện kim',
      'Bồi dưỡng nhân tài số',
      'Tăng cường giám sát an toàn thông tin',
    ]);
    expect(ts.map((t) => t.areaIndex)).toEqual([0, 0, 0, 1]);
    expect(ts[0]!.tags).toEqual(expect.arrayContaining(['digital', 'green', 'infrastructure']));
    expect(ts[3]!.tags).toContain('security');
  });

  it('Vietnamese: subjects, leads and coordinators, deadlines', () => {
    const ts = tasks(
      'Bộ Công an chủ trì, phối hợp với Bộ Thông tin và Truyền thông hoàn thành cơ sở dữ liệu dân cư trước tháng 6/2025.',
    );
    expect(ts).toHaveLength(1);
    expect(ts[0]!.agencies).toEqual(['VN-MPS', 'VN-MIC']);
    expect(ts[0]!.due).toBe('2025-06-30');
    const r = draftProgramme(
      'Bộ Công an chủ trì, phối hợp với Bộ Thông tin và Truyền thông hoàn thành cơ sở dữ liệu dân cư trước tháng 6/2025.',
      { orgUnits },
    );
    const node = r.draft.nodes[0]!;
    expect(node).toMatchObject({ kind: 'task', lead: 'VN-MPS', coordinators: ['VN-MIC'], due: '2025-06-30' });
  });

  it('Vietnamese: viewpoints and lessons are not tasks; the task section is', () => {
    const text =
      'Về quan điểm, Thủ tướng nêu rõ phát triển kinh tế số là đòi hỏi bắt buộc. Phát triển kinh tế số một cách toàn diện.\n\nVề nhiệm vụ, giải pháp thời gian tới, Thủ tướng yêu cầu các bộ, ngành khẩn trương xử lý các nhiệm vụ tồn đọng. Các địa phương xóa bỏ vùng lõm sóng, hoàn thành trước tháng 12/2024.';
    const ts = tasks(text);
    expect(ts.map((t) => t.text)).toEqual([
      'các bộ, ngành khẩn trương xử lý các nhiệm vụ tồn đọng',
      'Các địa phương xóa bỏ vùng lõm sóng, hoàn thành trước tháng 12/2024',
    ]);
    expect(ts[1]!.due).toBe('2024-12-31');
  });

  it('English: imperative sentences under "The first is …"', () => {
    const text =
      'The Plan points out that it is necessary to strengthen capabilities. The first is to build a digital security barrier. Effectively maintain network security. Enhance data security capabilities, and establish a basic system for data classification. The second is to train talent. Build a digital literacy system by 2027.';
    const ts = tasks(text);
    expect(ts.map((t) => t.title)).toEqual([
      'Effectively maintain network security',
      'Enhance data security capabilities',
      'Establish a basic system for data classification',
      'Build a digital literacy system by 2027',
    ]);
    expect(ts[3]!.due).toBe('2027-12-31');
    expect(ts[0]!.tags).toContain('security');
  });

  it('English: bulleted tasks under numbered areas, with an agency subject', () => {
    const r = draftProgramme(fixture('broadband-plan.en.txt'), { orgUnits, code: 'NBP' });
    expect(r.draft.nodes.map((n) => n.code)).toEqual(['A1', 'A2', 'A3']);
    expect(r.draft.nodes.map((n) => n.children?.length)).toEqual([2, 2, 2]);
    const sec = r.draft.nodes[2]!.children![0]!;
    expect(sec).toMatchObject({ lead: 'VN-MPS', due: '2025-06-30' });
  });

  it('Chinese: 一是/二是 areas, clause tasks, lead agency', () => {
    const r = draftProgramme(fixture('digital-government.zh.txt'), { orgUnits });
    const ts = r.items.filter((i): i is TaskItem => i.type === 'task');
    expect(r.items.filter((i) => i.type === 'area').map((a) => (a as { title: string }).title)).toEqual([
      '加快数字基础设施建设',
      '推动政务数据共享',
      '提升网络安全保障能力',
    ]);
    expect(ts.map((t) => t.text)).toContain('加快千兆光网建设');
    expect(ts.find((t) => t.text.startsWith('中央网信办'))?.agencies).toEqual(['CN-CAC']);
    const area2 = r.draft.nodes[1]!;
    expect(area2.children!.some((c) => c.lead === 'CN-NDRC' && c.coordinators?.includes('CN-MIIT'))).toBe(true);
    expect(ts.find((t) => t.text.includes('5G'))?.due).toBe('2025-12-31');
  });

  it('Arabic: أولاً/ثانياً areas and masdar tasks', () => {
    const r = draftProgramme(fixture('digital-transformation.ar.txt'), { orgUnits });
    expect(r.draft.nodes.filter((n) => n.kind === 'area')).toHaveLength(3);
    const ts = r.items.filter((i): i is TaskItem => i.type === 'task');
    expect(ts).toHaveLength(9);
    expect(ts[0]).toMatchObject({ due: '2026-12-31' });
    expect(ts[0]!.tags).toContain('digital');
    const dga = r.draft.nodes[1]!.children!.find((c) => c.lead === 'SA-DGA');
    expect(dga?.due).toBe('2025-12-31');
    const mcit = r.draft.nodes[2]!.children!.find((c) => c.lead === 'SA-MCIT');
    expect(mcit?.coordinators).toEqual(['SA-SDAIA']);
  });
});

describe('task rules added from the held-out texts', () => {
  it('a subject with a modal and an action verb ("Every school will teach …")', () => {
    const ts = tasks(
      'Every secondary school will teach basic programming by September 2026. An integrated pattern will be formed by 2030.',
    );
    expect(ts.map((t) => t.text)).toEqual(['Every secondary school will teach basic programming by September 2026']);
    expect(ts[0]!.due).toBe('2026-09-30');
  });

  it('a clause opening with its deadline ("2026年6月30日前完成 …")', () => {
    const ts = tasks('新建数据中心能效达标，2026年6月30日前完成存量数据中心节能改造。');
    expect(ts.map((t) => t.text)).toContain('2026年6月30日前完成存量数据中心节能改造');
  });

  it('a list introduction ending with a colon is not a task', () => {
    const ts = tasks(
      'Chính phủ yêu cầu các bộ, ngành tập trung thực hiện các nhiệm vụ sau:\n1. Bộ Tài chính hướng dẫn cơ chế tài chính.\n2. Bộ Công an bảo đảm an ninh mạng.',
    );
    expect(ts.map((t) => t.text)).toEqual([
      'Bộ Tài chính hướng dẫn cơ chế tài chính',
      'Bộ Công an bảo đảm an ninh mạng',
    ]);
  });

  it('Arabic verbal nouns behind a preposition ("تلتزم الجهات الحكومية بنشر …")', () => {
    const ts = tasks('تلتزم الجهات الحكومية بنشر ما لا يقل عن 500 مجموعة بيانات مفتوحة.');
    expect(ts).toHaveLength(1);
  });
});

describe('Vietnamese task segmentation at commas', () => {
  it('a directive sentence ("X chỉ đạo …") stays one task across its comma clauses', () => {
    const ts = tasks(
      'Bộ Công Thương chỉ đạo rà soát, bổ sung quy hoạch điện, khai thác hiệu quả điện gió, triển khai xây dựng nhà máy điện.',
    );
    expect(ts).toHaveLength(1);
    expect(ts[0]!.text).toContain('triển khai xây dựng nhà máy điện');
  });

  it('a semicolon ends the directive scope, even after examples ("như …")', () => {
    const ts = tasks(
      'Bộ Công Thương chỉ đạo rà soát quy hoạch điện, khai thác các tiềm năng như điện gió, điện mặt trời; quản lý, khai thác, bảo vệ hiệu quả khoáng sản.',
    );
    expect(ts).toHaveLength(2);
    expect(ts[1]!.text).toMatch(/khai thác, bảo vệ hiệu quả khoáng sản$/u);
  });

  it('a comma clause with its own subject or its own directive verb is a task of its own', () => {
    const ts = tasks(
      'Bộ Công Thương chỉ đạo rà soát quy hoạch điện, Bộ Tài chính chủ trì bố trí ngân sách cho các dự án điện.',
    );
    expect(ts).toHaveLength(2);
  });

  it('a comma list of objects ending in a noun compound is one task', () => {
    const ts = tasks(
      'Nghiên cứu, đề xuất phương án cải cách cơ chế tài chính cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.',
    );
    expect(ts).toHaveLength(1);
    expect(ts[0]!.text).toMatch(/đổi mới sáng tạo và chuyển đổi số$/u);
  });

  it('without a directive subject, comma clauses with their own verbs remain separate tasks', () => {
    const ts = tasks('Tăng cường giám sát an toàn thông tin, xây dựng cơ sở dữ liệu dân cư.');
    expect(ts).toHaveLength(2);
  });
});

describe('Vietnamese goal sections', () => {
  it('"II- MỤC TIÊU" holds goals (targets), not tasks or areas; tasks resume under "III- NHIỆM VỤ, GIẢI PHÁP"', () => {
    const text =
      'NGHỊ QUYẾT VỀ CHUYỂN ĐỔI SỐ\n\nII- MỤC TIÊU\n\n1. Đến năm 2030\n\n- Phủ sóng 5G toàn quốc. Thu hút thêm ít nhất 3 doanh nghiệp công nghệ, đầu tư nghiên cứu tại Việt Nam.\n\nIII- NHIỆM VỤ, GIẢI PHÁP\n\n1. Phát triển hạ tầng số\n\n- Bố trí cán bộ có trình độ chuyên môn trong cấp uỷ các cấp.';
    const r = draftProgramme(text, { orgUnits, today: '2024-06-01' });
    const ts = r.items.filter((i): i is TaskItem => i.type === 'task');
    expect(ts.map((t) => t.title)).toEqual(['Bố trí cán bộ có trình độ chuyên môn trong cấp uỷ các cấp']);
    expect(r.items.filter((i) => i.type === 'area').map((a) => a.text)).toEqual(['1. Phát triển hạ tầng số']);
    expect(r.items.some((i) => i.type === 'target')).toBe(true);
  });
});

describe('Vietnamese leads named by a person’s title', () => {
  const lead = (text: string) => tasks(text).map((t) => [t.title, t.lead?.code ?? t.lead?.name]);

  it('"Thủ tướng Chính phủ chỉ đạo …" is a task led by the Government, its semicolon items too', () => {
    expect(
      lead('Thủ tướng Chính phủ chỉ đạo các cơ quan rà soát quy hoạch mạng lưới; đơn giản hóa thủ tục hành chính.'),
    ).toEqual([
      ['Thủ tướng Chính phủ chỉ đạo các cơ quan rà soát quy hoạch mạng lưới', 'VN-GOV'],
      ['Đơn giản hóa thủ tục hành chính', 'VN-GOV'],
    ]);
  });

  it('"Bộ trưởng Bộ X chỉ đạo …" and "Bộ trưởng X …" (without "Bộ") are tasks of the ministry', () => {
    expect(lead('Bộ trưởng Bộ Tài chính chỉ đạo bố trí kinh phí cho các dự án chuyển đổi số.')).toEqual([
      ['Bộ trưởng Bộ Tài chính chỉ đạo bố trí kinh phí cho các dự án chuyển đổi số', 'VN-MOF'],
    ]);
    const r = draftProgramme('Bộ trưởng Công an chỉ đạo triển khai cơ sở dữ liệu dân cư.', { orgUnits });
    expect(r.items.find((i) => i.type === 'agency')).toMatchObject({ code: 'VN-MPS', text: 'Công an' });
    expect(lead('Bộ trưởng Công an chỉ đạo triển khai cơ sở dữ liệu dân cư.')).toEqual([
      ['Bộ trưởng Công an chỉ đạo triển khai cơ sở dữ liệu dân cư', 'VN-MPS'],
    ]);
  });

  it('a title before a body found in the text ("Chủ tịch Quốc hội", "Trưởng Ban …") stands for the body', () => {
    expect(lead('Chủ tịch Quốc hội chỉ đạo tổng kết việc thi hành luật.')).toEqual([
      ['Chủ tịch Quốc hội chỉ đạo tổng kết việc thi hành luật', 'Quốc hội'],
    ]);
    expect(lead('Trưởng Ban Tổ chức Trung ương trình Ban Bí thư hướng dẫn việc kiện toàn, bố trí cán bộ.')).toEqual([
      [
        'Trưởng Ban Tổ chức Trung ương trình Ban Bí thư hướng dẫn việc kiện toàn, bố trí cán bộ',
        'Ban Tổ chức Trung ương',
      ],
    ]);
  });

  it('a list of subjects with a qualifier before the comma: the first is the lead, the others co-ordinate', () => {
    const ts = tasks(
      'Thủ tướng Chính phủ và đồng chí Phó Chủ tịch Quốc hội theo chức năng nhiệm vụ, chỉ đạo các cơ quan sửa đổi các luật có liên quan.',
    );
    expect(ts).toHaveLength(1);
    expect(ts[0]!.span[0]).toBe(0);
    expect(ts[0]!.lead).toMatchObject({ code: 'VN-GOV' });
    expect(ts[0]!.coordinators?.map((c) => c.name)).toEqual(['Quốc hội']);
  });

  it('"X có kế hoạch (cụ thể) xây dựng …" is a task of X', () => {
    expect(lead('Chính phủ có kế hoạch cụ thể xây dựng nguồn nhân lực số.')).toEqual([
      ['Chính phủ có kế hoạch cụ thể xây dựng nguồn nhân lực số', 'VN-GOV'],
    ]);
  });

  it('members of a body are not the body', () => {
    expect(lead('Từng thành viên Ban Chỉ đạo phải xây dựng chương trình hành động.')[0]![1]).toBeUndefined();
  });

  it('a noun compound after a name belongs to the name ("Trưởng Ban Chỉ đạo chuyển đổi số tỉnh dự …")', () => {
    expect(tasks('Đồng chí Nguyễn Văn A, Trưởng Ban Chỉ đạo chuyển đổi số tỉnh dự và phát biểu tại hội nghị.')).toEqual(
      [],
    );
  });

  it('"giao quyền tự chủ …" opens a task of its own after a semicolon', () => {
    expect(lead('Chính phủ chỉ đạo rà soát các thủ tục; giao quyền tự chủ cho các viện nghiên cứu.')).toEqual([
      ['Chính phủ chỉ đạo rà soát các thủ tục', 'VN-GOV'],
      ['Giao quyền tự chủ cho các viện nghiên cứu', 'VN-GOV'],
    ]);
  });
});

describe('Vietnamese labels and content lists', () => {
  const lead = (text: string) => tasks(text).map((t) => [t.title, t.lead?.code ?? t.lead?.name]);

  it('a lettered label made of agency names leads the list items below it, not a task itself', () => {
    const text =
      'I. NHIỆM VỤ\n1. Nhiệm vụ chung\na) Đảng đoàn Quốc hội\n- Tổ chức quán triệt nghị quyết.\n- Xây dựng kế hoạch hành động.\nb) Hội đồng Dân tộc, các Ủy ban của Quốc hội\n- Thẩm tra các dự án luật.\nCác cơ quan báo cáo kết quả.';
    expect(lead(text)).toEqual([
      ['Tổ chức quán triệt nghị quyết', 'Đảng đoàn Quốc hội'],
      ['Xây dựng kế hoạch hành động', 'Đảng đoàn Quốc hội'],
      ['Thẩm tra các dự án luật', 'Hội đồng Dân tộc'],
      ['Các cơ quan báo cáo kết quả', undefined],
    ]);
  });

  it('a label ending with a colon ("b) Bộ Công an:") leads its items; a definition with a final stop does not', () => {
    expect(lead('a) Bộ Công an:\n- Hoàn thiện cơ sở dữ liệu dân cư.\n- Triển khai định danh điện tử.')).toEqual([
      ['Hoàn thiện cơ sở dữ liệu dân cư', 'VN-MPS'],
      ['Triển khai định danh điện tử', 'VN-MPS'],
    ]);
  });

  it('the content of a task after "tập trung vào" stays in it up to a semicolon', () => {
    expect(
      tasks(
        'Tổ chức hội thảo khoa học tập trung vào đổi mới tư duy, hoàn thiện thể chế, phát triển hạ tầng số; xây dựng báo cáo tổng hợp.',
      ).map((t) => t.title),
    ).toEqual([
      'Tổ chức hội thảo khoa học tập trung vào đổi mới tư duy, hoàn thiện thể chế, phát triển hạ tầng số',
      'Xây dựng báo cáo tổng hợp',
    ]);
  });
});

describe('English duties of a bill', () => {
  it('"X shall, acting through Y, engage …" is one task of X, also under a subsection heading', () => {
    const text =
      '(a) In general.--The Secretary of Energy shall, acting through the Director of the Office of Science, engage with industry partners to establish a quantum testbed.';
    const ts = tasks(text);
    expect(ts).toHaveLength(1);
    expect(ts[0]!.span[0]).toBe(0);
    expect(ts[0]!.lead?.name).toBe('Secretary of Energy');
  });

  it('a long run of parentheticals before "shall" still names the lead; "beginning in fiscal year …" is one of them', () => {
    const ts = tasks(
      'Not later than 180 days after the date of the enactment of this Act, the Secretary of Energy, acting through the Director of the Office of Science and Technology Programs, in consultation with the heads of other Federal agencies as appropriate, shall establish a program to award grants. Subject to appropriations, the Secretary of Energy, beginning in fiscal year 2027, shall award grants to eligible entities.',
    );
    expect(ts.map((t) => [t.text.slice(0, 24), t.lead?.name, t.lead?.cue])).toEqual([
      ['the Secretary of Energy,', 'Secretary of Energy', 'shall'],
      ['the Secretary of Energy,', 'Secretary of Energy', 'shall'],
    ]);
  });

  it('"The Secretary shall require that …" is a task', () => {
    expect(tasks('The Secretary of Energy shall require that applications include a partnership plan.')).toHaveLength(
      1,
    );
  });

  it('a consortium, a task force or a working group is a body', () => {
    const r = draftProgramme('The Secretary shall consult the Quantum Economic Development Consortium.', { orgUnits });
    expect(r.unmatchedAgencies.map((a) => a.name)).toContain('Quantum Economic Development Consortium');
  });
});

describe('Chinese notices: levels, subjects, plural bodies', () => {
  const zh = (text: string) => draftProgramme(text, { orgUnits, today: '2024-06-01', language: 'zh' });

  it('"一、" headings are the areas when "（一）" items below them have nothing below; "（一）" items are tasks', () => {
    const r = zh(
      '一、完善制度\n（一）推动预算调剂落实到位。财政部要修订经费管理办法。\n（二）做好培训宣传工作。\n二、加强督查\n（一）开展自查和督查。',
    );
    expect(r.items.filter((i) => i.type === 'area').map((a) => a.text)).toEqual(['一、完善制度', '二、加强督查']);
    expect(r.items.filter((i) => i.type === 'task').map((t) => t.text)).toContain('推动预算调剂落实到位');
  });

  it('"（一）" headings with numbered items below stay the areas ("1.目标" without a space is an item)', () => {
    const r = zh(
      '一、总体要求\n（一）产业人才计划。\n1.引进人才项目。引进100名人才。\n2.培养项目。培养200名人才。\n（二）科技人才计划。\n3.博士后项目。资助博士后。',
    );
    expect(r.items.filter((i) => i.type === 'area').map((a) => a.text)).toEqual([
      '（一）产业人才计划',
      '（二）科技人才计划',
    ]);
  });

  it('"请X…", "X、Y等有关部门要…", a prepositional phrase after the modal; the lead is the first body, not the next clauses', () => {
    const ts = tasks('请财政部落实报销标准。科技部、财政部等有关部门要按照有关规定加强宣传解读，建立咨询渠道。');
    expect(ts.map((t) => [t.text, t.lead?.name])).toEqual([
      ['请财政部落实报销标准', '财政部'],
      ['科技部、财政部等有关部门要按照有关规定加强宣传解读', '科技部'],
      ['建立咨询渠道', undefined],
    ]);
  });

  it('plural bodies ("各地区、各部门", "各高校、科研院所", "各项目管理部门") and offices ("国务院办公厅") are proposed whole', () => {
    const names = zh(
      '各地区、各部门和各单位都要制定实施办法。各高校、科研院所要完善评价机制。各项目管理部门要加强考核。国务院办公厅要适时开展督促检查。请人力资源社会保障部会同有关部门制定办法。',
    ).unmatchedAgencies.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '各地区、各部门和各单位',
        '各高校、科研院所',
        '各项目管理部门',
        '国务院办公厅',
        '人力资源社会保障部',
      ]),
    );
  });

  it('an office written after a matched body is a body of its own, a title of its members is not', () => {
    const r = zh('国务院办公厅要加强督查。中共中央政治局常委出席会议。');
    expect(r.unmatchedAgencies.map((a) => a.name)).toEqual(['国务院办公厅']);
  });
});
