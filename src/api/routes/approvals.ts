/**
 * Review up the tree: the queue (level, state, unit, programme, search, sort), one
 * decision on a report (approve, accept, return, unapprove), bulk approve, a report's
 * approval trail, "returned — needs your changes", figures by level, and a
 * programme's approval levels.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { approvalConfigSchema } from '../../domain/approval.js';
import { supervisionQuerySchema } from '../../domain/supervision.js';
import { approveReports, decideOnReport, reportApprovals } from '../../services/approvals/report-approval.js';
import { returnedToMe } from '../../services/approvals/returned-reports.js';
import { approvalFigures } from '../../services/approvals/approval-figures.js';
import { getApprovalLevels, setApprovalLevels } from '../../services/approvals/approval-levels.js';
import { requireVisibleAssignment } from '../../services/assignments.js';
import { resolveQuery } from '../../services/supervision.js';
import { reportsRepository } from '../../db/repositories/reports.repository.js';
import { NotFoundError } from '../../domain/errors.js';
import {
  approvalFiguresSchema,
  approvalLevelsSchema,
  bulkApproveResultSchema,
  decisionResultSchema,
  reportApprovalSchema,
  returnedSchema,
} from '../schemas/approvals.js';
import type { AppDeps } from '../context.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** An optional note with an approval (kept on the step and in the audit log). */
const approvalComment = z.string().trim().max(5_000).optional();

export const decisionBodySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), comment: approvalComment }).strict(),
  z.object({ action: z.literal('accept'), comment: approvalComment }).strict(),
  z
    .object({
      action: z.literal('return'),
      comment: z.string().trim().min(1, 'a returned report needs a comment saying what to fix').max(5_000),
    })
    .strict(),
  z
    .object({
      action: z.literal('unapprove'),
      reason: z.string().trim().min(1, 'say why it is unapproved').max(5_000),
      step: z.number().int().min(0).optional().describe('reopen this step of the chain (default: the last approved)'),
    })
    .strict(),
]);

export const approvalRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/reports/:id/approval',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['reports'],
          summary: 'Approve or accept a report at the level it waits at, return it with a comment, or unapprove it',
          params: idParams,
          body: decisionBodySchema,
          response: { 200: decisionResultSchema },
        },
      },
      async (request) => decideOnReport(request.ctx, request.params.id, request.body),
    );

    app.get(
      '/reports/:id/approval',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['reports'],
          summary: "A report's approval chain, state and every step",
          params: idParams,
          response: { 200: reportApprovalSchema },
        },
      },
      async (request) => {
        const ctx = request.ctx;
        const report = await reportsRepository.byId(ctx.db, request.params.id);
        if (!report) throw new NotFoundError(`no report with id ${request.params.id}`);
        const assignment = await requireVisibleAssignment(ctx, report.assignment_id).catch(() => {
          throw new NotFoundError(`no report with id ${request.params.id}`);
        });
        const [view] = await reportApprovals(ctx, assignment, [report]);
        return view!;
      },
    );

    app.post(
      '/approvals/approve',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['reports'],
          summary:
            'Bulk approve: every selected report at the level it waits at, with one comment; all or none, or (each) one by one with each refusal reported',
          body: z
            .object({
              reports: z.array(z.number().int().positive()).min(1).max(200),
              comment: approvalComment,
              each: z
                .boolean()
                .optional()
                .describe('approve each report on its own: the others go through when one is refused'),
            })
            .strict(),
          response: { 200: bulkApproveResultSchema },
        },
      },
      async (request) => approveReports(request.ctx, request.body.reports, request.body),
    );

    app.get(
      '/approvals/returned',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['reports'],
          summary: 'Returned — needs your changes: reports returned to you that are not resubmitted yet',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: returnedSchema },
        },
      },
      async (request) => returnedToMe(request.ctx, request.query.limit),
    );

    app.get(
      '/supervision/approvals',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['supervision'],
          summary:
            'Figures by level: leaf assignments whose current report waits, was returned, approved at each level, accepted',
          querystring: supervisionQuerySchema,
          response: { 200: approvalFiguresSchema },
        },
      },
      async (request) => {
        const { filter } = await resolveQuery(request.ctx, request.query);
        return approvalFigures(request.ctx, filter);
      },
    );

    app.get(
      '/programmes/:code/approval-levels',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['programmes'],
          summary: "A programme's approval levels (lowest first) and whether the unit above the top accepts",
          params: z.object({ code: z.string() }),
          response: { 200: approvalLevelsSchema },
        },
      },
      async (request) => getApprovalLevels(request.ctx, request.params.code),
    );

    app.put(
      '/programmes/:code/approval-levels',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['programmes'],
          summary: "Set a programme's approval levels: org-unit kinds, lowest first; [] for the single review",
          params: z.object({ code: z.string() }),
          body: approvalConfigSchema,
          response: { 200: approvalLevelsSchema },
        },
      },
      async (request) => setApprovalLevels(request.ctx, request.params.code, request.body),
    );
  };
