/**
 * A demo meeting report quickly: one demo programme with its org tree and synthetic
 * progress (the full demo takes ~30 s on PGlite; this takes a few). Used by the
 * report tests and scripts/report-image.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_DIR, synthesizeProgress } from '../demo.js';
import { importOrgUnitsText } from '../org-units-importer.js';
import { importProgrammeText } from '../programme-importer.js';
import type { ServiceContext } from '../context.js';

export async function loadDemoProgramme(
  ctx: ServiceContext,
  file = 'vn-ndx-2024.yaml',
  orgFile = 'orgunits-vn.yaml',
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const tctx = { ...ctx, db: trx };
    await importOrgUnitsText(tctx, await readFile(join(DEMO_DIR, orgFile), 'utf8'), orgFile);
    const summary = await importProgrammeText(tctx, await readFile(join(DEMO_DIR, 'programmes', file), 'utf8'), file);
    await synthesizeProgress(tctx);
    return summary.programme;
  });
}
