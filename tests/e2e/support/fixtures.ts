import { chromium, test as base, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeTcpPrinter } from '../../devices/fakes/fake-tcp-printer.js';
import { startKioskHost, type KioskHost } from './host.js';
import { chromiumPath } from './paths.js';

export type Lang = 'zh-CN' | 'zh-TW' | 'en';

/**
 * The screens issue 15 names: the manager's and the cashier's main display (1920×1080), a small
 * till or tablet (1280×800, the default) and the portrait self-service kiosk (1080×1920).
 */
export const SCREENS = {
  desktop: { width: 1920, height: 1080 },
  till: { width: 1280, height: 800 },
  portrait: { width: 1080, height: 1920 },
} as const;

export interface OpenOptions {
  /** The MJPEG file Chromium uses as its camera; null: a machine with no camera at all. */
  clip: string | null;
  route?: 'home' | 'kiosk' | 'join' | 'cashier' | 'manager';
  lang?: Lang;
  /** Runs in the page before any of its scripts (measurement probes). */
  initScript?: () => void;
  /** Screen size; 1280×800 unless given (e.g. the 1080×1920 portrait kiosk). */
  viewport?: { width: number; height: number };
  /** 'kiosk': the member-facing terminal (`?mode=kiosk`: no staff navigation). */
  mode?: 'kiosk';
}

/** Flags from /work/shared/ENVIRONMENT.md: keep Chromium off the (closed) network. */
const QUIET_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchUrlFor(host: KioskHost, options: Pick<OpenOptions, 'route' | 'lang' | 'mode'>): string {
  const url = new URL(host.launchUrl);
  if (options.lang) url.searchParams.set('lang', options.lang);
  if (options.mode) url.searchParams.set('mode', options.mode);
  url.hash = options.route && options.route !== 'home' ? `/${options.route}` : '/';
  return url.toString();
}

export const test = base.extend<{ withPrinter: boolean; printer: FakeTcpPrinter | null; host: KioskHost; openKiosk: (options: OpenOptions) => Promise<Page> }>({
  /** `test.use({ withPrinter: true })`: the store has a network receipt printer (a real TCP ESC/POS fake). */
  withPrinter: [false, { option: true }],
  printer: async ({ withPrinter }, use) => {
    if (!withPrinter) return use(null);
    const printer = new FakeTcpPrinter();
    await printer.start();
    try {
      await use(printer);
    } finally {
      await printer.stop();
    }
  },
  host: async ({ printer }, use) => {
    // Short polling so a printer's state change reaches the screen within a test's patience.
    const config = printer ? { devices: { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, statusIntervalMs: 500, retryIntervalMs: 500 } } } : undefined;
    const host = await startKioskHost([], config);
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
  openKiosk: async ({ host }, use) => {
    const opened: Array<{ context: BrowserContext; profile: string }> = [];
    await use(async (options) => {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-profile-'));
      const camera = options.clip
        ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${options.clip}`]
        : ['--use-fake-ui-for-media-stream'];
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        args: [...QUIET_FLAGS, ...camera],
        viewport: options.viewport ?? SCREENS.till,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      opened.push({ context, profile });
      if (options.initScript) await context.addInitScript(options.initScript);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(launchUrlFor(host, options));
      return page;
    });
    for (const { context, profile } of opened) {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
