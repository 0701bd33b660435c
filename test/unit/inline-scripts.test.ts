import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from '../../src/api/inline-scripts.js';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('inlineScriptHashes (the CSP hashes of index.html inline scripts)', () => {
  it('hashes the exact text of each inline script, not scripts with src, nor other elements', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mandate-csp-'));
    const first = '(function(){document.title="é ✓"})();';
    const second = '\n  window.x = 1;\n';
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head><script type="module" crossorigin src="/assets/a.js"></script>` +
        `<style>.a{}</style><SCRIPT>${first}</SCRIPT></head><body><script src="/b.js"></script>` +
        `<script>${second}</script><script></script></body></html>`,
    );
    expect(inlineScriptHashes(join(dir, 'index.html'))).toEqual([sha(first), sha(second)]);
  });

  it('allows nothing inline when there is no built page', () => {
    expect(inlineScriptHashes(join(tmpdir(), 'no-such-folder', 'index.html'))).toEqual([]);
  });
});
