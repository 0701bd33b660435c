import { sql, type Kysely } from 'kysely';

/**
 * Reminders for data-set forms (issue 12): a notification rule belongs to a programme (its
 * assignments) or to a data set (its forms); a notice is about an assignment or about one
 * unit's form for one period, with the day that form is due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE notification_rules ALTER COLUMN programme_id DROP NOT NULL;
ALTER TABLE notification_rules ADD COLUMN data_set_id integer REFERENCES data_sets(id) ON DELETE CASCADE;
ALTER TABLE notification_rules ADD CONSTRAINT notification_rules_target CHECK ((programme_id IS NULL) <> (data_set_id IS NULL));
CREATE INDEX notification_rules_data_set ON notification_rules (data_set_id);

ALTER TABLE notices ALTER COLUMN programme_id DROP NOT NULL;
ALTER TABLE notices ALTER COLUMN assignment_id DROP NOT NULL;
ALTER TABLE notices ADD COLUMN data_set_id integer REFERENCES data_sets(id) ON DELETE CASCADE;
ALTER TABLE notices ADD COLUMN org_unit_id integer REFERENCES org_units(id) ON DELETE CASCADE;
ALTER TABLE notices ADD COLUMN period text;
ALTER TABLE notices ADD COLUMN due_date date;
ALTER TABLE notices ADD CONSTRAINT notices_subject CHECK (
  (assignment_id IS NOT NULL AND programme_id IS NOT NULL)
  OR (data_set_id IS NOT NULL AND org_unit_id IS NOT NULL AND period IS NOT NULL AND due_date IS NOT NULL)
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DELETE FROM notices WHERE assignment_id IS NULL;
ALTER TABLE notices DROP CONSTRAINT notices_subject;
ALTER TABLE notices DROP COLUMN due_date;
ALTER TABLE notices DROP COLUMN period;
ALTER TABLE notices DROP COLUMN org_unit_id;
ALTER TABLE notices DROP COLUMN data_set_id;
ALTER TABLE notices ALTER COLUMN assignment_id SET NOT NULL;
ALTER TABLE notices ALTER COLUMN programme_id SET NOT NULL;
DELETE FROM notification_rules WHERE data_set_id IS NOT NULL;
ALTER TABLE notification_rules DROP CONSTRAINT notification_rules_target;
ALTER TABLE notification_rules DROP COLUMN data_set_id;
ALTER TABLE notification_rules ALTER COLUMN programme_id SET NOT NULL;
`.execute(db);
}
