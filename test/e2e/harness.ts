/**
 * End-to-end harness: builds the web app when web/dist is missing or older than its
 * sources, starts the real server in-process on a PGlite store with the demo loaded
 * (port 0), and drives Debian's Chromium through playwright-core.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/api/app.js';
import { loadDemo } from '../../src/services/demo.js';
import { systemContext } from '../../src/services/context.js';
import { openStore, type Store } from '../../src/db/connect.js';
import { DEFAULT_DEMO_PASSWORD, ensureDemoUsers } from '../../src/services/users.js';

/** The demo administrator (docs/security.md): may report and review anywhere. */
export const DEMO_LOGIN = { username: 'admin', password: DEFAULT_DEMO_PASSWORD };

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = join(ROOT, 'web/dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

/** Builds web/dist unless it is newer than every source file of the app. */
export async function ensureWebBuilt(): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(
    newest(join(ROOT, 'web/src')),
    statSync(join(ROOT, 'web/index.html')).mtimeMs,
    statSync(join(ROOT, 'vite.config.ts')).mtimeMs,
    newest(join(ROOT, 'src/domain')),
  );
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  const { build } = await import('vite');
  // Vitest runs with NODE_ENV=test, which would give React's development build; build what ships.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: join(ROOT, 'web'),
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

export interface Running {
  url: string;
  app: FastifyInstance;
  store: Store;
  close: () => Promise<void>;
}

export async function startDemoServer(): Promise<Running> {
  const store = await openStore({});
  await loadDemo(systemContext(store.db));
  await ensureDemoUsers(systemContext(store.db), DEFAULT_DEMO_PASSWORD);
  const app = await buildApp({ store, webRoot: WEB_DIST });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** Signs a browser context in (the session cookie lands in the context's cookie jar). */
export async function signInContext(context: BrowserContext, url: string): Promise<void> {
  const r = await context.request.post(`${url}/api/auth/login`, { data: DEMO_LOGIN });
  if (!r.ok()) throw new Error(`sign-in failed: ${r.status()} ${await r.text()}`);
}

/**
 * A browser context signed in as a demo user (password DEFAULT_DEMO_PASSWORD); a viewport
 * narrower than 500 px is a phone (mobile, touch).
 */
export async function userContext(
  browser: Browser,
  url: string,
  username: string,
  options: { viewport?: { width: number; height: number }; locale?: string; deviceScaleFactor?: number } = {},
): Promise<BrowserContext> {
  const viewport = options.viewport ?? { width: 1400, height: 1000 };
  const context = await browser.newContext({
    viewport,
    locale: options.locale ?? 'en-GB',
    ...(options.deviceScaleFactor ? { deviceScaleFactor: options.deviceScaleFactor } : {}),
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const r = await context.request.post(`${url}/api/auth/login`, {
    data: { username, password: DEFAULT_DEMO_PASSWORD },
  });
  if (!r.ok()) throw new Error(`sign-in of ${username} failed: ${r.status()}`);
  return context;
}

/** One e2e file's demo server and browser, and the signed-in contexts it opened; close() ends them all. */
export class BrowserSession {
  private readonly contexts: BrowserContext[] = [];
  private constructor(
    readonly server: Running,
    readonly browser: Browser,
  ) {}

  static async start(): Promise<BrowserSession> {
    await ensureWebBuilt();
    const server = await startDemoServer();
    return new BrowserSession(server, await launchBrowser());
  }

  /** A context signed in as a demo user (a phone below 500 px). */
  async as(username: string, viewport?: { width: number; height: number }): Promise<BrowserContext> {
    const context = await userContext(this.browser, this.server.url, username, viewport ? { viewport } : {});
    this.contexts.push(context);
    return context;
  }

  async open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${this.server.url}${path}`);
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
    await this.browser.close();
    await this.server.close();
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeViolations(
  page: Page,
): Promise<Array<{ id: string; impact: string | null; help: string; nodes: string[] }>> {
  await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
