import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const consoleRoot = fileURLToPath(new URL('.', import.meta.url));
const devHq = process.env.HQ_DEV_URL ?? 'http://127.0.0.1:5790';

/**
 * The HQ console (issue 13): a separate bundle from the store screens, served by the HQ server at
 * /console/ (absolute asset URLs, because HQ answers every /console/* path with this index.html).
 */
export default defineConfig({
  root: consoleRoot,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../build/hq-console', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    assetsInlineLimit: 0,
    // echarts alone is ~1 MB unminified; the console is a staff tool on office networks, one chunk is fine.
    chunkSizeWarningLimit: 1500,
  },
  /** `npx vite --config renderer/hq-console/vite.config.ts`: hot reload in front of a running HQ (HQ_DEV_URL). */
  server: {
    host: '127.0.0.1',
    port: 5174,
    proxy: { '/console/api': { target: devHq, changeOrigin: true } },
  },
});
