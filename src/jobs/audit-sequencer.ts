/**
 * The audit sequencer in a server process: every interval (default 250 ms) it tries to
 * be the one sequencer (a transaction-scoped advisory lock, so among N processes one
 * works and the others skip) and places newly committed audit events into the Merkle
 * tree with a signed head (src/services/audit-log.ts). Errors — the database
 * restarting — are reported and the next round simply tries again.
 */
import type { Db } from '../db/database.js';
import { auditSigner, sequenceAuditBatch, type AuditSigner } from '../services/audit-log.js';

export interface AuditSequencer {
  /** One round now; resolves with the events placed. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export function startAuditSequencer(
  db: Db,
  options: { intervalMs?: number; onError?: (error: unknown) => void; signer?: AuditSigner } = {},
): AuditSequencer {
  const intervalMs = options.intervalMs ?? Number(process.env.MANDATE_AUDIT_SEQUENCER_MS ?? 250);
  let signer: AuditSigner | undefined = options.signer;
  let running: Promise<number> | null = null;
  let stopped = false;
  const round = async (): Promise<number> => {
    signer ??= await auditSigner(db);
    let total = 0;
    for (;;) {
      const r = await sequenceAuditBatch(db, signer);
      total += r.sequenced;
      if (!r.leader || r.sequenced === 0 || stopped) return total;
    }
  };
  const tick = () => {
    if (!running) running = round().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    tick().catch((error) => options.onError?.(error));
  }, intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
