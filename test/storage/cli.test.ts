/** The `mandate` command end to end, as a user runs it, on PGlite (data folder) and PostgreSQL (--database-url). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { fixturePath } from '../helpers/app.js';

const BIN = fileURLToPath(new URL('../../bin/mandate.js', import.meta.url));
const run = promisify(execFile);

describe.each(STORE_KINDS)('mandate CLI on %s', (kind) => {
  let dir: string;
  let store: TestStore | undefined;
  let storeArgs: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mandate-cli-'));
    if (kind === 'postgres') {
      store = await createTestStore('postgres');
      storeArgs = ['--database-url', store.url!];
    } else storeArgs = ['--data', join(dir, 'data')];
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const mandate = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', [BIN, ...args], {
        env: { ...process.env, DATABASE_URL: '', MANDATE_DATA_DIR: '' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('imports, reports status and exports; a bad file changes nothing', { timeout: 300_000 }, async () => {
    expect((await mandate('import', 'orgunits', fixturePath('orgunits.yaml'), ...storeArgs)).stdout).toContain(
      'imported 8 org units',
    );
    const imported = await mandate('import', 'programme', fixturePath('programme.yaml'), ...storeArgs);
    expect(imported.stdout).toContain('imported programme VN-NDX-TEST: 5 nodes, 3 tasks, 6 assignments');

    const status = await mandate('status', '--as-of', '2024-09-01', ...storeArgs);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('VN-NDX-TEST — National DX Committee directives 2024');
    expect(status.stdout).toContain('5 assignments · 0 completed on time · 0 completed late · 2 overdue (1 backlog)');
    expect(status.stdout).toMatch(
      /245 days late {2}\[backlog\] BACKLOG-2023 Clear overdue 2022–2023 tasks — VN-MIC, due 2023-12-31/,
    );
    const vi = await mandate(
      'status',
      '--as-of',
      '2024-09-01',
      '--lang',
      'vi',
      '--programme',
      'VN-NDX-TEST',
      ...storeArgs,
    );
    expect(vi.stdout).toContain('Chỉ đạo của Ủy ban Quốc gia về chuyển đổi số 2024');

    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      (await readFile(fixturePath('programme.yaml'), 'utf8'))
        .replace('code: VN-NDX-TEST', 'code: OTHER')
        .replace('lead: VN-MPS', 'lead: VN-NOPE')
        .replace('due: 2023-12-31', 'due: 2023-12-32'),
    );
    const rejected = await mandate('import', 'programme', bad, ...storeArgs);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain('nodes[1].children[1].due (');
    expect(rejected.stderr).toContain('not a date');
    const fixed = join(dir, 'fixed.yaml');
    await writeFile(fixed, (await readFile(bad, 'utf8')).replace('2023-12-32', '2023-12-31'));
    const unknown = await mandate('import', 'programme', fixed, ...storeArgs);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('nodes[1].children[0].lead: no org unit with code VN-NOPE');
    expect((await mandate('status', '--programme', 'OTHER', ...storeArgs)).stderr).toContain('no programme OTHER');

    const exported = await mandate('export', 'programme', 'VN-NDX-TEST', ...storeArgs);
    expect(exported.stdout).toContain('format: mandate.programme/1');
    expect(exported.stdout).toContain('- unit: VN-HP');
    const bogusDate = await mandate('status', '--as-of', 'yesterday', ...storeArgs);
    expect(bogusDate.code).toBe(2);
    expect(bogusDate.stderr).toContain('--as-of: not a date');
  });
});
