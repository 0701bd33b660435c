/**
 * `npm run bench:load`: deadline day. Seeds the synthetic country (bench/generate.ts,
 * BENCH_SCALE, default 0.03) into a scratch PostgreSQL cluster of its own (initdb in a
 * temporary folder, a free loopback port), then drives closed-loop report submissions
 * (BENCH_WORKERS = 32 workers, BENCH_SECONDS = 15 s, random leaf assignments, an API
 * token, an Idempotency-Key per submission) against:
 *   - a bare floor server (bench/load-floor.ts: the same transaction, no framework),
 *   - one Mandate server, and two Mandate servers on the same database,
 * and prints submissions/s, p50/p95/p99 and the ratios to the floor. Then the fault
 * runs, each checked afterwards — every acknowledged (201) report stored exactly once,
 * no report stored twice, the audit log verifies:
 *   - kill -9 of one of two servers mid-run (its clients retry on the other with the
 *     same Idempotency-Key);
 *   - a restart of the PostgreSQL cluster mid-run (clients retry 503s and refused
 *     connections with the same key); the time until the servers answer again.
 * Loopback only; every run bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore } from '../src/db/connect.js';
import { systemContext } from '../src/services/context.js';
import { addUser, createToken } from '../src/services/users.js';
import { auditSigner, sequenceAll } from '../src/services/audit-log.js';
import { verifyAudit } from '../src/services/audit.js';
import { generateCountry, sizeFor } from './generate.js';
import { createDatabase, freePort, startScratchCluster } from '../test/helpers/pg-cluster.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.03);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 32);
const FAULT_AT_MS = Math.min(5000, (SECONDS * 1000) / 3);
/** While iterating: BENCH_FAULTS=off skips the fault runs; BENCH_NODE_ARGS adds node flags to the Mandate servers (e.g. --cpu-prof). */
const FAULTS = process.env.BENCH_FAULTS !== 'off';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Target {
  port: number;
  agent: http.Agent;
}

interface Answer {
  status: number;
  body: string;
}

