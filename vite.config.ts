import { defineConfig, type Plugin } from 'vite';
import type { OutputBundle } from 'rolldown';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
// Vite's own bundler (Rolldown), for the first screen's classic script (web/src/first-screen/entry.ts).
import { build } from 'rolldown';

const LANGS = ['vi', 'en', 'zh', 'ar'] as const;
const THEME = '#1c3d6e';

/**
 * The web manifest in each language (`/manifest-vi.webmanifest`, …; `/manifest.webmanifest` is
 * the English one): names from the app's own catalogues (`pwa.*` in web/src/i18n), Arabic right to
 * left. The app points `<link rel="manifest">` at the language in use, so a phone installs the app
 * under the name its user reads.
 */
function manifests(): Plugin {
  return {
    name: 'mandate-manifests',
    apply: 'build',
    generateBundle() {
      for (const lang of LANGS) {
        const catalogue = JSON.parse(readFileSync(new URL(`./web/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as {
          pwa: { name: string; shortName: string; description: string };
        };
        const manifest = {
          id: '/',
          name: catalogue.pwa.name,
          short_name: catalogue.pwa.shortName,
          description: catalogue.pwa.description,
          lang,
          dir: lang === 'ar' ? 'rtl' : 'ltr',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          orientation: 'any',
          theme_color: THEME,
          background_color: '#f5f7fa',
          icons: [
            { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
            { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
            { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        };
        const source = JSON.stringify(manifest, null, 2);
        this.emitFile({ type: 'asset', fileName: `manifest-${lang}.webmanifest`, source });
        if (lang === 'en') this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source });
      }
    },
  };
}

/**
 * Brotli (quality 11) and gzip (level 9) copies of every text file of the build, written once
 * here so the server sends them as they are (@fastify/static `preCompressed`) instead of
 * compressing on each request.
 */
function precompress(): Plugin {
  let outDir = '';
  // Quality 11 costs seconds per megabyte; the test runs' builds (under vitest) take 9, ~7 % larger.
  const quality = process.env.VITEST ? 9 : 11;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  return {
    name: 'mandate-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        for (const file of walk(outDir)) {
          if (!/\.(js|css|html|svg|json|webmanifest)$/.test(file) || statSync(file).size < 1024) continue;
          const body = readFileSync(file);
          writeFileSync(
            `${file}.br`,
            brotliCompressSync(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: quality,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            }),
          );
          writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        }
      },
    },
  };
}

/**
 * web/src/first-screen/entry.ts, the classic script at the start of index.html's body that starts the
 * first screen's downloads and draws a reporter's work before any module runs, bundled on its own
 * (Rolldown, as an IIFE, minified: ~10 KB, 4 KB compressed) and inlined in index.html, so the
 * parser runs it without waiting for a file; the server's Content-Security-Policy allows it by its
 * hash (src/api/inline-scripts.ts). The build tells it each language's catalogue file
 * (`__MANDATE_CATALOGUES__`) and the app's files (`__MANDATE_APP_FILES__`: appFiles() below). During development (`npx vite`) it is served as a module instead.
 */
const CATALOGUE = /i18n.(vi|en|zh|ar)\.json$/;
const FIRST_SCREEN_TAG = '<script src="/first-screen.js"></script>';

function firstScreenScript(): Plugin {
  return {
    name: 'mandate-first-screen',
    enforce: 'post',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (!html.includes(FIRST_SCREEN_TAG)) throw new Error(`index.html has no ${FIRST_SCREEN_TAG}`);
        return context.server
          ? html.replace(FIRST_SCREEN_TAG, '<script type="module" src="/src/first-screen/entry.ts"></script>')
          : html;
      },
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const catalogues: Record<string, string> = {};
        for (const chunk of Object.values(bundle)) {
          const lang = chunk.type === 'chunk' && CATALOGUE.exec(chunk.facadeModuleId ?? '')?.[1];
          if (lang) catalogues[lang] = `/${chunk.fileName}`;
        }
        const built = await build({
          input: fileURLToPath(new URL('./web/src/first-screen/entry.ts', import.meta.url)),
          write: false,
          plugins: [firstScreenStrings()],
          transform: {
            define: {
              __MANDATE_CATALOGUES__: JSON.stringify(catalogues),
              __MANDATE_APP_FILES__: JSON.stringify(appFiles(bundle)),
            },
          },
          output: { format: 'iife', minify: true },
        });
        const source = built.output[0].code.trim();
        // Inline: nothing could end the element early (the server allows its text by hash: src/api/inline-scripts.ts).
        if (/<\/script|<!--/i.test(source)) throw new Error('the first screen script contains </script or <!--');
        const html = bundle['index.html'];
        if (html?.type !== 'asset') throw new Error('no index.html in the build');
        html.source = String(html.source).replace(FIRST_SCREEN_TAG, () => `<script>${source}</script>`);
      },
    },
  };
}

/**
 * `virtual:first-screen-strings`: the sections of each language's catalogue that the first screen
 * (web/src/first-screen, drawn before the app and its catalogue file have loaded) shows, a few
 * hundred bytes in the entry instead of a catalogue file to wait for.
 */
const FIRST_SCREEN_SECTIONS = ['myWork', 'timeliness'];
const STRINGS_ID = 'virtual:first-screen-strings';

function firstScreenStrings(): Plugin {
  return {
    name: 'mandate-first-screen-strings',
    resolveId: (id) => (id === STRINGS_ID ? `\0${STRINGS_ID}` : null),
    load(id) {
      if (id !== `\0${STRINGS_ID}`) return null;
      const strings: Record<string, Record<string, unknown>> = {};
      for (const lang of LANGS) {
        const file = new URL(`./web/src/i18n/${lang}.json`, import.meta.url);
        this.addWatchFile(file.pathname);
        const catalogue = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        strings[lang] = Object.fromEntries(FIRST_SCREEN_SECTIONS.map((k) => [k, catalogue[k]]));
      }
      return `export default ${JSON.stringify(strings)};`;
    },
  };
}

/**
 * The app (web/src/boot.tsx and what it imports) is imported by the entry only once the first
 * screen is drawn (web/src/main.tsx), so that a slow phone evaluates it after drawing; but on a
 * first visit it is downloaded from the start: the first screen's script adds a `prefetch` for its
 * files (fetched, not parsed) and a `preload` for its styles (fetched, not applied). On a return
 * visit they are in the browser's cache: nothing competes with drawing the first frame.
 */
const BOOT = /[\\/]web[\\/]src[\\/]boot\.tsx$/;

function appFiles(bundle: OutputBundle): { scripts: string[]; styles: string[] } {
  const boot = Object.values(bundle).find((c) => c.type === 'chunk' && BOOT.test(c.facadeModuleId ?? ''));
  const html = bundle['index.html'];
  if (boot?.type !== 'chunk' || html?.type !== 'asset')
    throw new Error('no chunk of web/src/boot.tsx, or no index.html');
  const page = String(html.source);
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (name: string) => {
    const chunk = bundle[name];
    // Not the entry's own file, already a <script> of the page.
    if (scripts.has(`/${name}`) || chunk?.type !== 'chunk' || page.includes(`"/${name}"`)) return;
    scripts.add(`/${name}`);
    for (const file of (chunk as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? [])
      styles.add(`/${file}`);
    chunk.imports.forEach(visit);
  };
  visit(boot.fileName);
  return { scripts: [...scripts], styles: [...styles] };
}

/** The web app: sources in web/, built to web/dist (served by the API server at /). */
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [
    react(),
    manifests(),
    firstScreenScript(),
    firstScreenStrings(),
    // The service worker (Workbox): the app shell precached, the reporter's own work read
    // network-first with the last answer kept for offline use (docs/web.md "Offline").
    VitePWA({
      injectRegister: false, // registered by web/src/lib/service-worker.ts once the first screen is drawn
      registerType: 'autoUpdate',
      manifest: false, // the four manifests above
      workbox: {
        globPatterns: ['**/*.{js,css,html,webmanifest,png}'],
        // The chart engine (ECharts) is not part of the shell: cached when a chart page first needs it.
        globIgnores: ['**/installCanvasRenderer-*.js'],
        dontCacheBustURLsMatching: /^assets\//,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/public(\/|$)/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // The reporter's own work: who is signed in, my assignments, returned reports, an
            // assignment with its reports and comments, the programme and unit names they show.
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              request.method === 'GET' &&
              /^\/api\/(auth\/me|web\/assignments|approvals\/returned|assignments\/\d+|programmes(\/.*)?|org-units|early-warning\/.*)$/.test(
                url.pathname,
              ),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'mandate-api',
              networkTimeoutSeconds: 8,
              expiration: { maxEntries: 400, maxAgeSeconds: 30 * 86_400 },
              cacheableResponse: { statuses: [200] },
              matchOptions: { ignoreVary: true },
            },
          },
          {
            // Hashed files left out of the precache (chart code): never change, so cache first.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'mandate-assets', expiration: { maxEntries: 100 } },
          },
        ],
      },
    }),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Two files for the first screen, not a score of small shared chunks (on a 150 ms round trip
        // each extra file costs): the entry (main.tsx: the first screen drawn without React), and the
        // app it loads (boot.tsx and everything it imports, downloaded alongside: appFiles() above).
        // Pages and the chart engine stay lazy.
        codeSplitting: {
          groups: [
            { name: 'index', tags: ['$initial'], priority: 2 },
            { name: 'boot', test: BOOT, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite` during development proxies the API of a running `mandate serve`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: ['..'] },
  },
});
