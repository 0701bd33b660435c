/**
 * The audit log's Merkle tree (as Certificate Transparency logs keep theirs, RFC 9162):
 * one sequencer at a time — whoever holds a transaction-scoped advisory lock; every
 * server process tries every few hundred milliseconds — places committed audit events
 * into the append-only tree in batches, stores the new complete subtrees and an
 * Ed25519-signed tree head. Inclusion proofs (this event is in the tree) and
 * consistency proofs (the tree of size m is a prefix of the tree of size n) are served
 * from the stored subtrees. Writers never wait for any of this.
 *
 * The signing key comes from MANDATE_AUDIT_SIGNING_KEY (PKCS#8, PEM or base64 DER), or
 * is generated at first start and kept with the data (security_settings).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { auditRepository, type AuditRow, type TreeHeadRow } from '../db/repositories/audit.repository.js';
import { settingsRepository } from '../db/repositories/users.repository.js';
import type { Db } from '../db/database.js';
import { leafData, type AuditEventData } from '../domain/audit.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  appendLeaves,
  consistencyRanges,
  foldRange,
  frontierIds,
  frontierRoot,
  inclusionRanges,
  leafHash,
  nodeKey,
  nodesFor,
  treeHeadMessage,
  type Hash,
  type NodeId,
} from '../domain/merkle.js';

export interface AuditSigner {
  keyId: string;
  publicKey: KeyObject;
  /** The public key as base64 SPKI DER, to publish. */
  publicKeyBase64: string;
  sign(message: Buffer): Buffer;
}

function signerOf(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    keyId: createHash('sha256').update(spki).digest('hex').slice(0, 16),
    publicKey,
    publicKeyBase64: spki.toString('base64'),
    sign: (message) => sign(null, message, privateKey),
  };
}

function parseKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    return trimmed.startsWith('-----')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new Error(`MANDATE_AUDIT_SIGNING_KEY: not an Ed25519 PKCS#8 private key (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** The log's signing key: from the environment, else the one kept with the data (generated at first start). */
export async function auditSigner(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<AuditSigner> {
  if (env.MANDATE_AUDIT_SIGNING_KEY) {
    const key = parseKey(env.MANDATE_AUDIT_SIGNING_KEY);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('MANDATE_AUDIT_SIGNING_KEY: not an Ed25519 key');
    return signerOf(key);
  }
  const generated = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'der' })
    .toString('base64');
  const kept = await settingsRepository.getOrInit(db, 'audit_signing_key', generated);
  return signerOf(parseKey(kept));
}

export function eventData(row: AuditRow): AuditEventData {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    actorUserId: row.actor_user_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

export function eventLeafHash(row: AuditRow): Hash {
  return leafHash(leafData(eventData(row)));
}

/** A signed tree head as published: hashes in hex, signature and key in base64. */
export interface SignedTreeHead {
  size: number;
  root: string;
  timestamp: string;
  keyId: string;
  signature: string;
  algorithm: 'Ed25519';
}

export function presentHead(row: TreeHeadRow): SignedTreeHead {
  return {
    size: row.tree_size,
    root: row.root_hash.toString('hex'),
    timestamp: row.signed_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature.toString('base64'),
    algorithm: 'Ed25519',
  };
}

/** Whether a head's signature is valid under the public key (anyone holding the key can check it). */
export function headSignatureValid(head: SignedTreeHead, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      treeHeadMessage({ size: head.size, root: head.root, timestamp: head.timestamp }),
      publicKey,
      Buffer.from(head.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

export interface SequenceResult {
  /** Events placed into the tree by this call (0: nothing new, or another process is the sequencer). */
  sequenced: number;
  size: number;
  leader: boolean;
}

/** One sequencer round: the committed events not yet in the tree, in one transaction, one signed head. */
export async function sequenceAuditBatch(
  db: Db,
  signer: AuditSigner,
  now: () => Date = () => new Date(),
  limit = 5000,
): Promise<SequenceResult> {
  return db.transaction().execute(async (trx) => {
    if (!(await auditRepository.trySequencerLock(trx))) return { sequenced: 0, size: -1, leader: false };
    const latest = await auditRepository.latestHead(trx);
    const size = latest?.tree_size ?? 0;
    const events = await auditRepository.unsequenced(trx, limit);
    if (events.length === 0) return { sequenced: 0, size, leader: true };
    const ids = frontierIds(size);
    const stored = new Map(
      (await auditRepository.nodes(trx, ids)).map((n) => [nodeKey({ level: n.level, index: n.idx }), n.hash]),
    );
    const frontierNodes = ids.map((id) => {
      const hash = stored.get(nodeKey(id));
      if (!hash)
        throw new Error(`audit tree: node ${nodeKey(id)} of the tree of ${size} is missing (run mandate verify-audit)`);
      return { ...id, hash };
    });
    const { frontier, created } = appendLeaves({ size, nodes: frontierNodes }, events.map(eventLeafHash));
    await auditRepository.assignLeaves(
      trx,
      events.map((e) => Number(e.seq)),
      events.map((_, i) => size + i),
    );
    await auditRepository.insertNodes(
      trx,
      created.map((c) => ({ level: c.level, idx: c.index, hash: c.hash })),
    );
    const timestamp = now();
    // Heads are signed over the ISO timestamp with millisecond precision, as stored.
    const root = frontierRoot(frontier);
    const message = treeHeadMessage({
      size: frontier.size,
      root: root.toString('hex'),
      timestamp: timestamp.toISOString(),
    });
    await auditRepository.insertHead(trx, {
      tree_size: frontier.size,
      root_hash: root,
      signed_at: timestamp,
      key_id: signer.keyId,
      signature: signer.sign(message),
    });
    return { sequenced: events.length, size: frontier.size, leader: true };
  });
}

/** Sequences until nothing is left (tests, CLI, the end of a bench run). */
export async function sequenceAll(db: Db, signer: AuditSigner, now?: () => Date): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await sequenceAuditBatch(db, signer, now);
    total += r.sequenced;
    if (r.leader && r.sequenced === 0) return total;
    if (!r.leader) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function latestHead(db: Db): Promise<SignedTreeHead | null> {
  const head = await auditRepository.latestHead(db);
  return head ? presentHead(head) : null;
}

async function headOrLatest(db: Db, size: number | undefined, field: string): Promise<TreeHeadRow> {
  const head = size === undefined ? await auditRepository.latestHead(db) : await auditRepository.headAt(db, size);
  if (!head)
    throw size === undefined
      ? new NotFoundError('the audit log has no signed tree head yet')
      : new NotFoundError(`${field}: no signed tree head of size ${size}`);
  return head;
}

async function proofHashes(db: Db, ranges: Array<[number, number]>): Promise<string[]> {
  const ids = nodesFor(ranges);
  const found = new Map(
    (await auditRepository.nodes(db, ids)).map((n) => [nodeKey({ level: n.level, index: n.idx }), n.hash]),
  );
  const node = (id: NodeId) => {
    const h = found.get(nodeKey(id));
    if (!h) throw new Error(`audit tree: node ${nodeKey(id)} is missing (run mandate verify-audit)`);
    return h;
  };
  return ranges.map(([lo, hi]) => foldRange(lo, hi, node).toString('hex'));
}

export interface InclusionProof {
  seq: number;
  leafIndex: number;
  /** SHA-256(0x00 ‖ canonical event), hex. */
  leafHash: string;
  treeSize: number;
  path: string[];
  head: SignedTreeHead;
}

/** Proof that event `seq` is in the tree of a signed head (default: the latest). */
export async function inclusionProof(db: Db, seq: number, size?: number): Promise<InclusionProof> {
  const event = await auditRepository.bySeq(db, seq);
  if (!event) throw new NotFoundError(`no audit event ${seq}`);
  if (event.leaf_index === null || event.leaf_index === undefined)
    throw new NotFoundError(
      `audit event ${seq} is not in the tree yet: the sequencer places events within about a second`,
    );
  const head = await headOrLatest(db, size, 'query.size');
  const leafIndex = Number(event.leaf_index);
  if (leafIndex >= head.tree_size)
    throw new ValidationError([
      { path: 'query.size', message: `event ${seq} is leaf ${leafIndex}, not in the tree of size ${head.tree_size}` },
    ]);
  return {
    seq,
    leafIndex,
    leafHash: eventLeafHash(event).toString('hex'),
    treeSize: head.tree_size,
    path: await proofHashes(db, inclusionRanges(leafIndex, head.tree_size)),
    head: presentHead(head),
  };
}

export interface ConsistencyProof {
  from: SignedTreeHead;
  to: SignedTreeHead;
  path: string[];
}

/** Proof that the tree of signed head `from` is a prefix of the tree of signed head `to` (default: the latest). */
export async function consistencyProof(db: Db, from: number, to?: number): Promise<ConsistencyProof> {
  const second = await headOrLatest(db, to, 'query.to');
  if (from > second.tree_size)
    throw new ValidationError([
      { path: 'query.from', message: `must not exceed the later tree's size ${second.tree_size}` },
    ]);
  const first = await headOrLatest(db, from, 'query.from');
  return {
    from: presentHead(first),
    to: presentHead(second),
    path: await proofHashes(db, consistencyRanges(first.tree_size, second.tree_size)),
  };
}