function post(target: Target, path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path,
        method: 'POST',
        agent: target.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

async function waitHealthy(port: number, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/health' }, (res) => {
          res.resume();
          resolve(res.statusCode === 200 || res.statusCode === 404);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on port ${port} did not start`);
}

function spawnProcess(args: string[], env: Record<string, string>, name: string): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, MANDATE_NOTIFY: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d: Buffer) => {
    const line = d.toString().trim();
    if (line && !/ExperimentalWarning|idle PostgreSQL|busy PostgreSQL|--trace-warnings/.test(line))
      process.stderr.write(`  [${name}] ${line.split('\n')[0]}\n`);
  });
  return child;
}

async function startMandate(url: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawnProcess(
    [...NODE_ARGS, 'bin/mandate.js', 'serve', '--port', String(port), '--database-url', url],
    { MANDATE_DB_CONNECT_TIMEOUT_MS: '2000' },
    `mandate:${port}`,
  );
  await waitHealthy(port);
  return { port, child };
}

async function startFloor(url: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawnProcess(
    ['--import', 'tsx', 'bench/load-floor.ts'],
    { PORT: String(port), DATABASE_URL: url },
    'floor',
  );
  await waitHealthy(port);
  return { port, child };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

interface RunResult {
  name: string;
  seconds: number;
  ok: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Map<string, number>;
  retries: number;
  /** Idempotency key → acknowledged report id. */
  acked: Map<string, number>;
  /** When each acknowledgement arrived (epoch ms). */
  okTimes: number[];
}

/**
 * Closed loop: each worker sends one submission, waits for the answer, sends the next.
 * A 503 or a refused connection is retried (same body, same Idempotency-Key) on the
 * next target after 100 ms, until the run's grace period ends.
 */
async function drive(
  name: string,
  ports: number[],
  leaves: number[],
  token: string,
  tag: string,
  options: { seconds?: number; during?: (elapsedMs: number) => void } = {},
): Promise<RunResult> {
  const targets: Target[] = ports.map((port) => ({
    port,
    agent: new http.Agent({ keepAlive: true, maxSockets: WORKERS }),
  }));
  const durationMs = (options.seconds ?? SECONDS) * 1000;
  const started = Date.now();
  const deadline = started + durationMs;
  const graceUntil = deadline + 30_000;
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  const acked = new Map<string, number>();
  const okTimes: number[] = [];
  let retries = 0;
  const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  const ticker = options.during ? setInterval(() => options.during!(Date.now() - started), 100) : null;
  const worker = async (w: number) => {
    let n = 0;
    let rng = (w + 1) * 2_654_435_761;
    while (Date.now() < deadline) {
      rng = (rng * 1_103_515_245 + 12_345) % 2 ** 31;
      const assignment = leaves[rng % leaves.length]!;
      const key = `${tag}-${w}-${n++}`;
      const body = JSON.stringify({ period: '2024M10', percent: (n * 7) % 100, state: 'in_progress', narrative: key });
      const t0 = process.hrtime.bigint();
      for (let attempt = 0; ; attempt++) {
        const target = targets[(w + attempt) % targets.length]!;
        let answer: Answer | null = null;
        try {
          answer = await post(target, `/api/assignments/${assignment}/reports`, body, {
            authorization: `Bearer ${token}`,
            'idempotency-key': key,
          });
        } catch (error) {
          count(`error:${(error as { code?: string }).code ?? (error as Error).message}`);
        }
        if (answer) count(String(answer.status));
        if (answer?.status === 201) {
          if (Date.now() <= deadline || attempt > 0) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          acked.set(key, (JSON.parse(answer.body) as { id: number }).id);
          okTimes.push(Date.now());
          break;
        }
        if (answer && answer.status !== 503) break; // a real refusal: not retried
        if (Date.now() > graceUntil) break;
        retries++;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  if (ticker) clearInterval(ticker);
  for (const t of targets) t.agent.destroy();
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? NaN;
  return {
    name,
    seconds,
    ok: acked.size,
    perSecond: acked.size / (durationMs / 1000),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    statuses,
    retries,
    acked,
    okTimes,
  };
}

/** CPU time (clock ticks) of every process on the machine, by pid: BENCH_CPU=on prints where a run's CPU went. */
function cpuTicks(): Map<number, { ppid: number; ticks: number }> {
  const out = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

async function measured(servers: ChildProcess[], pgData: string, run: () => Promise<RunResult>): Promise<RunResult> {
  if (process.env.BENCH_CPU !== 'on') return run();
  const before = cpuTicks();
  const self0 = process.cpuUsage();
  const r = await run();
  const self = process.cpuUsage(self0);
  const after = cpuTicks();
  const serverPids = new Set(servers.map((c) => c.pid));
  const postmaster = Number(readFileSync(`${pgData}/postmaster.pid`, 'utf8').split('\n')[0]);
  const groups = new Map<string, number>();
  for (const [pid, now] of after) {
    const d = now.ticks - (before.get(pid)?.ticks ?? 0);
    if (d <= 0 || pid === process.pid) continue;
    const ours = pid === postmaster || now.ppid === postmaster;
    const group = serverPids.has(pid) ? 'server' : ours ? 'postgres (scratch cluster)' : 'other';
    groups.set(group, (groups.get(group) ?? 0) + d * 10);
  }
  groups.set('driver', (self.user + self.system) / 1000);
  const per = [...groups].map(([g, ms]) => `${g} ${(ms / r.ok).toFixed(2)} ms`).join(', ');
  console.log(`  cpu per submission (${r.name}): ${per}`);
  return r;
}

function line(r: RunResult, floor?: RunResult): string {
  const ratio = floor
    ? `   ${(r.perSecond / floor.perSecond).toFixed(2)}× floor throughput, p99 ${(r.p99 / floor.p99).toFixed(2)}× floor`
    : '';
  return `  ${r.name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} submissions/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms${ratio}`;
}

/** Every acknowledged report stored exactly once, none stored twice. */
async function checkStored(
  url: string,
  r: RunResult,
  tag: string,
): Promise<{ lost: number; doubled: number; stored: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query<{ narrative: string; ids: number[] }>(
        `SELECT narrative, array_agg(id ORDER BY id) AS ids FROM progress_reports WHERE narrative LIKE $1 GROUP BY narrative`,
        [`${tag}-%`],
      )
    ).rows;
    const byKey = new Map(rows.map((row) => [row.narrative, row.ids.map(Number)]));
    let lost = 0;
    for (const [key, id] of r.acked) {
      const ids = byKey.get(key);
      if (!ids || ids.length !== 1 || ids[0] !== id) lost++;
    }
    const doubled = rows.filter((row) => row.ids.length > 1).length;
    return { lost, doubled, stored: rows.length };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  console.log(
    `Mandate load benchmark — ${WORKERS} closed-loop workers × ${SECONDS} s per run, scale ${SCALE}, Node ${process.version}, load average ${(
      await import('node:os')
    )
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const cluster = await startScratchCluster();
  const children: ChildProcess[] = [];
  try {
    const url = await createDatabase(cluster, 'mandate_load');
    const store = await openStore({ databaseUrl: url, poolSize: 4 });
    const started = Date.now();
    const g = await generateCountry(store.db, sizeFor(SCALE), '2024-09-30');
    console.log(
      `scratch PostgreSQL on 127.0.0.1:${cluster.port}: ${g.units} org units, ${g.assignments} assignments (${g.leaves} leaves), ${g.reports} reports — seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const ctx = systemContext(store.db);
    await addUser(ctx, { username: 'bench', grants: [{ role: 'admin' }] });
    const token = (await createToken(ctx, { name: 'bench', expiresInDays: 1 }, 'bench')).token;
    const leaves = (
      await store.db
        .selectFrom('assignments')
        .select('id')
        .where('child_count', '=', 0)
        .orderBy('id')
        .limit(20_000)
        .execute()
    ).map((a) => a.id);
    await store.close();

    const floorServer = await startFloor(url);
    children.push(floorServer.child);
    const floor = await measured([floorServer.child], cluster.dir, () =>
      drive('floor (bare node:http + pg)', [floorServer.port], leaves, token, 'floor'),
    );
    await stopProcess(floorServer.child);
    // The floor's audit events go into the Merkle tree now, not during the Mandate runs (whose
    // sequencer would otherwise do the floor's deferred work on the clock of the one-server run).
    const sequencing = await openStore({ databaseUrl: url, poolSize: 2, migrate: false });
    await sequenceAll(sequencing.db, await auditSigner(sequencing.db));
    await sequencing.close();

    const a = await startMandate(url);
    const b = await startMandate(url);
    children.push(a.child, b.child);
    // Warm-up (JIT, connection pools, statement plans), not measured.
    await drive('warm-up', [a.port, b.port], leaves, token, 'warm', { seconds: 3 });
    const one = await measured([a.child], cluster.dir, () =>
      drive('one Mandate server', [a.port], leaves, token, 'one'),
    );
    const two = await measured([a.child, b.child], cluster.dir, () =>
      drive('two Mandate servers', [a.port, b.port], leaves, token, 'two'),
    );
    console.log('\nthroughput (closed loop, loopback, the machine shared with other work):');
    console.log(line(floor));
    console.log(line(one, floor));
    console.log(line(two, floor));
    console.log(`  two servers / one server: ${(two.perSecond / one.perSecond).toFixed(2)}×`);
    if (!FAULTS) return;

    const verifyAll = async (label: string) => {
      const s = await openStore({ databaseUrl: url, poolSize: 2, migrate: false });
      try {
        await sequenceAll(s.db, await auditSigner(s.db));
        const v = await verifyAudit(s.db);
        console.log(
          `  ${label}: audit log ${v.ok ? 'verifies' : `BROKEN (${v.broken?.reason})`}: ${v.events} events, tree of ${v.treeSize} under ${v.signedHeads} signed heads`,
        );
        return v.ok;
      } finally {
        await s.close();
      }
    };

    // Fault 1: kill -9 of one of two servers mid-run.
    console.log('\nfault run 1: kill -9 of one of two servers after the first third of the run (at most 5 s)');
    let killed = false;
    const f1 = await drive('two servers, one killed', [a.port, b.port], leaves, token, 'kill', {
      during: (ms) => {
        if (!killed && ms >= FAULT_AT_MS) {
          killed = true;
          a.child.kill('SIGKILL');
        }
      },
    });
    const c1 = await checkStored(url, f1, 'kill');
    console.log(line(f1));
    console.log(
      `  acknowledged ${f1.ok}, stored ${c1.stored}; lost ${c1.lost}, doubled ${c1.doubled}; retries ${f1.retries}; answers ${JSON.stringify(Object.fromEntries(f1.statuses))}`,
    );
    const ok1 = (await verifyAll('after the kill')) && c1.lost === 0 && c1.doubled === 0;

    // Fault 2: restart of the PostgreSQL cluster mid-run, under two servers.
    const a2 = await startMandate(url);
    children.push(a2.child);
    console.log(
      '\nfault run 2: PostgreSQL restarted (pg_ctl restart -m fast) after the first third of the run (at most 5 s), two servers',
    );
    const restarting: { done: Promise<void> | null } = { done: null };
    let backAt = 0;
    const f2 = await drive('two servers, database restarted', [a2.port, b.port], leaves, token, 'restart', {
      during: (ms) => {
        if (!restarting.done && ms >= FAULT_AT_MS)
          restarting.done = cluster.restart('fast').then(() => {
            backAt = Date.now();
          });
      },
    });
    await restarting.done;
    const c2 = await checkStored(url, f2, 'restart');
    console.log(line(f2));
    console.log(
      `  acknowledged ${f2.ok}, stored ${c2.stored}; lost ${c2.lost}, doubled ${c2.doubled}; retries ${f2.retries}; answers ${JSON.stringify(Object.fromEntries(f2.statuses))}`,
    );
    const firstOk = f2.okTimes.filter((t) => t >= backAt).sort((x, y) => x - y)[0];
    const alive = [a2.child, b.child].every((c) => c.exitCode === null && c.signalCode === null);
    console.log(
      `  servers alive after the restart: ${alive ? 'both' : 'NO'}; first acknowledged submission ${firstOk === undefined ? 'never' : `${((firstOk - backAt) / 1000).toFixed(2)} s`} after the database was back`,
    );
    const probe = await drive('probe', [a2.port, b.port], leaves, token, 'probe', { seconds: 1 });
    const ok2 = (await verifyAll('after the restart')) && c2.lost === 0 && c2.doubled === 0 && probe.ok > 0;
    console.log(
      `\nfault runs: ${ok1 && ok2 ? 'PASS' : 'FAIL'} (no acknowledged report lost or doubled, audit log verifies)`,
    );
    if (!(ok1 && ok2)) process.exitCode = 1;
  } finally {
    for (const c of children) await stopProcess(c);
    await cluster.destroy();
  }
}

await main();
