/** Settings from the environment (and CLI flags, which win). */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PGlite data folder (ignored when databaseUrl is set). */
  dataDir: string;
  databaseUrl: string | undefined;
  /** A hot-standby replica for dashboards and lists (PostgreSQL only). */
  readUrl: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: not a port number: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.MANDATE_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    readUrl: env.DATABASE_READ_URL || undefined,
  };
}
