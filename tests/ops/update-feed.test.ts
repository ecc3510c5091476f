import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelFileName, compareVersions, downloadVerified, fetchRelease, isQuietHour, parseChannelFile, pickFile, type FetchLike } from '../../electron/main/update-feed.js';

// What electron-builder 26 writes for an NSIS build (latest.yml).
const LATEST_YML = `version: 0.2.0
files:
  - url: Member-Kiosk-Setup-0.2.0.exe
    sha512: QUJD
    size: 3
path: Member-Kiosk-Setup-0.2.0.exe
sha512: QUJD
releaseDate: '2026-11-20T08:00:00.000Z'
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function serve(files: Record<string, Buffer | string>): FetchLike & { urls: string[] } {
  const urls: string[] = [];
  const f = (async (url: string) => {
    urls.push(url);
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    const body = files[name];
    if (body === undefined) return { ok: false, status: 404, text: async () => '', body: null };
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return { ok: true, status: 200, text: async () => bytes.toString(), body: new Blob([bytes]).stream() };
  }) as FetchLike;
  return Object.assign(f, { urls });
}

describe('update feed', () => {
  it('parses electron-builder channel files', () => {
    const r = parseChannelFile(LATEST_YML);
    expect(r).toEqual({ version: '0.2.0', files: [{ url: 'Member-Kiosk-Setup-0.2.0.exe', sha512: 'QUJD', size: 3 }], releaseDate: '2026-11-20T08:00:00.000Z' });
    expect(pickFile(r, 'nsis')?.url).toBe('Member-Kiosk-Setup-0.2.0.exe');
    expect(pickFile(r, 'deb')).toBeNull();
    expect(() => parseChannelFile('files:\n  - url: a.exe\n')).toThrow(/version/);
    expect(channelFileName('win32')).toBe('latest.yml');
    expect(channelFileName('linux')).toBe('latest-linux.yml');
  });

  it('orders versions semantically', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBe(-1);
    expect(compareVersions('0.1.0', '0.2.0')).toBe(-1);
  });

  it('installs only inside the quiet hours of the store time zone, wrapping midnight', () => {
    const at = (iso: string) => new Date(iso);
    // 03:30 in Shanghai = 19:30 UTC the day before
    expect(isQuietHour(at('2026-11-21T19:30:00Z'), { from: 3, to: 5 }, 'Asia/Shanghai')).toBe(true);
    expect(isQuietHour(at('2026-11-21T21:30:00Z'), { from: 3, to: 5 }, 'Asia/Shanghai')).toBe(false);
    expect(isQuietHour(at('2026-11-21T15:30:00Z'), { from: 23, to: 2 }, 'Asia/Shanghai')).toBe(true);
    expect(isQuietHour(at('2026-11-21T15:30:00Z'), { from: 4, to: 4 }, 'Asia/Shanghai')).toBe(false);
  });

  it('downloads, verifies sha512 and size, and keeps nothing that fails verification', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-upd-'));
    dirs.push(dir);
    const installer = Buffer.from('MZ pretend installer');
    const sha512 = createHash('sha512').update(installer).digest('base64');
    const yml = `version: 0.2.0\nfiles:\n  - url: Setup.exe\n    sha512: ${sha512}\n    size: ${installer.length}\n`;
    const feed = serve({ 'latest.yml': yml, 'Setup.exe': installer });
    const release = await fetchRelease('https://hq.example/updates', 'win32', feed);
    expect(feed.urls[0]).toBe('https://hq.example/updates/latest.yml');
    const file = await downloadVerified('https://hq.example/updates', pickFile(release, 'nsis')!, dir, feed);
    expect(fs.readFileSync(file).equals(installer)).toBe(true);

    const tampered = serve({ 'Evil.exe': Buffer.from('MZ pretend installeR') });
    await expect(downloadVerified('https://hq.example/updates', { url: 'Evil.exe', sha512, size: installer.length }, dir, tampered)).rejects.toThrow(/verification/);
    expect(fs.readdirSync(dir).sort()).toEqual(['Setup.exe']);
  });
});
