/**
 * Browser-hosted kiosk: `npm run serve -- [--data-dir DIR] [--port N] [--host H] [--demo] [--open] [--kiosk]`.
 * Starts the services and the HTTP/WebSocket host, prints `KIOSK_URL=…`, and opens Chromium if asked.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../contract/result.js';
import { rendererDistDir } from '../core/app-paths.js';
import { defaultDataDir } from '../core/data-dir.js';
import { startServices } from '../services/start-services.js';
import { startHttpHost } from './http-host.js';

const USAGE = `Usage: npm run serve -- [options]
  --data-dir DIR   where the store database, keys and config.json live (default: $KIOSK_DATA_DIR or the per-user data folder)
  --port N         port on 127.0.0.1 (default: config server.port, 5780; 0 picks a free one)
  --host H         address to bind (default 127.0.0.1)
  --demo           seed a demo store with members, purchases and check-ins (once)
  --open           open Chromium on the kiosk page
  --kiosk          with --open: full-screen kiosk window`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean', default: false },
        open: { type: 'boolean', default: false },
        kiosk: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `${(error as Error).message}\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port)) throw new AppError('CONFIG_INVALID', `--port must be a number from 0 to 65535, got "${values.port}"`);
    overrides.server = { port: Number(values.port) };
  }
  if (values.host !== undefined) overrides.server = { ...(overrides.server as object), host: values.host };

  const services = await startServices({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    transport: 'browser-host',
    configOverrides: overrides,
    demo: values.demo,
  });
  let host;
  try {
    host = await startHttpHost({ services, host: services.config.server.host, port: services.config.server.port, rendererDir: rendererDistDir() });
  } catch (error) {
    await services.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new AppError('UNAVAILABLE', `Port ${services.config.server.port} is in use (is another kiosk running?). Use --port to choose another.`);
    }
    throw error;
  }
  console.log(`Member Kiosk (browser-hosted) for ${services.config.store.name} is running.`);
  console.log(`Open ${host.launchUrl}`);
  console.log(`KIOSK_URL=${host.launchUrl}`);
  if (!fs.existsSync(rendererDistDir())) console.log('Note: the UI is not built yet; run `npm run build:renderer`.');
  if (values.open) openChromium(host.launchUrl, values.kiosk);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

function openChromium(url: string, kiosk: boolean): void {
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];
  const browser = candidates.find((c) => fs.existsSync(c));
  if (!browser) {
    console.log('No Chromium found to open; open the URL above in a browser.');
    return;
  }
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux') {
    console.log('No display available; open the URL above in a browser on this machine.');
    return;
  }
  const args = [`--app=${url}`, '--no-first-run', '--disable-background-networking', '--disable-sync', '--use-fake-ui-for-media-stream'];
  if (kiosk) args.push('--kiosk');
  const child = spawn(browser, args, { detached: true, stdio: 'ignore' });
  child.on('error', (e) => console.log(`Could not start ${browser}: ${e.message}`));
  child.unref();
}

main().catch((error: unknown) => {
  // Start-up problems are for a person to fix: say what and where, no stack trace.
  const message = error instanceof AppError ? error.message : `Unexpected error: ${(error as Error).message ?? String(error)}`;
  process.stderr.write(`member-kiosk: ${message}\n`);
  process.exit(2);
});
