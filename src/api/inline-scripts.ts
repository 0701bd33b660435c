/**
 * The Content-Security-Policy hashes of the web app's inline scripts: index.html carries one, the
 * first screen's script (web/src/first-screen/entry.ts, inlined by vite.config.ts so a slow phone
 * runs it without waiting for a file). `script-src` allows exactly these texts besides 'self':
 * no 'unsafe-inline', and an injected script still does not run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/** `'sha256-…'` of each `<script>` without `src` in the page at `path`; none if there is no such file. */
export function inlineScriptHashes(path: string): string[] {
  if (!existsSync(path)) return [];
  const html = readFileSync(path, 'utf8');
  const hashes: string[] = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes ?? '') || !body) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}
