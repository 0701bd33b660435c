/**
 * The audit trail: every change appends its event, in the same transaction as the
 * change, with its content hash (src/domain/audit.ts) — no lock, no chain head to
 * wait for, so writes run side by side. The sequencer (src/services/audit-log.ts)
 * later places committed events into the Merkle tree and signs tree heads.
 * `verifyAudit` checks everything: the hash chain written before migration 0007, each
 * event's content hash, the tree rebuilt from the events, the stored subtrees, every
 * signed head and proofs served from them.
 */
import { auditRepository, type AuditRow } from '../db/repositories/audit.repository.js';
import { GENESIS_HASH, contentHash, eventHash, toJsonValue, type AuditEventData } from '../domain/audit.js';
import {
  EMPTY_ROOT,
  appendLeaves,
  frontierRoot,
  nodeHash as nodeHashOf,
  nodeKey,
  verifyConsistency,
  verifyInclusion,
  type Frontier,
} from '../domain/merkle.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { Db } from '../db/database.js';
import {
  auditSigner,
  consistencyProof,
  eventData,
  eventLeafHash,
  headSignatureValid,
  inclusionProof,
  presentHead,
} from './audit-log.js';

export { eventData } from './audit-log.js';

export type AuditObjectType =
  | 'org_unit'
  | 'programme'
  | 'node'
  | 'assignment'
  | 'report'
  | 'user'
  | 'token'
  | 'indicator'
  | 'target'
  | 'composite_index'
  | 'data_value'
  | 'data_set'
  | 'data_set_submission'
  | 'meeting_report'
  | 'notification_rule'
  | 'contact'
  | 'webhook'
  | 'setting'
  | 'inspection'
  | 'inspection_finding'
  | 'inspection_recommendation';

export interface Change {
  action: string;
  type: AuditObjectType;
  id: string | number;
  before?: unknown;
  after?: unknown;
  /** The event's seq when the caller already took one from the sequence (in a statement it runs anyway). */
  seq?: number;
}

/**
 * Appends one event; call it inside the transaction that makes the change. Takes no lock.
 * In a transaction that collects its events (ctx.pendingAudit: an idempotent write), the
 * event is stored with the others at the transaction's end, in one statement.
 */
export async function recordChange(ctx: ServiceContext, change: Change): Promise<void> {
  await inTransaction(ctx, async (tctx) => {
    const row = auditRow(tctx, change, change.seq ?? (await auditRepository.nextSeq(tctx.db)));
    if (tctx.pendingAudit) tctx.pendingAudit.push(row);
    else await auditRepository.insert(tctx.db, row);
  });
}

/** A change's audit event as stored, with its content hash: by the actor, now, with the seq given. */
export function auditRow(ctx: Pick<ServiceContext, 'actor' | 'now'>, change: Change, seq: number): AuditRow {
  const at = ctx.now();
  const data: AuditEventData = {
    seq,
    at: at.toISOString(),
    actor: ctx.actor.name,
    actorUserId: ctx.actor.userId ?? null,
    action: change.action,
    objectType: change.type,
    objectId: String(change.id),
    before: toJsonValue(change.before ?? null),
    after: toJsonValue(change.after ?? null),
  };
  return {
    seq: data.seq,
    at,
    actor: data.actor,
    actor_user_id: data.actorUserId,
    action: data.action,
    object_type: data.objectType,
    object_id: data.objectId,
    before: data.before,
    after: data.after,
    prev_hash: null,
    hash: contentHash(data),
  };
}

export interface AuditVerdict {
  ok: boolean;
  events: number;
  /** The latest signed tree root (hex); before any head, the old chain's head. */
  head: string;
  /** Leaves in the Merkle tree, and events still waiting for the sequencer. */
  treeSize: number;
  pending: number;
  signedHeads: number;
  /** The first event that does not fit, and why. */
  broken?: { seq: number; reason: string };
}

export interface VerifyOptions {
  /**
   * A head recorded elsewhere (the published open-data head, the minutes of a meeting):
   * "size:roothex" for the Merkle tree, or a 64-hex hash of the pre-0007 chain. Catches
   * a history cut off or rewritten together with its heads.
   */
  expectHead?: string | undefined;
  batch?: number;
  /** Inclusion proofs checked against the latest head (spread over the tree; default 64). */
  sampleProofs?: number;
}

/**
 * Checks the whole audit trail and names the first event that fails:
 * 1. the chain before migration 0007: seq 1, 2, 3 … without gaps, each prev_hash the
 *    previous hash, each hash recomputed from the content;
 * 2. every later event: its content hash recomputed;
 * 3. the tree: leaves 0, 1, 2 … without gaps, rebuilt from the events' content; every
 *    stored subtree equal to the rebuilt one; every signed head's root equal to the
 *    rebuilt root at its size and its signature valid; consistency proofs between
 *    consecutive heads and inclusion proofs, as served, verifying;
 * 4. the expected head, if given.
 */
