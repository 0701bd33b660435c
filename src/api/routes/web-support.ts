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
import { timelinessSchema } from '../../domain/timeliness.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { timelinessRows } from '../../db/repositories/supervision.repository.js';
import { resolveQuery, toCounts } from '../../services/supervision.js';
import { contextFor, type AppDeps } from '../context.js';

const COUNTS = [
  sql<number>`count(*)::int`.as('total'),
  sql<number>`(count(*) FILTER (WHERE t.timeliness = 'not_started'))::int`.as('not_started'),
  sql<number>`(count(*) FILTER (WHERE t.timeliness = 'on_track'))::int`.as('on_track'),
  sql<number>`(count(*) FILTER (WHERE t.timeliness = 'due_soon'))::int`.as('due_soon'),
  sql<number>`(count(*) FILTER (WHERE t.timeliness = 'overdue'))::int`.as('overdue'),
  sql<number>`(count(*) FILTER (WHERE t.timeliness = 'completed_on_time'))::int`.as('completed_on_time'),
  sql<number>`(count(*) FILTER (WHERE t.timeliness = 'completed_late'))::int`.as('completed_late'),
  sql<number>`(count(*) FILTER (WHERE t.backlog))::int`.as('backlog'),
];

export const webSupportRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/web/node-status', {
    config: { auth: 'user' },
    schema: {
      tags: ['web'],
      summary: "Timeliness counts of each programme node's own leaf assignments (the web app's tree adds them up)",
      querystring: supervisionQuerySchema.extend({ programme: z.string() }),
    },
  }, async (request) => {
    const ctx = contextFor(deps, request);
    const { at, filter } = await resolveQuery(ctx, request.query);
    const rows = await ctx.db
      .selectFrom(timelinessRows(ctx.db, at, filter).as('t'))
      .innerJoin('programme_nodes as n', 'n.id', 't.node_id')
      .select(['n.code as node', ...COUNTS])
      .groupBy('n.code')
      .execute();
    return { asOf: at.asOf, items: rows.map((r) => ({ node: r.node, counts: toCounts(r) })) };
  });

  app.get('/web/assignments', {
    config: { auth: 'user' },
    schema: {
      tags: ['web'],
      summary: 'Leaf assignments in the given timeliness states (all when none), filtered like /supervision/*, paginated',
      querystring: supervisionQuerySchema.extend({
        timeliness: z
          .string()
          .optional()
          .transform((s, c) => {
            const states = s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [];
            for (const st of states) if (!timelinessSchema.safeParse(st).success) c.addIssue({ code: 'custom', message: `unknown timeliness state ${st}` });
            return states;
          }),
        backlogOnly: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
        sort: z.enum(['days_late', 'due', 'unit', 'programme']).default('due'),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
    },
  }, async (request) => {
    const ctx = contextFor(deps, request);
    const q = request.query;
    const { at, filter } = await resolveQuery(ctx, q);
    const base = () => {
      let b = ctx.db.selectFrom(timelinessRows(ctx.db, at, filter).as('t'));
      if (q.timeliness.length) b = b.where('t.timeliness', 'in', q.timeliness);
      if (q.backlogOnly) b = b.where('t.backlog', '=', true);
      return b;
    };
    let page = base()
      .innerJoin('programme_nodes as n', 'n.id', 't.node_id')
      .innerJoin('programmes as p', 'p.id', 't.programme_id')
      .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
      .leftJoin('org_units as lead', 'lead.id', 't.lead_org_unit_id')
      .select([
        't.id', 'p.code as programme', 'n.code as node', 'n.title', 'u.code as unit', 'u.name as unit_name', 'lead.code as lead', 'lead.name as lead_name',
        't.due_date as due', 't.days_late', 't.backlog', 't.pct as percent', 't.st as state', 't.timeliness', 't.last_reported_at',
      ])
      .$narrowType<{ title: LocalizedText; unit_name: LocalizedText; lead_name: LocalizedText | null }>();
    switch (q.sort) {
      case 'days_late': page = page.orderBy('t.days_late', 'desc').orderBy('t.id'); break;
      case 'due': page = page.orderBy('t.due_date', 'asc').orderBy('t.id'); break;
      case 'unit': page = page.orderBy('u.code').orderBy('t.due_date').orderBy('t.id'); break;
      case 'programme': page = page.orderBy('p.code').orderBy('n.code').orderBy('u.code'); break;
    }
    const [rows, total] = await Promise.all([
      page.limit(q.limit).offset(q.offset).execute(),
      base().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      asOf: at.asOf,
      total: Number(total.n),
      items: rows.map((r) => ({
        assignment: r.id,
        programme: r.programme,
        node: r.node,
        title: r.title,
        unit: r.unit,
        unitName: r.unit_name,
        lead: r.lead,
        leadName: r.lead_name,
        due: r.due,
        daysLate: r.days_late,
        backlog: r.backlog,
        percent: r.percent ?? 0,
        state: r.state ?? 'not_started',
        timeliness: r.timeliness,
        lastReportedAt: r.last_reported_at ? new Date(r.last_reported_at).toISOString() : null,
      })),
    };
  });
};
