/**
 * Renders the demo meeting report as PDF and turns its first page into
 * docs/screenshots/meeting-report.png with pdftoppm (poppler-utils).
 * Run: npm run report:image [-- --lang ar]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/db/connect.js';
import { systemContext } from '../src/services/context.js';
import { takeMeetingReportSnapshot } from '../src/services/meeting-report/take-snapshot.js';
import { meetingReportFile } from '../src/services/meeting-report/meeting-report-file.js';
import { loadDemoProgramme } from '../src/services/meeting-report/demo-report.js';
import type { Language } from '../src/domain/i18n.js';

const langArg = process.argv.indexOf('--lang');
const lang = (langArg > 0 ? process.argv[langArg + 1] : 'en') as Language;
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs', 'screenshots');
const out = join(outDir, lang === 'en' ? 'meeting-report.png' : `meeting-report-${lang}.png`);

// A fixed day (the demo's synthetic progress is relative to it) keeps the image reproducible and shows every state.
const store = await openStore({});
try {
  const ctx = systemContext(store.db, () => new Date('2024-11-25T09:00:00Z'));
  const programme = await loadDemoProgramme(ctx);
  // A report for the previous quarter first, so the page shows "changes since the previous report".
  await takeMeetingReportSnapshot(ctx, { programme, period: '2024Q3' });
  const pdf = await meetingReportFile(ctx, { programme, period: '2024Q4', lang, format: 'pdf' });
  const tmp = mkdtempSync(join(tmpdir(), 'mandate-image-'));
  const pdfPath = join(tmp, 'meeting-report.pdf');
  writeFileSync(pdfPath, pdf.body);
  mkdirSync(outDir, { recursive: true });
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '110',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdfPath,
    out.replace(/\.png$/, ''),
  ]);
  console.log(`wrote ${out} (from ${pdfPath})`);
} finally {
  await store.close();
}
