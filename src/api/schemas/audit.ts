/** Wire contracts of the audit log's Merkle tree: signed heads and proofs (hashes hex, signatures base64). */
import { z } from 'zod';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const signedTreeHeadSchema = z.object({
  size: z.number().int().min(0),
  root: hex64,
  timestamp: z.string(),
  keyId: z.string(),
  signature: z.string(),
  algorithm: z.literal('Ed25519'),
});
export type SignedTreeHeadWire = z.infer<typeof signedTreeHeadSchema>;

export const publishedHeadSchema = z.object({
  head: signedTreeHeadSchema.nullable(),
  /** Ed25519 public key, base64 SPKI DER: anyone can check the head's signature with it. */
  publicKey: z.string(),
  keyId: z.string(),
  /** How a head is signed and the tree hashed, for independent verifiers. */
  format: z.string(),
});

export const inclusionProofSchema = z.object({
  seq: z.number().int(),
  leafIndex: z.number().int(),
  leafHash: hex64,
  treeSize: z.number().int(),
  path: z.array(hex64),
  head: signedTreeHeadSchema,
});

export const consistencyProofSchema = z.object({
  from: signedTreeHeadSchema,
  to: signedTreeHeadSchema,
  path: z.array(hex64),
});

export const inclusionQuerySchema = z.object({
  seq: z.coerce.number().int().min(1),
  size: z.coerce.number().int().min(1).optional(),
});

export const consistencyQuerySchema = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1).optional(),
});
