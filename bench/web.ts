/**
 * `npm run bench:web`: (1) the overview's first-load JavaScript (gzipped) and its render
 * time on the demo data in Debian's Chromium — median of several cold loads, against the
 * targets of issue 4 (< 400 KB gzipped, < 1 s); (2) the reporter's first screen ("my work")
 * on a 390 px phone over emulated 3G with the CPU 4× slower (issue 17, bench/web-3g.ts).
 * Prints numbers; not a timed test. `ONLY=3g` skips (1); `RUNS_3G`, `CPU_SLOWDOWN` change (2).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { ensureWebBuilt, launchBrowser, signInContext, startDemoServer, WEB_DIST } from '../test/e2e/harness.js';

import { reporterOn3g } from './web-3g.js';

const RUNS = Number(process.env.RUNS ?? 7);

await ensureWebBuilt();
const server = await startDemoServer();
const browser = await launchBrowser();
try {
  if (process.env.ONLY !== '3g') await overview();
  await reporterOn3g(browser, server.url);
} finally {
  await browser.close();
  await server.close();
}

async function overview(): Promise<void> {
  // Warm the server's query plans once, so the numbers measure the page, not PGlite's first query.
  const warm = await browser.newContext();
  await signInContext(warm, server.url);
  await (await warm.newPage()).goto(`${server.url}/`, { waitUntil: 'networkidle' });
  await warm.close();

  const scripts = new Set<string>();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await signInContext(context, server.url);
    const page = await context.newPage();
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
    });
    await page.goto(`${server.url}/`);
    // Rendered: the counts, the heat map's canvas and the overdue list are on screen.
    await page.waitForFunction(
      () =>
        !!document.querySelector('[data-testid="count-overdue"]') &&
        !!document.querySelector('[data-testid="overdue-table"]') &&
        !!document.querySelector('canvas'),
      null,
      { timeout: 30_000 },
    );
    const ms = await page.evaluate(
      () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
    );
    times.push(ms);
    if (process.env.TIMELINE && i === RUNS - 1)
      console.log(
        await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .map(
              (e) =>
                `  ${e.name.replace(location.origin, '').slice(0, 70).padEnd(70)} ${e.startTime.toFixed(0).padStart(5)} → ${(e as PerformanceResourceTiming).responseEnd.toFixed(0).padStart(5)} ms`,
            )
            .concat(
              `  DOMContentLoaded ${(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd.toFixed(0)} ms; drawn ${performance.now().toFixed(0)} ms`,
            )
            .join('\n'),
        ),
      );
    await context.close();
  }

  let raw = 0;
  let gz = 0;
  const rows: string[] = [];
  for (const path of [...scripts].sort()) {
    const body = await readFile(join(WEB_DIST, path));
    const g = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += g;
    rows.push(
      `  ${path.padEnd(48)} ${(body.length / 1024).toFixed(1).padStart(8)} KB  ${(g / 1024).toFixed(1).padStart(7)} KB gz`,
    );
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log('Overview first-load JavaScript:');
  console.log(rows.join('\n'));
  console.log(
    `  total ${(raw / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped (target < 400 KB) ${gz / 1024 < 400 ? 'OK' : 'OVER'}`,
  );
  console.log(
    `Overview render time on the demo (navigation start → counts, heat map and overdue list drawn), ${RUNS} cold loads:`,
  );
  console.log(
    `  (machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(
    `  median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms (target < 1000 ms) ${median < 1000 ? 'OK' : 'OVER'}`,
  );
}
