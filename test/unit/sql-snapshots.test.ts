/** src/db/queries/*.sql are what the repositories compile today (scripts/sql-sync.ts writes them). */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUERIES_DIR, renderQueries } from '../../scripts/sql-sync.js';

describe('SQL snapshots', () => {
  it('src/db/queries/*.sql match the repositories (else run npm run sql:sync and review the diff)', async () => {
    const expected = await renderQueries();
    const present = (await readdir(QUERIES_DIR)).filter((f) => f.endsWith('.sql')).sort();
    expect(present, 'the snapshot files are stale: run npm run sql:sync').toEqual([...expected.keys()].sort());
    for (const [name, content] of expected)
      expect(
        await readFile(join(QUERIES_DIR, name), 'utf8'),
        `src/db/queries/${name} is stale: run npm run sql:sync`,
      ).toBe(content);
  });
});
