import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
// Vite's own bundler (Rolldown) and its minifier (Oxc), used for web/prefetch.js, which is not bundled.
import { minifySync } from 'rolldown/utils';

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
 * web/prefetch.js, the classic script at the top of index.html that starts the first screen's API
 * requests (and the user's language catalogue) while the app's JavaScript loads, as a hashed file
 * under /assets/: cached for a year as immutable, so a return visit runs it without a round trip.
 * The build writes each language's catalogue file into it (its `__CATALOGUES__` placeholder) and minifies it.
 */
const CATALOGUE = /i18n.(vi|en|zh|ar)\.json$/;

function prefetchScript(): Plugin {
  return {
    name: 'mandate-prefetch',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const catalogues: Record<string, string> = {};
        for (const chunk of Object.values(bundle)) {
          const lang = chunk.type === 'chunk' && CATALOGUE.exec(chunk.facadeModuleId ?? '')?.[1];
          if (lang) catalogues[lang] = `/${chunk.fileName}`;
        }
        const source = minifySync(
          'prefetch.js',
          readFileSync(new URL('./web/prefetch.js', import.meta.url), 'utf8').replace(
            "'{}' /* __CATALOGUES__ */",
            JSON.stringify(JSON.stringify(catalogues)),
          ),
        ).code;
        const fileName = `assets/prefetch-${createHash('sha256').update(source).digest('base64url').slice(0, 10)}.js`;
        this.emitFile({ type: 'asset', fileName, source });
        const html = bundle['index.html'];
        if (html?.type !== 'asset' || !String(html.source).includes('"/prefetch.js"'))
          throw new Error('index.html has no <script src="/prefetch.js">');
        html.source = String(html.source).replace('"/prefetch.js"', `"/${fileName}"`);
      },
    },
  };
}

/** The web app: sources in web/, built to web/dist (served by the API server at /). */
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [
    react(),
    manifests(),
    prefetchScript(),
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
        // Everything the first screen needs in one file (the entry), not a score of small shared
        // chunks: on a 150 ms round trip each extra file costs; pages and the chart engine stay lazy.
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
  server: {
    // `npx vite` during development proxies the API of a running `mandate serve`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: ['..'] },
  },
});
