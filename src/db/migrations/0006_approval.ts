import { sql, type Kysely } from 'kysely';

/**
 * Gives every report without an approval state the single review it had (a "review"
 * step at its own unit) and refreshes the assignments' summaries. Also run for reports
 * loaded in bulk (approvalsRepository.backfillReports).
 */
export const BACKFILL_REPORT_APPROVALS = `INSERT INTO approvals (subject_type, subject_id, programme_id, org_unit_id, period, submitted_by, submitted_at,
  chain, approved, status, waiting_level, waiting_unit_path, approved_levels, done_by, comment)
SELECT 'report', r.id, a.programme_id, a.org_unit_id, r.period, r.reporter, r.reported_at,
  jsonb_build_array(jsonb_build_object('level', 'review', 'action', 'approve', 'unitId', u.id, 'unitCode', u.code, 'unitPath', u.path)),
  CASE WHEN r.review_state = 'approved' THEN 1 ELSE 0 END,
  CASE r.review_state WHEN 'approved' THEN 'approved' WHEN 'returned' THEN 'returned' ELSE 'pending' END,
  CASE WHEN r.review_state = 'submitted' THEN 'review' END,
  CASE WHEN r.review_state = 'submitted' THEN u.path END,
  CASE WHEN r.review_state = 'approved' THEN ARRAY['review'] ELSE '{}'::text[] END,
  CASE WHEN r.review_state = 'approved' THEN jsonb_build_array(jsonb_build_object('name', coalesce(r.reviewed_by, 'unknown'))) ELSE '[]'::jsonb END,
  r.review_comment
FROM progress_reports r JOIN assignments a ON a.id = r.assignment_id JOIN org_units u ON u.id = a.org_unit_id
WHERE NOT EXISTS (SELECT 1 FROM approvals ap WHERE ap.subject_type = 'report' AND ap.subject_id = r.id);
UPDATE assignments a SET approval_status = c.status, approved_levels = c.approved_levels
FROM (SELECT DISTINCT ON (r.assignment_id) r.assignment_id, ap.status, ap.approved_levels
  FROM progress_reports r JOIN approvals ap ON ap.subject_type = 'report' AND ap.subject_id = r.id
  WHERE r.review_state <> 'returned' ORDER BY r.assignment_id, r.reported_at DESC, r.id DESC) c
WHERE c.assignment_id = a.id;`;

/**
 * Review up the tree (src/domain/approval.ts): approval levels per programme, one
 * approval state per submission keyed by (subject type, subject id) — progress
 * reports today, data-set submissions next — every step in approval_steps, and the
 * current report's approval summary on its assignment for set-based rollups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- NULL: the default (one review by any secretariat over the unit); else {"levels": [...kinds], "accept": bool}.
ALTER TABLE programmes ADD COLUMN approval jsonb;

CREATE TABLE approvals (
  subject_type          text NOT NULL,
  subject_id            bigint NOT NULL,
  programme_id          integer REFERENCES programmes(id) ON DELETE CASCADE,
  org_unit_id           integer NOT NULL REFERENCES org_units(id),
  period                text,
  submitted_by          text NOT NULL,
  submitted_by_user_id  integer,
  submitted_at          timestamptz NOT NULL,
  chain                 jsonb NOT NULL,
  approved              integer NOT NULL DEFAULT 0,
  status                text NOT NULL CHECK (status IN ('pending','returned','approved','accepted')),
  waiting_level         text,
  waiting_unit_path     text,
  approved_levels       text[] NOT NULL DEFAULT '{}',
  done_by               jsonb NOT NULL DEFAULT '[]',
  comment               text,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  version               integer NOT NULL DEFAULT 1,
  PRIMARY KEY (subject_type, subject_id),
  CHECK (approved >= 0)
);
CREATE INDEX approvals_waiting ON approvals (waiting_level, submitted_at) WHERE status = 'pending';
CREATE INDEX approvals_unit ON approvals (org_unit_id);

CREATE TABLE approval_steps (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_type  text NOT NULL,
  subject_id    bigint NOT NULL,
  action        text NOT NULL CHECK (action IN ('submit','approve','accept','return','unapprove')),
  step          integer,
  level         text,
  org_unit_id   integer REFERENCES org_units(id),
  actor         text NOT NULL,
  actor_user_id integer,
  comment       text,
  at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (subject_type, subject_id) REFERENCES approvals(subject_type, subject_id) ON DELETE CASCADE
);
CREATE INDEX approval_steps_subject ON approval_steps (subject_type, subject_id, id);

-- The approval of the assignment's current (newest non-returned) report, kept by the approval service.
ALTER TABLE assignments ADD COLUMN approval_status text;
ALTER TABLE assignments ADD COLUMN approved_levels text[] NOT NULL DEFAULT '{}';
`.execute(db);
  // Reports made before: one review step at their own unit (the single review they had).
  await sql.raw(BACKFILL_REPORT_APPROVALS).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE assignments DROP COLUMN approved_levels;
ALTER TABLE assignments DROP COLUMN approval_status;
DROP TABLE approval_steps;
DROP TABLE approvals;
ALTER TABLE programmes DROP COLUMN approval;
`.execute(db);
}
