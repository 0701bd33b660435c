/**
 * The audit chain's hashing, pure: hash(n) = SHA-256(hash(n-1) ‖ "\n" ‖ canonical(event n)).
 * The canonical encoding is JSON with object keys sorted at every level and no
 * whitespace, so the same event always hashes the same on any store or Node version.
 */
import { createHash, hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventData {
  seq: number;
  at: string;
  actor: string;
  actorUserId: number | null;
  action: string;
  objectType: string;
  objectId: string;
  before: unknown;
  after: unknown;
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonicalJson: cannot encode ${typeof value}`);
}

/** Plain JSON data (dates become ISO strings, undefined fields vanish), as jsonb will return it. */
export function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export function eventHash(prevHash: string, event: AuditEventData): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(event)).digest('hex');
}

/**
 * The content hash of an event appended after migration 0007 (no chain: its place in
 * history is fixed by the Merkle tree, src/domain/merkle.ts): SHA-256(canonical(event)).
 */
export function contentHash(event: AuditEventData): string {
  return hash('sha256', canonicalJson(event), 'hex');
}

/** The bytes of an event's Merkle leaf (hashed as SHA-256(0x00 ‖ bytes)). */
export function leafData(event: AuditEventData): Buffer {
  return Buffer.from(canonicalJson(event), 'utf8');
}
