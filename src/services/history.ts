/** An object's history from the audit trail, for whoever may see the object. */
import { z } from 'zod';
import { reportsRepository } from '../db/repositories/reports.repository.js';
import { tokensRepository } from '../db/repositories/users.repository.js';
import { programmesRepository } from '../db/repositories/programmes.repository.js';
import { nodesRepository } from '../db/repositories/nodes.repository.js';
import { NotFoundError } from '../domain/errors.js';
import { assignmentPolicy } from '../policies/assignments.js';
import { programmePolicy } from '../policies/programmes.js';
import { userPolicy } from '../policies/users.js';
import { isAdmin } from '../policies/scope.js';
import { mustSee } from '../policies/assert.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { assignmentsRepository } from '../db/repositories/assignments.repository.js';
import { objectHistory, type AuditObjectType, type HistoryEvent } from './audit.js';
import type { ServiceContext } from './context.js';
import { requireVisibleOrgUnit } from './org-units.js';

export const HISTORY_TYPES = [
  'org_unit',
  'programme',
  'node',
  'assignment',
  'report',
  'user',
  'token',
  'indicator',
  'target',
  'composite_index',
  'data_set',
  'data_value',
  'data_set_submission',
] as const satisfies readonly AuditObjectType[];
export const historyTypeSchema = z.enum(HISTORY_TYPES);

/** Raises "not found" unless the actor may see the object (ids as in the audit trail: codes, PROG/NODE, numbers, usernames). */
async function mustSeeObject(ctx: ServiceContext, type: AuditObjectType, id: string): Promise<void> {
  const notFound = `no ${type.replace('_', ' ')} ${id}`;
  const num = /^\d{1,9}$/.test(id) ? Number(id) : undefined;
  switch (type) {
    case 'org_unit':
      if (id === '/') return mustSee(isAdmin(ctx.actor), notFound);
      await requireVisibleOrgUnit(ctx, id);
      return;
    case 'programme': {
      mustSee(
        (await programmesRepository.byCodeIn(ctx.db, id, programmePolicy.readScope(ctx.actor))) !== undefined,
        notFound,
      );
      return;
    }
    case 'node': {
      const [programmeCode, nodeCode] = id.split('/');
      const programme = programmeCode
        ? await programmesRepository.byCodeIn(ctx.db, programmeCode, programmePolicy.readScope(ctx.actor))
        : undefined;
      mustSee(
        programme !== undefined &&
          nodeCode !== undefined &&
          (await nodesRepository.byCode(ctx.db, programme.id, nodeCode)) !== undefined,
        notFound,
      );
      return;
    }
    case 'assignment': {
      const row = num === undefined ? undefined : await assignmentsRepository.byId(ctx.db, num);
      mustSee(row !== undefined && assignmentPolicy.canRead(ctx.actor, row), notFound);
      return;
    }
    case 'report': {
      const report = num === undefined ? undefined : await reportsRepository.byId(ctx.db, num);
      const row = report ? await assignmentsRepository.byId(ctx.db, report.assignment_id) : undefined;
      mustSee(row !== undefined && assignmentPolicy.canRead(ctx.actor, row), notFound);
      return;
    }
    case 'user':
      mustSee(userPolicy.canManageUsers(ctx.actor) || ctx.actor.name === id, notFound);
      return;
    case 'token': {
      const token = num === undefined ? undefined : await tokensRepository.byId(ctx.db, num);
      mustSee(
        token !== undefined && (token.user_id === ctx.actor.userId || userPolicy.canManageUsers(ctx.actor)),
        notFound,
      );
      return;
    }
    // Definitions are read by every signed-in user.
    case 'indicator':
    case 'target':
    case 'composite_index':
    case 'data_set':
      mustSee(ctx.actor.grants === undefined || ctx.actor.grants.length > 0, notFound);
      return;
    // Values and submissions: `indicator/UNIT/period` and `DATASET/UNIT/period`, visible with their unit.
    case 'data_value':
    case 'data_set_submission': {
      const unitCode = id.split('/')[1];
      const unit = unitCode ? await orgUnitsRepository.byCode(ctx.db, unitCode) : undefined;
      mustSee(unit !== undefined && indicatorPolicy.canReadUnit(ctx.actor, unit), notFound);
      return;
    }
    default:
      throw new NotFoundError(notFound);
  }
}

/**
 * Imports and cascades of a programme record units everywhere (a whole programme file,
 * the targets of a cascade): their bodies are shown only to those who may change the
 * whole programme; others see that they happened, by whom and when.
 */
async function redactWideEvents(
  ctx: ServiceContext,
  type: AuditObjectType,
  id: string,
  items: HistoryEvent[],
): Promise<HistoryEvent[]> {
  if (type !== 'programme' && type !== 'node') return items;
  const programme = await programmesRepository.byCode(ctx.db, id.split('/')[0]!);
  if (programme && programmePolicy.canWrite(ctx.actor, await programmesRepository.issuerPaths(ctx.db, programme.id)))
    return items;
  return items.map((e) =>
    e.action === 'import' || e.action === 'cascade' ? { ...e, before: null, after: null, redacted: true } : e,
  );
}

export async function historyOf(
  ctx: ServiceContext,
  type: AuditObjectType,
  id: string,
  page: { limit: number; offset: number },
): Promise<{ items: HistoryEvent[] }> {
  await mustSeeObject(ctx, type, id);
  return { items: await redactWideEvents(ctx, type, id, await objectHistory(ctx.db, type, id, page)) };
}
