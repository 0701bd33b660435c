/** The meeting report in a requested format: html, pdf, xlsx, docx or json. */
import type { ServiceContext } from '../context.js';
import { buildMeetingReport, meetingReportQuerySchema, type MeetingReportQuery } from './meeting-report.js';
import { renderMeetingReportHtml } from './meeting-report-html.js';
import { htmlToPdf } from './meeting-report-pdf.js';
import { renderMeetingReportXlsx } from './meeting-report-xlsx.js';
import { renderMeetingReportDocx } from './meeting-report-docx.js';

export interface RenderedFile {
  body: Buffer | string;
  contentType: string;
  filename: string;
}

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
} as const;

export async function meetingReportFile(ctx: ServiceContext, query: MeetingReportQuery): Promise<RenderedFile> {
  const q = meetingReportQuerySchema.parse(query);
  const report = await buildMeetingReport(ctx, q);
  const filename = `meeting-report-${report.programme.code}${report.unit ? `-${report.unit.code}` : ''}-${report.period}-${q.lang}.${q.format}`;
  let body: Buffer | string;
  switch (q.format) {
    case 'html':
      body = renderMeetingReportHtml(report, q.lang);
      break;
    case 'pdf':
      body = await htmlToPdf(renderMeetingReportHtml(report, q.lang), {
        footer: `Mandate · ${report.programme.code} · ${report.period}`,
      });
      break;
    case 'xlsx':
      body = await renderMeetingReportXlsx(report, q.lang);
      break;
    case 'docx':
      body = await renderMeetingReportDocx(report, q.lang);
      break;
    case 'json':
      body = JSON.stringify(report);
      break;
  }
  return { body, contentType: CONTENT_TYPES[q.format], filename };
}
