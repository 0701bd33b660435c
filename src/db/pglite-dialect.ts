/**
 * Kysely over PGlite: PGlite is one embedded connection, so this presents it to
 * Kysely's PostgresDialect as a pool of exactly one client. Callers queue for the
 * client, which keeps transactions from interleaving.
 */
import { PGlite, types } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import { typeParsers } from './types.js';
import { copyStatement, isCopyFromStdin } from './copy.js';

type Command = PostgresQueryResult<unknown>['command'];

function commandOf(sqlText: string): Command {
  const word = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase();
  switch (word) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'COMMIT':
    case 'ROLLBACK':
      return word;
    default:
      return 'SELECT';
  }
}

class SingleClientPool implements PostgresPool {
  #queue: Promise<void> = Promise.resolve();

  constructor(readonly pg: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const previous = this.#queue;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const pg = this.pg;
    const client = {
      async query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        if (isCopyFromStdin(sqlText, parameters)) {
          // PGlite reads COPY data from a blob at the virtual file /dev/blob.
          const result = await pg.query(
            `${copyStatement(sqlText).replace(/\sFROM\s+STDIN\s*$/i, '')} FROM '/dev/blob'`,
            [],
            { blob: new Blob([parameters[0]]) },
          );
          return { command: 'SELECT', rowCount: result.affectedRows ?? 0, rows: [] };
        }
        if (parameters.length === 0 && sqlText.includes(';')) {
          // A script of several statements (migrations): the simple protocol runs them all.
          const results = await pg.exec(sqlText);
          const last = results[results.length - 1];
          return { command: commandOf(sqlText), rowCount: last?.affectedRows ?? 0, rows: (last?.rows ?? []) as R[] };
        }
        const result = await pg.query<R>(sqlText, parameters as unknown[]);
        return { command: commandOf(sqlText), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release() {
        release();
      },
    };
    return client as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.#queue;
    await this.pg.close();
  }
}

export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  const parsers = Object.fromEntries(Object.entries(typeParsers).map(([oid, parse]) => [oid, parse]));
  const pg = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers,
    serializers: { [types.JSONB]: serializeJson, [types.JSON]: serializeJson },
  });
  await pg.waitReady;
  return pg;
}

/** Values for json/jsonb parameters are always given as JSON text by our repositories. */
function serializeJson(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function pgliteDialect(pg: PGlite): PostgresDialect {
  return new PostgresDialect({ pool: new SingleClientPool(pg) });
}
