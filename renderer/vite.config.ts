import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const devHost = process.env.KIOSK_DEV_HOST ?? 'http://127.0.0.1:5780';

/**
 * The dev server injects an inline React-refresh preamble that the production CSP forbids;
 * relax the policy only while serving, never in the built page.
 */
function devCspRelaxation(): Plugin {
  return {
    name: 'kiosk-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same build is served by Electron's app:// protocol and by the local HTTP host.
  base: './',
  plugins: [react(), devCspRelaxation()],
  build: {
    outDir: fileURLToPath(new URL('../build/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Camera frames and charts are drawn at run time; nothing here should need inlining as data: URLs.
    assetsInlineLimit: 0,
  },
  /**
   * `npm run dev:renderer`: hot-reloading UI in front of a running host (`npm run serve`, default
   * port 5780; KIOSK_DEV_HOST to change). Open http://127.0.0.1:5173/?token=<the host's token>.
   * The host refuses foreign origins, so the proxy presents the host's own origin.
   */
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': {
        target: devHost,
        ws: true,
        changeOrigin: true,
        configure(proxy) {
          proxy.on('proxyReq', (req) => req.setHeader('origin', devHost));
          proxy.on('proxyReqWs', (req) => req.setHeader('origin', devHost));
        },
      },
    },
  },
});
