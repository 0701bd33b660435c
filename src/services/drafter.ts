/**
 * Drafting a programme from its policy text: the pure extractor (src/extract) with the
 * database's org units (names in four languages and aliases) as the agencies to match.
 * The draft is for review: nothing is stored here.
 */
import {
  draftProgramme,
  draftSpans,
  draftSummary,
  draftToYaml,
  ExtractionInputError,
  type DraftResult,
  type OrgUnitRef,
} from '../extract/index.js';
import { ValidationError } from '../domain/errors.js';
import type { Language } from '../domain/i18n.js';
import { dateOf } from '../domain/dates.js';
import type { ServiceContext } from './context.js';
import { orgUnitPolicy } from '../policies/org-units.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';

export interface Draft {
  result: DraftResult;
  yaml: string;
  spans: ReturnType<typeof draftSpans>;
  summary: string;
}

/** The org units the actor may see: a draft never names a unit outside the drafter's scope. */
async function orgUnitRefs(ctx: ServiceContext): Promise<OrgUnitRef[]> {
  const rows = await orgUnitsRepository.refs(ctx.db, orgUnitPolicy.readScope(ctx.actor));
  return rows.map((r) => ({ code: r.code, name: r.name, aliases: r.aliases }));
}

export async function draftFromText(
  ctx: ServiceContext,
  text: string,
  options: { code?: string | undefined; language?: Language | undefined; source?: string | undefined } = {},
): Promise<Draft> {
  let result: DraftResult;
  try {
    result = draftProgramme(text, {
      orgUnits: await orgUnitRefs(ctx),
      today: dateOf(ctx.now()),
      code: options.code,
      language: options.language,
      source: options.source,
    });
  } catch (error) {
    if (error instanceof ExtractionInputError)
      throw new ValidationError(
        [{ path: 'text', message: error.message }],
        `cannot draft a programme (${error.reason})`,
      );
    throw error;
  }
  return { result, yaml: draftToYaml(result, text), spans: draftSpans(result), summary: draftSummary(result) };
}
