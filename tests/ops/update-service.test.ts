/**
 * The update service with `electron` mocked, against a real HTTP feed on 127.0.0.1: it downloads a
 * newer AppImage in the background, waits for the quiet hours and an idle counter, then replaces
 * the AppImage and relaunches. An older or equal version is never downloaded.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../electron/core/config.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startUpdateService } from '../../electron/main/update-service.js';
import { sharedFakeElectron } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).sharedFakeElectron().module);

const fake = sharedFakeElectron();
const app = fake.module.app;
let dir: string;
let server: http.Server;
let feedUrl: string;
let requests: string[];
const savedAppImage = process.env.APPIMAGE;

async function serveFeed(version: string, body: Buffer): Promise<void> {
  const sha512 = createHash('sha512').update(body).digest('base64');
  const yml = `version: ${version}\nfiles:\n  - url: Member-Kiosk-${version}.AppImage\n    sha512: ${sha512}\n    size: ${body.length}\npath: Member-Kiosk-${version}.AppImage\nsha512: ${sha512}\n`;
  requests = [];
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.endsWith('/latest-linux.yml')) res.end(yml);
    else if (req.url?.endsWith('.AppImage')) res.end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/`;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-update-'));
  app.isPackaged = true;
  app.exitCode = null;
  app.relaunches.length = 0;
});
afterEach(async () => {
  vi.useRealTimers();
  app.isPackaged = false;
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('update service (AppImage)', () => {
  it('downloads in the background and installs only when quiet and idle', async () => {
    const newBuild = Buffer.from('#!/bin/sh\necho new kiosk 9.9.9\n');
    await serveFeed('9.9.9', newBuild);
    const appImage = path.join(dir, 'Member-Kiosk.AppImage');
    fs.writeFileSync(appImage, 'old build', { mode: 0o755 });
    process.env.APPIMAGE = appImage;
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const config = parseConfig({ kiosk: { updateFeedUrl: feedUrl, quietHours: { from: 0, to: 24 } } });
    const beforeInstall = vi.fn();
    fake.module.powerMonitor.idleSeconds = 5; // someone is at the counter
    const service = startUpdateService({ config, dataDir: dir, log: createMemoryLogger(), beforeInstall })!;
    try {
      expect(service).not.toBeNull();
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(fs.existsSync(path.join(dir, 'updates', 'Member-Kiosk-9.9.9.AppImage'))).toBe(true), { timeout: 5000, interval: 20 });
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(beforeInstall).not.toHaveBeenCalled(); // busy counter: wait
      expect(fs.readFileSync(appImage, 'utf8')).toBe('old build');

      fake.module.powerMonitor.idleSeconds = 3600;
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(beforeInstall).toHaveBeenCalledTimes(1);
      expect(fs.readFileSync(appImage).equals(newBuild)).toBe(true);
      expect(fs.statSync(appImage).mode & 0o111).not.toBe(0);
      expect(app.relaunches).toEqual([{ execPath: appImage }]);
      expect(app.exitCode).toBe(0);
    } finally {
      service.stop();
    }
  });

  it('never downloads an older or equal version, and does nothing unpackaged or without a feed', async () => {
    await serveFeed('0.0.1', Buffer.from('old'));
    process.env.APPIMAGE = path.join(dir, 'Member-Kiosk.AppImage');
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const config = parseConfig({ kiosk: { updateFeedUrl: feedUrl } });
    const service = startUpdateService({ config, dataDir: dir, log: createMemoryLogger(), beforeInstall: () => {} })!;
    try {
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(requests).toEqual(['/updates/latest-linux.yml']), { timeout: 5000, interval: 20 });
      expect(fs.existsSync(path.join(dir, 'updates'))).toBe(false);
    } finally {
      service.stop();
    }
    expect(startUpdateService({ config: parseConfig({}), dataDir: dir, log: createMemoryLogger(), beforeInstall: () => {} })).toBeNull();
    app.isPackaged = false;
    expect(startUpdateService({ config, dataDir: dir, log: createMemoryLogger(), beforeInstall: () => {} })).toBeNull();
  });
});
