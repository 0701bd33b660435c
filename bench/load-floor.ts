/**
 * The floor for `npm run bench:load`: a bare node:http + pg server doing the same
 * transaction as a submission — lock the assignment, insert the report, update its
 * current status, append an audit row with its content hash (the same canonical
 * event and hash as Mandate's, so the log verifies afterwards) — with no framework,
 * no authentication, no validation. Run as its own process: PORT, DATABASE_URL.
 */
import http from 'node:http';
import pg from 'pg';
import { contentHash, toJsonValue, type AuditEventData } from '../src/domain/audit.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => undefined);
pool.on('connect', (c) => c.on('error', () => undefined));

async function submit(id: number, body: { period: string; percent: number; state: string; narrative: string }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const a = await client.query('SELECT id FROM assignments WHERE id = $1 FOR UPDATE', [id]);
    if (a.rowCount === 0) throw Object.assign(new Error('no assignment'), { status: 404 });
    const now = new Date();
    const r = await client.query<{ id: number }>(
      `INSERT INTO progress_reports (assignment_id, period, percent, state, narrative, evidence, reporter, reported_at)
       VALUES ($1, $2, $3, $4, $5, '[]', 'floor', $6) RETURNING id`,
      [id, body.period, body.percent, body.state, body.narrative, now],
    );
    await client.query(
      'UPDATE assignments SET current_percent = $2, current_state = $3, last_reported_at = $4, updated_at = now() WHERE id = $1',
      [id, body.percent, body.state, now],
    );
    const report = { id: r.rows[0]!.id, assignment: id, ...body, reportedAt: now.toISOString() };
    const seq = Number(
      (await client.query<{ seq: string }>("SELECT nextval('audit_events_seq_seq') AS seq")).rows[0]!.seq,
    );
    const event: AuditEventData = {
      seq,
      at: now.toISOString(),
      actor: 'floor',
      actorUserId: null,
      action: 'submit',
      objectType: 'report',
      objectId: String(report.id),
      before: null,
      after: toJsonValue(report),
    };
    await client.query(
      `INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, after, hash)
       VALUES ($1, $2, 'floor', 'submit', 'report', $3, $4, $5)`,
      [seq, now, String(report.id), JSON.stringify(report), contentHash(event)],
    );
    await client.query('COMMIT');
    return report;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  const match = /^\/api\/assignments\/(\d+)\/reports$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !match) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    submit(Number(match[1]), JSON.parse(Buffer.concat(chunks).toString('utf8')) as Parameters<typeof submit>[1])
      .then((report) => {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      })
      .catch((error: Error & { status?: number }) => {
        res
          .writeHead(error.status ?? 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: error.message }));
      });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('floor ready'));
process.on('SIGTERM', () => {
  server.close(() => {
    void pool.end().then(() => process.exit(0));
  });
});