export async function verifyAudit(db: Db, options: VerifyOptions = {}): Promise<AuditVerdict> {
  const batch = options.batch ?? 1000;
  let count = 0;
  let chainHead = GENESIS_HASH;
  let treeRoot = EMPTY_ROOT;
  let treeSize = 0;
  let signedHeads = 0;
  const verdict = (broken?: { seq: number; reason: string }): AuditVerdict => ({
    ok: broken === undefined,
    events: count,
    head: signedHeads > 0 ? treeRoot.toString('hex') : chainHead,
    treeSize,
    pending: 0,
    signedHeads,
    ...(broken ? { broken } : {}),
  });

  // 1. The chain written before migration 0007.
  let expectedSeq = 1;
  let chainHeadFound = false;
  for (;;) {
    const rows = await auditRepository.chainPage(db, expectedSeq - 1, batch);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq)
        return verdict({
          seq,
          reason: `expected event ${expectedSeq} here: events ${expectedSeq}…${seq - 1} are missing`,
        });
      if (row.prev_hash !== chainHead)
        return verdict({
          seq,
          reason: `prev_hash does not match the hash of event ${seq - 1}: an event before it was removed, reordered or rewritten`,
        });
      if (eventHash(chainHead, eventData(row)) !== row.hash)
        return verdict({ seq, reason: 'the content does not match its hash: the event was altered' });
      chainHead = row.hash;
      if (row.hash === options.expectHead) chainHeadFound = true;
      expectedSeq++;
      count++;
    }
  }

  // 2. Events appended without the chain: their content hashes.
  let afterSeq = 0;
  for (;;) {
    const rows = await auditRepository.lockFreePage(db, afterSeq, batch);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (contentHash(eventData(row)) !== row.hash)
        return verdict({ seq: Number(row.seq), reason: 'the content does not match its hash: the event was altered' });
      afterSeq = Number(row.seq);
      count++;
    }
  }

  // 3. The tree rebuilt from the events, against the stored subtrees and the signed heads.
  const signer = await auditSigner(db);
  const rebuilt = new Map<string, Buffer>();
  const rootsAt = new Map<number, Buffer>();
  let frontier: Frontier = { size: 0, nodes: [] };
  let lastSeq = 0;
  for (;;) {
    const rows = await auditRepository.leavesPage(db, frontier.size, batch);
    if (rows.length === 0) break;
    const leaves: Buffer[] = [];
    for (const [i, row] of rows.entries()) {
      const index = frontier.size + i;
      if (Number(row.leaf_index) !== index)
        return verdict({
          seq: Number(row.seq),
          reason: `leaf ${index} is missing before it (it claims leaf ${row.leaf_index}): an event was deleted or the tree order rewritten`,
        });
      leaves.push(eventLeafHash(row));
      lastSeq = Number(row.seq);
    }
    const r = appendLeaves(frontier, leaves);
    for (const c of r.created) rebuilt.set(nodeKey(c), c.hash);
    frontier = r.frontier;
  }
  treeSize = frontier.size;
  treeRoot = frontierRoot(frontier);

  // Stored subtrees: each must equal the rebuilt one; none may be missing.
  let stored = 0;
  let after = { level: -1, idx: -1 };
  for (;;) {
    const nodes = await auditRepository.nodesPage(db, after, batch * 4);
    if (nodes.length === 0) break;
    for (const n of nodes) {
      const want = rebuilt.get(nodeKey({ level: n.level, index: n.idx }));
      if (!want || !want.equals(n.hash))
        return verdict({
          seq: lastSeq,
          reason: `stored tree node ${n.level}:${n.idx} ${want ? 'differs from the tree rebuilt from the events' : 'covers leaves that do not exist'}: the tree or the events were rewritten`,
        });
      stored++;
    }
    after = { level: nodes[nodes.length - 1]!.level, idx: nodes[nodes.length - 1]!.idx };
  }
  if (stored !== rebuilt.size)
    return verdict({ seq: lastSeq, reason: `${rebuilt.size - stored} tree nodes are missing from storage` });

  // Signed heads: roots and signatures, and the consistency proofs between consecutive heads.
  const rootAt = (size: number): Buffer => {
    const known = rootsAt.get(size);
    if (known) return known;
    // Fold the rebuilt complete subtrees over [0, size).
    let root: Buffer | null = null;
    const parts: Buffer[] = [];
    let start = 0;
    for (let level = 52; level >= 0; level--) {
      const width = 2 ** level;
      if (size - start >= width) {
        parts.push(rebuilt.get(nodeKey({ level, index: start / width }))!);
        start += width;
      }
    }
    for (let i = parts.length - 1; i >= 0; i--) root = root ? nodeHashOf(parts[i]!, root) : parts[i]!;
    const value = root ?? EMPTY_ROOT;
    rootsAt.set(size, value);
    return value;
  };
  let previous: ReturnType<typeof presentHead> | null = null;
  let afterSize = 0;
  for (;;) {
    const heads = await auditRepository.headsPage(db, afterSize, batch);
    if (heads.length === 0) break;
    for (const row of heads) {
      const head = presentHead(row);
      if (head.size > treeSize)
        return verdict({
          seq: lastSeq,
          reason: `a signed head covers ${head.size} events but the tree has ${treeSize}: events were cut off the end`,
        });
      if (!rootAt(head.size).equals(row.root_hash))
        return verdict({
          seq: lastSeq,
          reason: `the signed head of size ${head.size} does not match the tree rebuilt from the events: events were altered, deleted, inserted or reordered`,
        });
      if (head.keyId !== signer.keyId || !headSignatureValid(head, signer.publicKey))
        return verdict({
          seq: lastSeq,
          reason: `the signature of the head of size ${head.size} is not valid under the log's key`,
        });
      if (previous) {
        const proof = await consistencyProof(db, previous.size, head.size);
        if (
          !verifyConsistency(
            previous.size,
            head.size,
            proof.path.map((h) => Buffer.from(h, 'hex')),
            Buffer.from(previous.root, 'hex'),
            Buffer.from(head.root, 'hex'),
          )
        )
          return verdict({
            seq: lastSeq,
            reason: `no valid consistency proof from head ${previous.size} to ${head.size}`,
          });
      }
      previous = head;
      signedHeads++;
      afterSize = head.size;
    }
  }
  if (previous && previous.size < treeSize) {
    // Leaves past the last signed head: a crash between placing and signing cannot happen (one transaction).
    return verdict({
      seq: lastSeq,
      reason: `${treeSize - previous.size} leaves are not covered by any signed head: leaves were inserted`,
    });
  }
  if (!previous && treeSize > 0) return verdict({ seq: lastSeq, reason: 'the tree has leaves but no signed head' });

  // Inclusion proofs, as served, for a spread of leaves.
  if (previous) {
    const samples = Math.min(treeSize, options.sampleProofs ?? 64);
    const root = Buffer.from(previous.root, 'hex');
    for (let k = 0; k < samples; k++) {
      const index = samples === 1 ? 0 : Math.round((k * (treeSize - 1)) / (samples - 1));
      const [row] = await auditRepository.leavesPage(db, index, 1);
      const proof = await inclusionProof(db, Number(row!.seq), previous.size);
      if (
        !verifyInclusion(
          eventLeafHash(row!),
          index,
          previous.size,
          proof.path.map((h) => Buffer.from(h, 'hex')),
          root,
        )
      )
        return verdict({ seq: Number(row!.seq), reason: `the inclusion proof of leaf ${index} does not verify` });
    }
  }

  // 4. A head recorded elsewhere.
  if (options.expectHead !== undefined) {
    const tree = /^(\d+):([0-9a-f]{64})$/i.exec(options.expectHead.trim());
    if (tree) {
      const size = Number(tree[1]);
      if (size > treeSize)
        return verdict({
          seq: lastSeq,
          reason: `the expected head covers ${size} events but the tree has only ${treeSize}: events were cut off the end`,
        });
      if (!rootAt(size).equals(Buffer.from(tree[2]!, 'hex')))
        return verdict({
          seq: lastSeq,
          reason: `the tree of size ${size} does not match the expected head: the history was rewritten`,
        });
    } else if (!chainHeadFound)
      return verdict({
        seq: expectedSeq,
        reason: `the expected head ${options.expectHead} is not in the chain: events were cut off the end`,
      });
  }
  const result = verdict();
  result.pending = await auditRepository.countUnsequenced(db);
  return result;
}

export interface HistoryEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  hash: string;
  /** Before and after withheld: the event concerns data outside the reader's scope. */
  redacted?: boolean;
}

export async function objectHistory(
  db: Db,
  type: AuditObjectType,
  id: string,
  page: { limit: number; offset: number },
): Promise<HistoryEvent[]> {
  const rows = await auditRepository.forObject(db, type, id, page);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    before: r.before ?? null,
    after: r.after ?? null,
    hash: r.hash,
  }));
}
