/**
 * The extraction work of one draft, as it runs inside a worker thread: pure, no I/O, the
 * answer structured-clone-able. Input errors come back as a value (errors cross the
 * thread boundary poorly).
 */
import {
  draftProgramme,
  draftSpans,
  draftSummary,
  draftToYaml,
  ExtractionInputError,
  type DraftResult,
  type OrgUnitRef,
} from '../../extract/index.js';
import type { Language } from '../../domain/i18n.js';

export interface DraftJob {
  text: string;
  orgUnits: OrgUnitRef[];
  today: string;
  code?: string | undefined;
  language?: Language | undefined;
  source?: string | undefined;
}

export interface Draft {
  result: DraftResult;
  yaml: string;
  spans: ReturnType<typeof draftSpans>;
  summary: string;
}

export type DraftJobAnswer = { ok: true; draft: Draft } | { ok: false; reason: string; message: string };

export function runDraftJob(job: DraftJob): DraftJobAnswer {
  try {
    const result = draftProgramme(job.text, {
      orgUnits: job.orgUnits,
      today: job.today,
      code: job.code,
      language: job.language,
      source: job.source,
    });
    return {
      ok: true,
      draft: { result, yaml: draftToYaml(result, job.text), spans: draftSpans(result), summary: draftSummary(result) },
    };
  } catch (error) {
    if (error instanceof ExtractionInputError) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}
