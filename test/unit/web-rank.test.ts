/** Ties in rankings (issue 16, complaint 9): equal values share a rank, shown "=1", and the next rank skips. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { competitionRanks, rankLabel } from '../../web/src/lib/rank.js';

describe('competition ranks', () => {
  it('marks ties: seven provinces at 33 % are all "=1", the next is 8', () => {
    const ranks = competitionRanks([0.33, 0.33, 0.33, 0.33, 0.33, 0.33, 0.33, 0.2]);
    expect(ranks.map((r) => rankLabel(r, String))).toEqual(['=1', '=1', '=1', '=1', '=1', '=1', '=1', '8']);
    expect(competitionRanks([5, 3, 3, 1]).map((r) => rankLabel(r, String))).toEqual(['1', '=2', '=2', '4']);
  });

  it('equal values share a rank, a rank counts the better values before it, tied exactly when shared', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }), (raw) => {
        const values = [...raw].sort((a, b) => b - a);
        const ranks = competitionRanks(values);
        values.forEach((v, i) => {
          expect(ranks[i]!.rank).toBe(values.filter((x) => x > v).length + 1);
          expect(ranks[i]!.tied).toBe(values.filter((x) => x === v).length > 1);
        });
      }),
    );
  });
});
