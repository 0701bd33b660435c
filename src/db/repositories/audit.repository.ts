import { sql } from 'kysely';
import type { Db } from '../database.js';

export interface AuditRow {
  seq: number;
  at: Date;
  actor: string;
  actor_user_id: number | null;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
  /** Only for the chain written before migration 0007. */
  prev_hash: string | null;
  hash: string;
  leaf_index?: number | null;
}

export interface TreeNodeRow {
  level: number;
  idx: number;
  hash: Buffer;
}

export interface TreeHeadRow {
  tree_size: number;
  root_hash: Buffer;
  signed_at: Date;
  key_id: string;
  signature: Buffer;
}

/** Any constant: the transaction-scoped advisory lock that makes one sequencer at a time (never taken by writes). */
const SEQUENCER_LOCK = 4_242_018;

const buf = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const toHead = (r: {
  tree_size: number;
  root_hash: Uint8Array;
  signed_at: Date;
  key_id: string;
  signature: Uint8Array;
}): TreeHeadRow => ({ ...r, tree_size: Number(r.tree_size), root_hash: buf(r.root_hash), signature: buf(r.signature) });

/** An audit event's columns as inserted. */
export function auditValues(row: AuditRow) {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    actor_user_id: row.actor_user_id,
    action: row.action,
    object_type: row.object_type,
    object_id: row.object_id,
    before: row.before === null ? null : JSON.stringify(row.before),
    after: row.after === null ? null : JSON.stringify(row.after),
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

export const auditRepository = {
  async nextSeq(db: Db): Promise<number> {
    const { rows } = await sql<{ seq: string }>`SELECT nextval('audit_events_seq_seq') AS seq`.execute(db);
    return Number(rows[0]!.seq);
  },

  async insert(db: Db, row: AuditRow): Promise<void> {
    await db.insertInto('audit_events').values(auditValues(row)).execute();
  },

  /** The chain written before migration 0007, in order, after a given seq. */
  chainPage(db: Db, afterSeq: number, limit: number): Promise<AuditRow[]> {
    return db
      .selectFrom('audit_events')
      .selectAll()
      .where('prev_hash', 'is not', null)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  },

  /** Events after migration 0007 (content hash only), by seq. */
  lockFreePage(db: Db, afterSeq: number, limit: number): Promise<AuditRow[]> {
    return db
      .selectFrom('audit_events')
      .selectAll()
      .where('prev_hash', 'is', null)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  },

  /** Sequenced events in tree order, from a leaf index on. */
  leavesPage(db: Db, fromLeaf: number, limit: number): Promise<AuditRow[]> {
    return db
      .selectFrom('audit_events')
      .selectAll()
      .where('leaf_index', '>=', fromLeaf)
      .orderBy('leaf_index')
      .limit(limit)
      .execute();
  },

  bySeq(db: Db, seq: number): Promise<AuditRow | undefined> {
    return db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirst();
  },

  async countUnsequenced(db: Db): Promise<number> {
    const r = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('leaf_index', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** Whether this transaction is the sequencer: a non-blocking, transaction-scoped advisory lock. */
  async trySequencerLock(db: Db): Promise<boolean> {
    const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) AS ok`.execute(db);
    return rows[0]!.ok;
  },

  /** Committed events not yet in the tree, oldest seq first. */
  unsequenced(db: Db, limit: number): Promise<AuditRow[]> {
    return db
      .selectFrom('audit_events')
      .selectAll()
      .where('leaf_index', 'is', null)
      .orderBy('seq')
      .limit(limit)
      .execute();
  },

  async assignLeaves(db: Db, seqs: number[], leaves: number[]): Promise<void> {
    if (seqs.length === 0) return;
    await sql`UPDATE audit_events e SET leaf_index = v.leaf
      FROM unnest(${seqs}::bigint[], ${leaves}::bigint[]) AS v(seq, leaf) WHERE e.seq = v.seq`.execute(db);
  },

  /** The new nodes of a sequencer round, as three arrays (one statement of three parameters, whatever the count). */
  async insertNodes(db: Db, nodes: Array<{ level: number; idx: number; hash: Buffer }>): Promise<void> {
    if (nodes.length === 0) return;
    await sql`INSERT INTO audit_tree_nodes (level, idx, hash)
      SELECT v.level, v.idx, decode(v.hash, 'hex')
      FROM unnest(${nodes.map((n) => n.level)}::smallint[], ${nodes.map((n) => n.idx)}::bigint[],
        ${nodes.map((n) => n.hash.toString('hex'))}::text[]) AS v(level, idx, hash)`.execute(db);
  },

  async nodes(db: Db, ids: Array<{ level: number; index: number }>): Promise<TreeNodeRow[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('audit_tree_nodes')
      .selectAll()
      .where((eb) => eb.or(ids.map((id) => eb.and([eb('level', '=', id.level), eb('idx', '=', id.index)]))))
      .execute();
    return rows.map((r) => ({ level: Number(r.level), idx: Number(r.idx), hash: buf(r.hash) }));
  },

  /** Stored nodes in (level, idx) order, for the verifier. */
  async nodesPage(db: Db, after: { level: number; idx: number }, limit: number): Promise<TreeNodeRow[]> {
    const rows = await db
      .selectFrom('audit_tree_nodes')
      .selectAll()
      .where((eb) =>
        eb.or([eb('level', '>', after.level), eb.and([eb('level', '=', after.level), eb('idx', '>', after.idx)])]),
      )
      .orderBy('level')
      .orderBy('idx')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ level: Number(r.level), idx: Number(r.idx), hash: buf(r.hash) }));
  },

  async insertHead(db: Db, head: TreeHeadRow): Promise<void> {
    await db.insertInto('audit_tree_heads').values(head).execute();
  },

  async latestHead(db: Db): Promise<TreeHeadRow | undefined> {
    const r = await db
      .selectFrom('audit_tree_heads')
      .selectAll()
      .orderBy('tree_size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? toHead(r) : undefined;
  },

  async headAt(db: Db, size: number): Promise<TreeHeadRow | undefined> {
    const r = await db.selectFrom('audit_tree_heads').selectAll().where('tree_size', '=', size).executeTakeFirst();
    return r ? toHead(r) : undefined;
  },

  async headsPage(db: Db, afterSize: number, limit: number): Promise<TreeHeadRow[]> {
    const rows = await db
      .selectFrom('audit_tree_heads')
      .selectAll()
      .where('tree_size', '>', afterSize)
      .orderBy('tree_size')
      .limit(limit)
      .execute();
    return rows.map(toHead);
  },

  forObject(db: Db, type: string, id: string, page: { limit: number; offset: number }): Promise<AuditRow[]> {
    return db
      .selectFrom('audit_events')
      .selectAll()
      .where('object_type', '=', type)
      .where('object_id', '=', id)
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  },
};
