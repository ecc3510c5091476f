import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/result.js';
import { defaultConfig, loadConfig, parseConfig } from './config.js';
import { ensureDataDir } from './data-dir.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-config-'));
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('configuration', () => {
  it('runs with nothing configured: a demo store, Chinese UI, no HQ', () => {
    const config = defaultConfig();
    expect(config.store.id).toBe('demo-store');
    expect(config.ui.locale).toBe('zh-CN');
    expect(config.hq.url).toBeNull();
    expect(config.server.host).toBe('127.0.0.1');
  });

  it('reports wrong types by their path', () => {
    const e = errorOf(() => parseConfig({ server: { port: '80' }, store: { timeZone: 'Mars/Olympus' } }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('server.port');
    expect(e.message).toContain('store.timeZone');
    expect(e.message).toContain('time zone');
  });

  it('reports unknown keys instead of ignoring a typo', () => {
    const e = errorOf(() => parseConfig({ stor: { id: 'x' }, ui: { langauge: 'en' } }));
    expect(e.message).toMatch(/unknown key\(s\) "stor"/);
    expect(e.message).toMatch(/ui: unknown key\(s\) "langauge"/);
  });

  it('reads config.json from the data directory and lets overrides win', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ store: { id: 'shop-7', name: '七号店' }, server: { port: 6000 } }));
    const config = loadConfig(dir, { server: { port: 6001 } });
    expect(config.store).toMatchObject({ id: 'shop-7', name: '七号店' });
    expect(config.server.port).toBe(6001);
  });

  it('names the file when config.json is not JSON', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{ "store": ');
    const e = errorOf(() => loadConfig(dir));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(path.join(dir, 'config.json'));
    expect(e.message).toContain('not valid JSON');
  });

  it('explains an unusable data directory', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const e = errorOf(() => ensureDataDir(path.join(file, 'sub')));
    expect(e.code).toBe('DATA_DIR_UNUSABLE');
    expect(e.message).toMatch(/cannot be created \(ENOTDIR\).*--data-dir/);
    // A folder nobody may make private or write, whoever runs the test (root ignores permission
    // bits, and an owner may chmod their own 0500 folder, which the data folder's 0700 rule now does).
    const locked = errorOf(() => ensureDataDir('/proc'));
    expect(locked.code).toBe('DATA_DIR_UNUSABLE');
    expect(locked.message).toMatch(/\/proc.*--data-dir/);
  });
});
