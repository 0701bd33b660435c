/**
 * Two small read-only views the web app needs and the other endpoints cannot compose
 * cheaply: timeliness counts per programme node (status chips and state filters of the
 * programme tree) and a page of leaf assignments in any timeliness state (the list
 * behind every figure of the overview — the overdue list only covers overdue work).
 * Both take the same supervision filter as /supervision/*, and reuse its SQL.
 */
import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { supervisionQuerySchema } from '../../domain/supervision.js';
import { timelinessSchema, type Timeliness } from '../../domain/timeliness.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { timelinessRows } from '../../db/repositories/supervision.repository.js';
import { addTally, emptyCounts, resolveQuery, toListItem, type Counts } from '../../services/supervision.js';
import type { AppDeps } from '../context.js';
import { withErrors } from '../schemas/common.js';
import { nodeStatusSchema, timelinessPageSchema } from '../schemas/supervision.js';

const ORDER = {
  days_late: 't.days_late DESC, t.id ASC',
  due: 't.due_date ASC, t.id ASC',
  unit: 't.unit_code ASC, t.due_date ASC, t.id ASC',
  programme: 't.programme_id ASC, t.node_code ASC, t.unit_code ASC, t.id ASC',
} as const;

export const webSupportRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/web/node-status',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: nodeStatusSchema }),
          tags: ['web'],
          summary: "Timeliness counts of each programme node's own leaf assignments (the web app's tree adds them up)",
          querystring: supervisionQuerySchema.extend({ programme: z.string() }),
        },
      },
      async (request) => {
        const ctx = request.ctx;
        const { at, filter } = await resolveQuery(ctx, request.query);
        const rows = await ctx.db
          .selectFrom(timelinessRows(ctx.db, at, filter, { node: true }).as('t'))
          .select(['t.node_code', 't.timeliness', 't.backlog', sql<number>`count(*)::int`.as('n')])
          .groupBy(['t.node_code', 't.timeliness', 't.backlog'])
          .execute();
        const byNode = new Map<string, Counts>();
        for (const row of rows) {
          let counts = byNode.get(row.node_code);
          if (!counts) byNode.set(row.node_code, (counts = emptyCounts()));
          addTally(counts, { timeliness: row.timeliness, backlog: row.backlog, n: Number(row.n) });
        }
        return { asOf: at.asOf, items: [...byNode].map(([node, counts]) => ({ node, counts })) };
      },
    );

    app.get(
      '/web/assignments',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: timelinessPageSchema }),
          tags: ['web'],
          summary:
            'Leaf assignments in the given timeliness states (all when none), filtered like /supervision/*, paginated',
          querystring: supervisionQuerySchema.extend({
            timeliness: z
              .string()
              .optional()
              .transform((s, c) => {
                const states = s
                  ? s
                      .split(',')
                      .map((x) => x.trim())
                      .filter(Boolean)
                  : [];
                for (const st of states)
                  if (!timelinessSchema.safeParse(st).success)
                    c.addIssue({ code: 'custom', message: `unknown timeliness state ${st}` });
                return states;
              }),
            backlogOnly: z
              .enum(['true', 'false', '1', '0'])
              .optional()
              .transform((v) => v === 'true' || v === '1'),
            sort: z.enum(['days_late', 'due', 'unit', 'programme']).default('due'),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      async (request) => {
        const ctx = request.ctx;
        const q = request.query;
        const { at, filter } = await resolveQuery(ctx, q);
        const chosen = () => {
          let b = ctx.db
            .selectFrom(
              timelinessRows(ctx.db, at, filter, {
                node: q.sort === 'programme',
                unit: q.sort === 'unit' || q.sort === 'programme',
              }).as('t'),
            )
            .selectAll('t');
          if (q.timeliness.length) b = b.where('t.timeliness', 'in', q.timeliness);
          if (q.backlogOnly) b = b.where('t.backlog', '=', true);
          return b;
        };
        // The page is chosen on the timeliness rows alone; only its rows are joined to names.
        const page = ctx.db
          .with('page', () => chosen().orderBy(sql.raw(ORDER[q.sort])).limit(q.limit).offset(q.offset))
          .selectFrom('page as t')
          .innerJoin('programme_nodes as n', 'n.id', 't.node_id')
          .innerJoin('programmes as p', 'p.id', 't.programme_id')
          .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
          .leftJoin('org_units as lead', 'lead.id', 'n.lead_org_unit_id')
          .select([
            't.id',
            'p.code as programme',
            'n.code as node',
            'n.title',
            'u.code as unit',
            'u.name as unit_name',
            'lead.code as lead',
            'lead.name as lead_name',
            't.due_date as due',
            't.days_late',
            't.backlog',
            't.pct as percent',
            't.st as state',
            't.timeliness',
            't.last_reported_at',
          ])
          .$narrowType<{ title: LocalizedText; unit_name: LocalizedText; lead_name: LocalizedText | null }>()
          .orderBy(sql.raw(ORDER[q.sort]));
        const [rows, total] = await Promise.all([
          page.execute(),
          ctx.db
            .selectFrom(chosen().as('c'))
            .select(sql<number>`count(*)::int`.as('n'))
            .executeTakeFirstOrThrow(),
        ]);
        return {
          asOf: at.asOf,
          total: Number(total.n),
          items: rows.map((r) => ({ ...toListItem(r), timeliness: r.timeliness as Timeliness })),
        };
      },
    );
  };
