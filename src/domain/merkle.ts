/**
 * The append-only Merkle tree of the audit log, pure: RFC 9162 (Certificate
 * Transparency 2.0) §2.1 hashing — leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖
 * left ‖ right), the empty tree = SHA-256("") — with its inclusion and consistency
 * proofs and their verification algorithms (§2.1.3.2, §2.1.4.2).
 *
 * Storage keeps every complete, aligned subtree: node (level, index) covers leaves
 * [index·2^level, (index+1)·2^level). Any subtree hash the proofs need is one of those
 * or folds from O(log n) of them (`decompose`), so proofs cost O(log² n) reads at most.
 */
import { createHash, hash } from 'node:crypto';

export type Hash = Buffer;

export const EMPTY_ROOT: Hash = createHash('sha256').digest();

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(data: Buffer | string): Hash {
  return hash('sha256', Buffer.concat([LEAF, typeof data === 'string' ? Buffer.from(data, 'utf8') : data]), 'buffer');
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return hash('sha256', Buffer.concat([NODE, left, right]), 'buffer');
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A complete aligned subtree: 2^level leaves starting at index·2^level. */
export interface NodeId {
  level: number;
  index: number;
}

export function nodeKey(n: NodeId): string {
  return `${n.level}:${n.index}`;
}

/**
 * The complete aligned subtrees whose hashes fold into MTH(D[lo:hi]), for the ranges the
 * RFC's recursion produces (lo a multiple of the largest power of two ≤ hi − lo).
 */
export function decompose(lo: number, hi: number): NodeId[] {
  const n = hi - lo;
  if (n <= 0) throw new Error(`empty range ${lo}…${hi}`);
  if ((n & (n - 1)) === 0 && lo % n === 0) return [{ level: Math.log2(n), index: lo / n }];
  const k = splitPoint(n);
  return [...decompose(lo, lo + k), ...decompose(lo + k, hi)];
}

/** MTH(D[lo:hi]) from stored complete subtrees (right-fold of `decompose`, as the RFC's tree is built). */
export function foldRange(lo: number, hi: number, node: (id: NodeId) => Hash): Hash {
  const n = hi - lo;
  if ((n & (n - 1)) === 0 && lo % n === 0) return node({ level: Math.log2(n), index: lo / n });
  const k = splitPoint(n);
  return nodeHash(foldRange(lo, lo + k, node), foldRange(lo + k, hi, node));
}

/** MTH over leaf hashes held in memory (tests, verification of small trees). */
export function rootOf(leaves: ReadonlyArray<Hash>, lo = 0, hi = leaves.length): Hash {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo]!;
  const k = splitPoint(n);
  return nodeHash(rootOf(leaves, lo, lo + k), rootOf(leaves, lo + k, hi));
}

/** The leaf ranges whose subtree hashes make the inclusion proof of leaf m in a tree of n (PATH(m, D[n])). */
export function inclusionRanges(m: number, n: number, offset = 0): Array<[number, number]> {
  if (m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  if (n === 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...inclusionRanges(m, k, offset), [offset + k, offset + n]]
    : [...inclusionRanges(m - k, n - k, offset + k), [offset, offset + k]];
}

/** The ranges of the consistency proof between sizes m and n (PROOF(m, D[n])). */
export function consistencyRanges(m: number, n: number): Array<[number, number]> {
  if (m < 0 || m > n) throw new RangeError(`no consistency proof from size ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const sub = (m: number, lo: number, hi: number, whole: boolean): Array<[number, number]> => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [[lo, hi]];
    const k = splitPoint(n);
    return m <= k ? [...sub(m, lo, lo + k, whole), [lo + k, hi]] : [...sub(m - k, lo + k, hi, false), [lo, lo + k]];
  };
  return sub(m, 0, n, true);
}

/** Every stored node the given ranges need. */
export function nodesFor(ranges: ReadonlyArray<[number, number]>): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const [lo, hi] of ranges) for (const id of decompose(lo, hi)) seen.set(nodeKey(id), id);
  return [...seen.values()];
}

const isOdd = (x: bigint) => (x & 1n) === 1n;

/** RFC 9162 §2.1.3.2: does `proof` show that `leaf` is leaf `index` of the tree of `size` with `root`? */
export function verifyInclusion(
  leaf: Hash,
  index: number,
  size: number,
  proof: ReadonlyArray<Hash>,
  root: Hash,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn))
        while (!isOdd(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree (size1, root1) is a prefix of (size2, root2)? */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: ReadonlyArray<Hash>,
  root1: Hash,
  root2: Hash,
): boolean {
  if (size1 < 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while (isOdd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn))
        while (!isOdd(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0n;
}

/**
 * The right edge of a tree: the complete aligned subtrees of [0, size), largest first
 * (one per set bit of size). Appending leaves to it yields every new complete node,
 * which the sequencer stores, and the new root.
 */
export interface Frontier {
  size: number;
  nodes: Array<NodeId & { hash: Hash }>;
}

export function frontierIds(size: number): NodeId[] {
  const ids: NodeId[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (size - start >= width) {
      ids.push({ level, index: start / width });
      start += width;
    }
  }
  return ids;
}

/** Appends leaves; returns the new frontier and every complete node created on the way (leaves included). */
export function appendLeaves(
  frontier: Frontier,
  leaves: ReadonlyArray<Hash>,
): { frontier: Frontier; created: Array<NodeId & { hash: Hash }> } {
  const stack = frontier.nodes.map((n) => ({ ...n }));
  const created: Array<NodeId & { hash: Hash }> = [];
  let size = frontier.size;
  for (const leaf of leaves) {
    let top: NodeId & { hash: Hash } = { level: 0, index: size, hash: leaf };
    created.push(top);
    while (stack.length > 0 && stack[stack.length - 1]!.level === top.level) {
      const left = stack.pop()!;
      top = { level: top.level + 1, index: left.index / 2, hash: nodeHash(left.hash, top.hash) };
      created.push(top);
    }
    stack.push(top);
    size++;
  }
  return { frontier: { size, nodes: stack }, created };
}

/** The root of a tree from its frontier (the RFC's tree folds the right edge from the right). */
export function frontierRoot(frontier: Frontier): Hash {
  const nodes = frontier.nodes;
  if (nodes.length === 0) return EMPTY_ROOT;
  let root = nodes[nodes.length - 1]!.hash;
  for (let i = nodes.length - 2; i >= 0; i--) root = nodeHash(nodes[i]!.hash, root);
  return root;
}

/** The bytes a tree head's signature covers. */
export function treeHeadMessage(head: { size: number; root: string; timestamp: string }): Buffer {
  return Buffer.from(`mandate-audit-tree-head/v1\n${head.size}\n${head.root}\n${head.timestamp}\n`, 'utf8');
}
