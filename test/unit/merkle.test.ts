/** The audit log's Merkle maths (src/domain/merkle.ts), property-tested against a plain recursive tree. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  appendLeaves,
  consistencyRanges,
  foldRange,
  frontierIds,
  frontierRoot,
  inclusionRanges,
  leafHash,
  nodeHash,
  nodeKey,
  nodesFor,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type NodeId,
} from '../../src/domain/merkle.js';

const leaves = (n: number, salt = ''): Hash[] => Array.from({ length: n }, (_, i) => leafHash(`${salt}event ${i}`));

/** A tree built by appending in the given batch sizes; returns the stored nodes and the root. */
function build(all: Hash[], batches: number[]) {
  const nodes = new Map<string, Hash>();
  let frontier = { size: 0, nodes: [] as Array<NodeId & { hash: Hash }> };
  let at = 0;
  for (const b of [...batches, all.length]) {
    const chunk = all.slice(at, Math.min(all.length, at + b));
    at += chunk.length;
    const r = appendLeaves(frontier, chunk);
    for (const c of r.created) nodes.set(nodeKey(c), c.hash);
    frontier = r.frontier;
    if (at >= all.length) break;
  }
  const node = (id: NodeId) => {
    const h = nodes.get(nodeKey(id));
    if (!h) throw new Error(`missing node ${nodeKey(id)}`);
    return h;
  };
  return { nodes, frontier, node };
}

const proofOf = (ranges: Array<[number, number]>, node: (id: NodeId) => Hash) =>
  ranges.map(([lo, hi]) => foldRange(lo, hi, node));

describe('RFC 9162 hashing', () => {
  it('uses 0x00 for leaves, 0x01 for nodes, SHA-256("") for the empty tree', () => {
    const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    expect(leafHash('a')).toEqual(sha(Buffer.from([0]), Buffer.from('a')));
    expect(nodeHash(leafHash('a'), leafHash('b'))).toEqual(sha(Buffer.from([1]), leafHash('a'), leafHash('b')));
    expect(rootOf([])).toEqual(EMPTY_ROOT);
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Three leaves: the left subtree is the first two (largest power of two below 3).
    const [a, b, c] = leaves(3);
    expect(rootOf([a!, b!, c!])).toEqual(nodeHash(nodeHash(a!, b!), c!));
  });
});

describe('Merkle tree properties', () => {
  it('appending in any batches gives the same root and stored nodes fold to every subtree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 10 }),
        (n, batches) => {
          const all = leaves(n);
          const { frontier, node } = build(all, batches);
          expect(frontier.size).toBe(n);
          expect(frontier.nodes.map(({ level, index }) => ({ level, index }))).toEqual(frontierIds(n));
          expect(frontierRoot(frontier)).toEqual(rootOf(all));
          if (n > 0) expect(foldRange(0, n, node)).toEqual(rootOf(all));
        },
      ),
    );
  });

  it('inclusion proofs verify for every leaf and fail for a forged event, a wrong index or a wrong root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), (n, mSeed, otherSeed) => {
        const all = leaves(n);
        const { node } = build(all, [7]);
        const root = rootOf(all);
        const m = mSeed % n;
        const ranges = inclusionRanges(m, n);
        for (const id of nodesFor(ranges)) expect(() => node(id)).not.toThrow();
        const proof = proofOf(ranges, node);
        expect(verifyInclusion(all[m]!, m, n, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash('forged event'), m, n, proof, root)).toBe(false);
        const other = otherSeed % n;
        if (other !== m && !all[other]!.equals(all[m]!))
          expect(verifyInclusion(all[m]!, other, n, proof, root)).toBe(false);
        expect(verifyInclusion(all[m]!, m, n, proof, rootOf(leaves(n, 'x')))).toBe(false);
      }),
    );
  });

  it('consistency proofs verify for every prefix and fail across a rewritten history', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.nat(), fc.nat(), (n, mSeed, changeSeed) => {
        const all = leaves(n);
        const m = 1 + (mSeed % n);
        const { node } = build(all, [5, 3]);
        const root1 = rootOf(all.slice(0, m));
        const root2 = rootOf(all);
        const proof = proofOf(consistencyRanges(m, n), node);
        expect(verifyConsistency(m, n, proof, root1, root2)).toBe(true);
        // Someone rewrites one event of the old history and rebuilds the whole tree.
        const rewritten = [...all];
        const at = changeSeed % m;
        rewritten[at] = leafHash(`rewritten ${at}`);
        const forged = build(rewritten, []);
        const forgedProof = proofOf(consistencyRanges(m, n), forged.node);
        expect(verifyConsistency(m, n, forgedProof, root1, rootOf(rewritten))).toBe(false);
        // Or keeps the proof and swaps the new root.
        if (m < n) expect(verifyConsistency(m, n, proof, root1, rootOf(rewritten))).toBe(false);
      }),
    );
  });

  it('detects truncation: a smaller tree is not an extension of a published head', () => {
    const all = leaves(20);
    const { node } = build(all, []);
    const published = rootOf(all);
    // The log now claims only 15 leaves: no proof from the 20-leaf head to it exists.
    expect(() => consistencyRanges(20, 15)).toThrow(RangeError);
    const proof = proofOf(consistencyRanges(15, 20), node);
    expect(verifyConsistency(20, 15, proof, published, rootOf(all.slice(0, 15)))).toBe(false);
  });
});
