/** The `mandate` security commands end to end on a PGlite folder: users, grants, tokens, verify-audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openStore } from '../../src/db/connect.js';
import { fixturePath } from '../helpers/app.js';

const BIN = fileURLToPath(new URL('../../bin/mandate.js', import.meta.url));

describe('mandate user / token / verify-audit', () => {
  let dir: string;
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'node',
        [BIN, ...args, '--data', dir],
        { env: { ...process.env, DATABASE_URL: '', MANDATE_NEW_PASSWORD: '' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mandate-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'manages users, grants and tokens, and verifies the audit chain, naming a broken event',
    { timeout: 300_000 },
    async () => {
      expect((await run('import', 'orgunits', fixturePath('orgunits.yaml'))).code).toBe(0);
      const add = await run('user', 'add', 'bob', '--name', 'Bob', '-g', 'secretariat:VN-HN', 'viewer:VN');
      expect(add.stdout).toMatch(/created bob: secretariat:VN-HN viewer:VN/);
      expect(add.stdout).toMatch(/password \(shown once\): \S{16,}/);
      expect((await run('user', 'grant', 'bob', 'reporter', 'VN-HN-C1')).stdout).toMatch(/reporter:VN-HN-C1/);
      const escalate = await run('token', 'bob', '--name', 'x', '-g', 'secretariat:VN');
      expect(escalate.code).toBe(2);
      expect(escalate.stderr).toMatch(/not within your own grants/);
      const token = await run('token', 'bob', '--name', 'import', '--days', '7', '-g', 'reporter:VN-HN-C1');
      expect(token.stdout).toMatch(/^mdt_[\w-]{43}$/m);

      const ok = await run('verify-audit');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(
        /audit trail intact: 4 events; head [0-9a-f]{64}; tree 0 leaves under 0 signed heads; 4 awaiting the sequencer/,
      );
      const sequenced = await run('verify-audit', '--sequence');
      expect(sequenced.stdout).toMatch(
        /audit trail intact: 4 events; head [0-9a-f]{64}; tree 4 leaves under 1 signed heads\n/,
      );

      const store = await openStore({ dataDir: dir });
      await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(store.db);
      await sql`UPDATE audit_events SET actor = 'mallory' WHERE seq = 3`.execute(store.db);
      await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(store.db);
      await store.close();
      const broken = await run('verify-audit');
      expect(broken.code).toBe(3);
      expect(broken.stderr).toMatch(/audit trail BROKEN at event 3: .*altered/);
    },
  );
});
