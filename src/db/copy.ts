/**
 * COPY … FROM STDIN through Kysely, for bulk imports. A repository writes
 * sql`COPY t (a, b) FROM STDIN ${text}` — the COPY text format, one row a line — and
 * the store's client (below, and in pglite-dialect.ts) sends `text` as the COPY data
 * instead of as a parameter. Any other query passes through unchanged.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { statementName } from './prepared.js';

const COPY = /^\s*COPY\s[\s\S]+\sFROM\s+STDIN\s+\$1\s*$/i;

/** Whether a compiled query is a COPY FROM STDIN carrying its data as the one parameter. */
export function isCopyFromStdin(sqlText: string, parameters: ReadonlyArray<unknown>): parameters is [string] {
  return parameters.length === 1 && typeof parameters[0] === 'string' && COPY.test(sqlText);
}

export function copyStatement(sqlText: string): string {
  return sqlText.replace(/\s+\$1\s*$/, '');
}

/** Runs COPY … FROM STDIN on a node-postgres client (pg-copy-streams), sending `data` in 1 MiB chunks. */
export async function copyFrom(client: pg.ClientBase, statement: string, data: string): Promise<number> {
  const stream = client.query(pgCopy.from(statement));
  await pipeline(Readable.from(chunks(data)), stream);
  return stream.rowCount;
}

function* chunks(data: string): Generator<Buffer> {
  const CHUNK = 1 << 20;
  for (let k = 0; k < data.length; k += CHUNK) yield Buffer.from(data.slice(k, k + CHUNK), 'utf8');
}

/** A pool whose clients understand the COPY convention above and name their frequent statements (prepared.ts). */
export function copyAwarePool(pool: pg.Pool) {
  const wrapped = new WeakMap<pg.PoolClient, unknown>();
  return {
    async connect() {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (!w) {
        w = {
          async query(sqlText: string, parameters: ReadonlyArray<unknown>) {
            if (isCopyFromStdin(sqlText, parameters)) {
              const rowCount = await copyFrom(client, copyStatement(sqlText), parameters[0]);
              return { command: 'COPY', rowCount, rows: [] };
            }
            const name = parameters.length > 0 ? statementName(sqlText) : undefined;
            return name === undefined
              ? client.query(sqlText, parameters as unknown[])
              : client.query({ name, text: sqlText, values: parameters as unknown[] });
          },
          release() {
            client.release();
          },
        };
        wrapped.set(client, w);
      }
      return w as pg.PoolClient;
    },
    end: () => pool.end(),
  };
}

/** Escapes a value for the COPY text format. */
export function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : v;
}
