/** Constant-cost status: folding advanceStatus over reports equals statusAsOf over the whole history. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NO_STATUS,
  REPORT_STATES,
  advanceStatus,
  statusAsOf,
  type ReportFact,
  type StoredStatus,
} from '../../src/domain/timeliness.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');

const reportsArb = fc.array(
  fc.record({
    // Few distinct instants, so ties (same millisecond) and back-dating both happen often.
    at: fc.oneof(
      fc.integer({ min: 0, max: 5 }).map((d) => T0 + d * 86_400_000),
      fc.integer({ min: 0, max: 90 * 86_400_000 }).map((ms) => T0 + ms),
    ),
    state: fc.constantFrom(...REPORT_STATES),
    percent: fc.integer({ min: 0, max: 100 }),
    returned: fc.boolean(),
  }),
  { maxLength: 25 },
);

describe('advanceStatus', () => {
  it('agrees with statusAsOf over the whole history after every report', () => {
    fc.assert(
      fc.property(reportsArb, (drawn) => {
        const history: ReportFact[] = [];
        let status: StoredStatus = NO_STATUS;
        let fallbacks = 0;
        for (const [i, r] of drawn.entries()) {
          const report: ReportFact = { ...r, id: i + 1 };
          history.push(report);
          const next = advanceStatus(status, report);
          const full = statusAsOf(history, '9999-12-31');
          const effective = history
            .filter((h) => !h.returned)
            .sort((a, b) => (a.at === b.at ? a.id - b.id : a.at - b.at));
          const recomputed: StoredStatus = full
            ? { ...full, lastReportedAt: effective[effective.length - 1]!.at }
            : NO_STATUS;
          if (next === null) {
            fallbacks++;
            expect(report.at).toBeLessThan(status.lastReportedAt!);
            status = recomputed;
          } else {
            expect(next).toEqual(recomputed);
            status = next;
          }
        }
        return fallbacks <= drawn.length;
      }),
      { numRuns: 2000 },
    );
  });
});
