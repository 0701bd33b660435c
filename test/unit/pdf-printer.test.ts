/**
 * Concurrent PDF requests share one Chromium (issue 15 item 11): six at once launch one
 * browser, print at most `concurrency` pages at a time, and a request that waits longer
 * than the queue's time limit gets a 503-class error instead of another browser.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { PdfPrinter } from '../../src/services/meeting-report/pdf-printer.js';
import { htmlToPdf } from '../../src/services/meeting-report/meeting-report-pdf.js';
import { ServiceUnavailableError } from '../../src/domain/errors.js';

/** Chromium browser processes (not helpers: no --type=) that are descendants of this process. */
function browsersUnderThisProcess(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).trim().split('\n');
  const parent = new Map<number, number>();
  const args = new Map<number, string>();
  for (const row of rows) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(row);
    if (m) {
      parent.set(Number(m[1]), Number(m[2]));
      args.set(Number(m[1]), m[3]!);
    }
  }
  const isMine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  // Browser processes: launched with the DevTools pipe, not helpers (--type=…); a process whose parent is one of them
  // (the /usr/bin/chromium wrapper's child, a re-exec) belongs to the same browser.
  const browsers = new Set(
    [...args]
      .filter(([pid, a]) => a.includes('--remote-debugging-pipe') && !a.includes('--type=') && isMine(pid))
      .map(([pid]) => pid),
  );
  return [...browsers].filter((pid) => !browsers.has(parent.get(pid) ?? 0)).length;
}

describe('PDF printer', () => {
  const printer = new PdfPrinter({ concurrency: 2, queueTimeoutMs: 120_000, idleMs: 60_000 });
  afterAll(() => printer.close());

  it('prints six PDFs at once with one browser, two pages at a time', async () => {
    let peakBrowsers = 0;
    const watch = setInterval(() => (peakBrowsers = Math.max(peakBrowsers, browsersUnderThisProcess())), 200);
    try {
      const pdfs = await Promise.all(
        Array.from({ length: 6 }, (_, i) => htmlToPdf(`<html><body><h1>Report ${i}</h1></body></html>`, {}, printer)),
      );
      for (const pdf of pdfs) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      clearInterval(watch);
    }
    expect(printer.stats.launches).toBe(1);
    expect(printer.stats.peakPrinting).toBe(2);
    expect(peakBrowsers).toBe(1);
  });

  it('refuses with "busy" when the queue wait is over its limit, and relaunches after a crash', async () => {
    const tight = new PdfPrinter({ concurrency: 1, queueTimeoutMs: 50, idleMs: 60_000 });
    try {
      let release!: () => void;
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const hold = tight.withPage(
        () =>
          new Promise<void>((resolve) => {
            release = resolve;
            started();
          }),
      );
      await running;
      await expect(htmlToPdf('<p>waits</p>', {}, tight)).rejects.toBeInstanceOf(ServiceUnavailableError);
      release();
      await hold;
      await tight.withPage((page) => page.context().browser()!.close()); // the browser dies
      expect((await htmlToPdf('<p>after a crash</p>', {}, tight)).subarray(0, 5).toString()).toBe('%PDF-');
      expect(tight.stats.launches).toBe(2);
    } finally {
      await tight.close();
    }
  });
});
