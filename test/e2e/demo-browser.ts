/** The set-up every e2e file shares: the demo server, Chromium and a browser context, started once per file. */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, signInContext, startDemoServer, type Running } from './harness.js';

export type ErrorPage = Page & { errors: string[] };

export interface DemoBrowser {
  readonly server: Running;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** A context like the shared one: 1400×1000, en-GB; `bypassCSP` only so that axe-core can be injected. */
  newContext(options: { signIn: boolean; bypassCSP: boolean }): Promise<BrowserContext>;
  /** Opens a page, recording its uncaught errors in `page.errors`. */
  open(path: string, inContext?: BrowserContext): Promise<ErrorPage>;
}

export function useDemoBrowser(options: { signIn: boolean; bypassCSP: boolean }): DemoBrowser {
  let server: Running;
  let browser: Browser;
  let context: BrowserContext;
  const demo: DemoBrowser = {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    get context() {
      return context;
    },
    async newContext({ signIn, bypassCSP }) {
      const c = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB', bypassCSP });
      if (signIn) await signInContext(c, server.url);
      return c;
    },
    async open(path, inContext = context) {
      const page = (await inContext.newPage()) as ErrorPage;
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e.message));
      await page.goto(`${server.url}${path}`);
      return page;
    },
  };
  beforeAll(async () => {
    // Build first: the server lists web/dist's files when it starts.
    await ensureWebBuilt();
    server = await startDemoServer();
    browser = await launchBrowser();
    context = await demo.newContext(options);
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });
  return demo;
}
