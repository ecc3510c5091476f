import { chromium, test as base, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKioskHost, type KioskHost } from './host.js';
import { chromiumPath } from './paths.js';

export type Lang = 'zh-CN' | 'zh-TW' | 'en';

export interface OpenOptions {
  /** The MJPEG file Chromium uses as its camera; null: a machine with no camera at all. */
  clip: string | null;
  route?: 'home' | 'kiosk' | 'join' | 'cashier' | 'manager';
  lang?: Lang;
  /** Runs in the page before any of its scripts (measurement probes). */
  initScript?: () => void;
}

/** Flags from /work/shared/ENVIRONMENT.md: keep Chromium off the (closed) network. */
const QUIET_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchUrlFor(host: KioskHost, options: Pick<OpenOptions, 'route' | 'lang'>): string {
  const url = new URL(host.launchUrl);
  if (options.lang) url.searchParams.set('lang', options.lang);
  url.hash = options.route && options.route !== 'home' ? `/${options.route}` : '/';
  return url.toString();
}

export const test = base.extend<{ host: KioskHost; openKiosk: (options: OpenOptions) => Promise<Page> }>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startKioskHost();
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
        viewport: { width: 1280, height: 800 },
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
