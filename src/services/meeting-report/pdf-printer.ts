/**
 * One Chromium for every PDF: a browser launched on first use and shared, a page (in its
 * own browser context) per PDF, at most `concurrency` printing at once, the rest waiting
 * in a queue for at most `queueTimeoutMs` (then 503), and the browser closed after
 * `idleMs` without work so the CLI can exit and an idle server holds no Chromium.
 */
import { chromium, type Browser } from 'playwright-core';
import { ServiceUnavailableError } from '../../domain/errors.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MANDATE_CHROMIUM ?? '/usr/bin/chromium';
}

export interface PrinterOptions {
  concurrency: number;
  queueTimeoutMs: number;
  idleMs: number;
}

export function printerOptionsFrom(env: NodeJS.ProcessEnv = process.env): PrinterOptions {
  const num = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    concurrency: num('MANDATE_PDF_CONCURRENCY', 2),
    queueTimeoutMs: num('MANDATE_PDF_QUEUE_TIMEOUT_MS', 30_000),
    idleMs: num('MANDATE_PDF_IDLE_MS', 60_000),
  };
}

export interface PrinterStats {
  /** Chromium processes launched so far. */
  launches: number;
  /** Most pages printing at the same time. */
  peakPrinting: number;
  printing: number;
  waiting: number;
}

export class PdfPrinter {
  private browser: Promise<Browser> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly queue: Array<() => void> = [];
  readonly stats: PrinterStats = { launches: 0, peakPrinting: 0, printing: 0, waiting: 0 };

  constructor(readonly options: PrinterOptions = printerOptionsFrom()) {}

  /** Runs `work` with a fresh page once a slot is free; the page's context is closed after. */
  async withPage<T>(work: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      const browser = await this.launch();
      const context = await browser.newContext();
      try {
        return await work(await context.newPage());
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close().catch(() => undefined);
  }

  private acquire(): Promise<void> {
    clearTimeout(this.idleTimer);
    if (this.stats.printing < this.options.concurrency) {
      this.started();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        clearTimeout(timer);
        this.stats.waiting--;
        this.started();
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.queue.indexOf(go);
        if (index >= 0) this.queue.splice(index, 1);
        this.stats.waiting--;
        reject(new ServiceUnavailableError('the PDF printer is busy: try again in a moment', 10));
      }, this.options.queueTimeoutMs);
      this.stats.waiting++;
      this.queue.push(go);
    });
  }

  private started(): void {
    this.stats.printing++;
    this.stats.peakPrinting = Math.max(this.stats.peakPrinting, this.stats.printing);
  }

  private release(): void {
    this.stats.printing--;
    const next = this.queue.shift();
    if (next) return next();
    if (this.stats.printing === 0) {
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs);
      this.idleTimer.unref();
    }
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      this.stats.launches++;
      const launched = chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
      this.browser = launched;
      launched
        .then((browser) =>
          browser.on('disconnected', () => {
            if (this.browser === launched) this.browser = undefined; // crashed or closed: the next PDF relaunches
          }),
        )
        .catch(() => {
          if (this.browser === launched) this.browser = undefined;
        });
    }
    return this.browser;
  }
}

/** The process's printer. */
export const pdfPrinter = new PdfPrinter();
