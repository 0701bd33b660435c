/**
 * The audit log's Merkle tree over HTTP: the latest signed tree head (also in the open
 * data, for anyone to keep), inclusion proofs for an event and consistency proofs
 * between two heads. Proofs carry hashes only, never event content.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditSigner, consistencyProof, inclusionProof, latestHead } from '../../services/audit-log.js';
import type { AppDeps } from '../context.js';
import {
  consistencyProofSchema,
  consistencyQuerySchema,
  inclusionProofSchema,
  inclusionQuerySchema,
  publishedHeadSchema,
} from '../schemas/audit.js';

const FORMAT =
  'RFC 9162 Merkle tree (leaf = SHA-256(0x00 || canonical JSON event), node = SHA-256(0x01 || left || right)); ' +
  'signature = Ed25519 over "mandate-audit-tree-head/v1\\n{size}\\n{root hex}\\n{timestamp ISO}\\n"';

export const auditRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const published = async () => {
      const signer = await auditSigner(deps.store.db);
      return {
        head: await latestHead(deps.store.db),
        publicKey: signer.publicKeyBase64,
        keyId: signer.keyId,
        format: FORMAT,
      };
    };

    app.get(
      '/audit/head',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['audit'],
          summary: 'The latest signed tree head of the audit log and the key that signs it',
          response: { 200: publishedHeadSchema },
        },
      },
      published,
    );

    app.get(
      '/public/audit/head',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['open data'],
          summary:
            'The latest signed tree head of the audit log: keep it to prove later that history was not rewritten',
          response: { 200: publishedHeadSchema },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=5');
        return published();
      },
    );

    app.get(
      '/audit/proofs/inclusion',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['audit'],
          summary: 'Proof that an audit event is in the tree of a signed head (default: the latest)',
          querystring: inclusionQuerySchema,
          response: { 200: inclusionProofSchema },
        },
      },
      async (request) => inclusionProof(request.ctx.db, request.query.seq, request.query.size),
    );

    app.get(
      '/audit/proofs/consistency',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['audit'],
          summary: 'Proof that the tree of one signed head is a prefix of a later one (default: the latest)',
          querystring: consistencyQuerySchema,
          response: { 200: consistencyProofSchema },
        },
      },
      async (request) => consistencyProof(request.ctx.db, request.query.from, request.query.to),
    );
  };
