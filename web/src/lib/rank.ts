/**
 * Competition ranking of values already sorted best first ("1, 2, 2, 4"): equal values share
 * the first one's rank and are marked tied, shown as "=2".
 */
export function competitionRanks(values: readonly number[]): Array<{ rank: number; tied: boolean }> {
  return values.map((v) => ({
    rank: values.indexOf(v) + 1,
    tied: values.filter((x) => x === v).length > 1,
  }));
}

/** A rank as shown: "=1" when tied, else "1" (the number in the user's digits). */
export function rankLabel(r: { rank: number; tied: boolean }, number: (n: number) => string): string {
  return `${r.tied ? '=' : ''}${number(r.rank)}`;
}
