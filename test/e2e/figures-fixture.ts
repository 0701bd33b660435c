/**
 * The Ba Dinh ward's figures for the figures e2e test and the screenshots: six months of
 * its own history before last month, so last month's form has something to judge an
 * outlier by (online service use 50–53 %, 2 dead-zone villages).
 */
import type { Db } from '../../src/db/database.js';
import { systemContext } from '../../src/services/context.js';
import { importDataValueSet } from '../../src/services/dhis2-data-value-sets.js';
import { formatPeriod, periodFromOrdinal, periodOf, periodOrdinal } from '../../src/domain/period.js';

export const WARD_DATA_SET = 'VN-COMMUNE-MONTHLY';
export const WARD = 'VN-HN-BADINH';

const thisMonth = periodOrdinal(periodOf(new Date().toISOString().slice(0, 10), 'month'));
const month = (back: number) => formatPeriod(periodFromOrdinal('month', thisMonth - back));
/** Last month: open, due on the 10th of this month, closing 90 days after its end — always editable. */
export const WARD_PERIOD = month(1);
const HISTORY = [7, 6, 5, 4, 3, 2].map(month);
const USE = [50, 52, 51, 53, 50, 52];

export async function seedWardHistory(db: Db): Promise<void> {
  await importDataValueSet(systemContext(db), {
    dataValues: HISTORY.flatMap((period, i) => [
      { dataElement: 'vn_online_service_use', period, orgUnit: WARD, value: String(USE[i]) },
      { dataElement: 'vn_dead_zone_villages', period, orgUnit: WARD, value: '2' },
    ]),
  });
}
