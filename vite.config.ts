import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The web app: sources in web/, built to web/dist (served by the API server at /). */
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite` during development proxies the API of a running `mandate serve`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: ['..'] },
  },
});
