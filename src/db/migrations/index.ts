import type { Migration } from 'kysely';
import * as core from './0001_core.js';
import * as indicators from './0002_indicators.js';
import * as security from './0003_security.js';
import * as notify from './0004_notify.js';
import * as dataSets from './0005_data_sets.js';
import * as signInSecurity from './0009_sign_in_security.js';
import * as writePath from './0007_write_path.js';
import * as approval from './0006_approval.js';
import * as inspections from './0010_inspections.js';
import * as formReminders from './0011_form_reminders.js';
import * as writePath2 from './0012_write_path_2.js';

/**
 * Every migration, in order. Names sort lexically; add new ones at the end with the
 * next number and a short name of the feature (e.g. '0002_indicators').
 */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_indicators': indicators,
  '0003_security': security,
  '0004_notify': notify,
  '0005_data_sets': dataSets,
  '0009_sign_in_security': signInSecurity,
  '0007_write_path': writePath,
  '0006_approval': approval,
  '0010_inspections': inspections,
  '0011_form_reminders': formReminders,
  '0012_write_path_2': writePath2,
};
