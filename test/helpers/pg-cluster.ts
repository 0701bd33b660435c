/**
 * A scratch PostgreSQL cluster for tests and benchmarks that restart a database or run
 * a replica: initdb, pg_ctl and pg_basebackup from the installed binaries, in a
 * temporary folder, on a free loopback port. Never the shared cluster on 5432.
 * As root (CI containers), the server runs as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, appendFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

const BIN_DIRS = ['/usr/local/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'];

function binPath(tool: string): string {
  for (const dir of BIN_DIRS) if (existsSync(join(dir, tool))) return join(dir, tool);
  throw new Error(`no PostgreSQL ${tool} in ${BIN_DIRS.join(', ')}`);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

async function pgBin(tool: string, args: string[], timeoutMs = 120_000): Promise<string> {
  const path = binPath(tool);
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  try {
    const { stdout } = await run(cmd, argv, { timeout: timeoutMs });
    return stdout;
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr || e.message}`, { cause: error });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ScratchCluster {
  port: number;
  dir: string;
  /** postgres://postgres@127.0.0.1:port/<database> */
  url(database?: string): string;
  start(): Promise<void>;
  /** mode 'fast' disconnects clients cleanly (57P01); 'immediate' is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** A hot-standby replica streaming from this cluster, on its own port. */
  replica(): Promise<ScratchCluster>;
  /** Stops the server and deletes the folder. */
  destroy(): Promise<void>;
}

async function owned(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  if (isRoot) await run('chown', ['postgres', dir]);
  return dir;
}

function cluster(root: string, data: string, port: number): ScratchCluster {
  const log = join(root, 'server.log');
  let running = false;
  const self: ScratchCluster = {
    port,
    dir: data,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pgBin('pg_ctl', [
        '-D',
        data,
        '-l',
        log,
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB`,
        'start',
      ]);
      running = true;
    },
    async stop(mode = 'fast') {
      await pgBin('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async restart(mode = 'fast') {
      await self.stop(mode);
      await self.start();
    },
    async replica() {
      const replicaRoot = await owned('mandate-replica-');
      const replicaData = join(replicaRoot, 'data');
      await pgBin('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-D',
        replicaData,
        '-R',
        '-X',
        'stream',
      ]);
      const replicaPort = await freePort();
      const r = cluster(replicaRoot, replicaData, replicaPort);
      await r.start();
      return r;
    },
    async destroy() {
      if (running) await self.stop('immediate').catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
  return self;
}

/** initdb + start; the caller destroys it. */
export async function startScratchCluster(): Promise<ScratchCluster> {
  const root = await owned('mandate-pg-');
  const data = join(root, 'data');
  await pgBin('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  await appendFile(join(data, 'postgresql.conf'), '\nwal_level = replica\nhot_standby = on\nmax_wal_senders = 5\n');
  const c = cluster(root, data, await freePort());
  await c.start();
  return c;
}

/** Creates a database on the cluster and returns its URL. */
export async function createDatabase(c: ScratchCluster, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: c.url() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return c.url(name);
}
