/**
 * How both stores turn PostgreSQL values into JavaScript, so PGlite and PostgreSQL
 * return identical rows: dates stay 'YYYY-MM-DD' strings (no time-zone shifts),
 * bigint counts and numerics become numbers.
 */
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const FLOAT8 = 701;

const toNumber = (value: string): number => Number(value);
const keep = (value: string): string => value;

export const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8]: toNumber,
  [NUMERIC]: toNumber,
  [FLOAT8]: toNumber,
  [DATE]: keep,
};
