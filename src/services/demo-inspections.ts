/**
 * The demo's inspection (issue 19): the national committee inspected Hà Nội and Hải
 * Phòng on the 2024 Key Points, found a discrepancy between an approved report and
 * reality (flagged), a risk, a good practice and a confirmed result, concluded, and
 * issued four recommendations now in every state — done and approved, under way, overdue
 * and not started. Dates are relative to today, like the rest of the demo.
 */
import { addDays, dateOf } from '../domain/dates.js';
import { programmesRepository } from '../db/repositories/programmes.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { inspectionsRepository } from '../db/repositories/inspections.repository.js';
import { inspectionFileSchema, type InspectionFileInput } from '../domain/inspection.js';
import type { ServiceContext } from './context.js';
import { importInspection } from './inspections/inspection-importer.js';
import { submitReport } from './progress-reports.js';
import { decideOnReport } from './approvals/report-approval.js';

const PROGRAMME = 'vn-ndx-2024';
export const DEMO_INSPECTION = 'KT-2024-HN-HP';

export async function loadDemoInspection(ctx: ServiceContext): Promise<void> {
  const programme = await programmesRepository.byCode(ctx.db, PROGRAMME);
  const hn = await orgUnitsRepository.byCode(ctx.db, 'VN-HN');
  const hp = await orgUnitsRepository.byCode(ctx.db, 'VN-HP');
  if (!programme || !hn || !hp) return;
  const today = dateOf(ctx.now());
  const day = (n: number) => addDays(today, n);
  const hnReport = await inspectionsRepository.approvedReportOf(ctx.db, programme.id, hn.id);
  const hpReport = await inspectionsRepository.approvedReportOf(ctx.db, programme.id, hp.id);
  const file: InspectionFileInput = {
    code: DEMO_INSPECTION,
    title: {
      vi: 'Kiểm tra việc thực hiện Nhiệm vụ trọng tâm chuyển đổi số năm 2024 tại Hà Nội và Hải Phòng',
      en: 'Inspection of the 2024 digital transformation key tasks in Ha Noi and Hai Phong',
    },
    issuer: 'VN',
    programme: PROGRAMME,
    start: day(-60),
    end: day(-56),
    units: [
      { unit: 'VN-HN', visit: day(-60) },
      { unit: 'VN-HP', visit: day(-57) },
    ],
    status: 'concluded',
    findings: [
      hnReport
        ? {
            unit: 'VN-HN',
            kind: 'discrepancy',
            task: hnReport.code,
            reportPeriod: hnReport.period,
            narrative:
              'Báo cáo ghi nhận đã hoàn thành, nhưng tại thực địa mới triển khai một phần. / Reported as done; on the ground only part of it is in place.',
            evidence: [
              { url: 'https://example.org/kiem-tra/bien-ban-ha-noi.pdf', title: 'Biên bản làm việc / minutes' },
            ],
            flag: true,
          }
        : { unit: 'VN-HN', kind: 'risk', narrative: 'Tiến độ chậm. / Behind schedule.' },
      {
        unit: 'VN-HN',
        kind: 'good_practice',
        narrative:
          'Trung tâm điều hành thông minh chia sẻ dữ liệu với các sở. / The smart operations centre shares data with every department.',
      },
      hpReport
        ? {
            unit: 'VN-HP',
            kind: 'confirmed',
            task: hpReport.code,
            reportPeriod: hpReport.period,
            narrative: 'Kết quả báo cáo được xác nhận tại thực địa. / The reported result is confirmed on the ground.',
          }
        : {
            unit: 'VN-HP',
            kind: 'confirmed',
            narrative: 'Kết quả báo cáo được xác nhận. / Reported results confirmed.',
          },
      {
        unit: 'VN-HP',
        kind: 'risk',
        narrative:
          'Kinh phí duy trì hệ thống chưa được bố trí cho năm sau. / No budget yet for running the systems next year.',
      },
    ],
    recommendations: [
      {
        unit: 'VN-HN',
        finding: 0,
        text: {
          vi: 'Rà soát, báo cáo lại đúng thực tế kết quả nhiệm vụ',
          en: 'Review the task and report its real state again',
        },
        due: day(-30),
      },
      {
        unit: 'VN-HN',
        text: {
          vi: 'Nhân rộng mô hình chia sẻ dữ liệu cho cấp xã',
          en: 'Extend the data-sharing model to the communes',
        },
        due: day(40),
      },
      {
        unit: 'VN-HP',
        finding: 3,
        text: { vi: 'Bố trí kinh phí vận hành hệ thống', en: 'Allocate the budget to run the systems' },
        due: day(-10),
      },
      {
        unit: 'VN-HP',
        text: {
          vi: 'Công khai kết quả khắc phục trên cổng thông tin',
          en: 'Publish the corrective actions on the portal',
        },
        due: day(60),
      },
    ],
    conclusion: {
      text: {
        vi: 'Hai địa phương cơ bản thực hiện đúng kế hoạch; Hà Nội cần báo cáo lại một nhiệm vụ; Hải Phòng cần bố trí kinh phí vận hành.',
        en: 'Both provinces broadly follow the plan; Ha Noi must report one task again; Hai Phong must budget for running costs.',
      },
      links: [{ url: 'https://example.org/kiem-tra/ket-luan.pdf', title: 'Thông báo kết luận / conclusion' }],
      date: day(-50),
    },
  };
  await importInspection(ctx, inspectionFileSchema.parse(file));
  // The recommendations in every state: done and approved, under way, overdue (nothing yet), not started.
  const recs = await inspectionsRepository.recommendations(
    ctx.db,
    (await inspectionsRepository.byCode(ctx.db, DEMO_INSPECTION))!.id,
  );
  const reporter = { ...ctx, actor: { name: 'Ha Noi DX department (reporter)' } };
  const done = await submitReport(
    reporter,
    recs[0]!.assignment_id,
    {
      period: `${day(-35).slice(0, 4)}M${day(-35).slice(5, 7)}`,
      percent: 100,
      state: 'completed',
      narrative: '[synthetic] Đã rà soát và báo cáo lại. / Reviewed and reported again.',
      evidence: [],
    },
    { synthetic: true },
  );
  await decideOnReport(ctx, done.id, { action: 'approve' });
  await submitReport(
    reporter,
    recs[1]!.assignment_id,
    {
      period: `${today.slice(0, 4)}M${today.slice(5, 7)}`,
      percent: 40,
      state: 'in_progress',
      narrative: '[synthetic] Đã triển khai tại 3 phường. / Running in 3 wards so far.',
      evidence: [],
    },
    { synthetic: true },
  );
}
