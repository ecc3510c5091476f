import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A small client for the "generic" update feed electron-builder writes (latest.yml,
 * latest-linux.yml next to the installers) and HQ serves as static files. No Electron here:
 * the shell (update-service.ts) decides when to check and when to install.
 */
export interface FeedFile {
  url: string;
  sha512: string;
  size: number | null;
}

export interface FeedRelease {
  version: string;
  files: FeedFile[];
  releaseDate: string | null;
}

/** The channel file electron-builder writes per platform. */
export function channelFileName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return 'latest-linux.yml';
}

/**
 * Parses the subset of YAML electron-builder emits for channel files:
 * top-level `key: value`, and a `files:` list of `- url: …` maps with indented keys.
 */
export function parseChannelFile(text: string): FeedRelease {
  const top: Record<string, string> = {};
  const files: Array<Record<string, string>> = [];
  let inFiles = false;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const indented = /^\s/.test(raw);
    const line = raw.trim();
    if (!indented) {
      const m = /^([A-Za-z0-9_]+):\s*(.*)$/.exec(line);
      if (!m) throw new Error(`update feed: cannot read line "${line.slice(0, 60)}"`);
      inFiles = m[1] === 'files' && m[2] === '';
      if (!inFiles) top[m[1] as string] = unquote(m[2] as string);
      continue;
    }
    if (!inFiles) continue;
    const item = /^-\s+([A-Za-z0-9_]+):\s*(.*)$/.exec(line);
    if (item) {
      files.push({ [item[1] as string]: unquote(item[2] as string) });
      continue;
    }
    const kv = /^([A-Za-z0-9_]+):\s*(.*)$/.exec(line);
    const last = files[files.length - 1];
    if (kv && last) last[kv[1] as string] = unquote(kv[2] as string);
  }
  const version = top.version;
  if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error('update feed: missing or invalid version');
  const list: FeedFile[] = files
    .filter((f) => f.url && f.sha512)
    .map((f) => ({ url: f.url as string, sha512: f.sha512 as string, size: f.size ? Number(f.size) : null }));
  if (list.length === 0 && top.path && top.sha512) list.push({ url: top.path, sha512: top.sha512, size: null });
  if (list.length === 0) throw new Error('update feed: no files listed');
  return { version, files: list, releaseDate: top.releaseDate ?? null };
}

function unquote(v: string): string {
  const t = v.trim();
  if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1);
  return t;
}

/** Semantic-version order; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [ac = '', ap] = a.split('-', 2);
  const [bc = '', bp] = b.split('-', 2);
  const an = ac.split('.').map(Number);
  const bn = bc.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (an[i] ?? 0) - (bn[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (ap === undefined && bp === undefined) return 0;
  if (ap === undefined) return 1;
  if (bp === undefined) return -1;
  return ap < bp ? -1 : ap > bp ? 1 : 0;
}

/** Picks the installer this installation can apply: the .exe on Windows, the AppImage or .deb on Linux. */
export function pickFile(release: FeedRelease, kind: 'nsis' | 'appimage' | 'deb'): FeedFile | null {
  const ext = kind === 'nsis' ? '.exe' : kind === 'appimage' ? '.AppImage' : '.deb';
  return release.files.find((f) => f.url.endsWith(ext)) ?? null;
}

export interface FetchLike {
  (url: string, init?: { signal?: AbortSignal }): Promise<{ ok: boolean; status: number; text(): Promise<string>; body: ReadableStream<Uint8Array> | null }>;
}

export async function fetchRelease(feedUrl: string, platform: NodeJS.Platform, fetchImpl: FetchLike = fetch as unknown as FetchLike): Promise<FeedRelease> {
  const url = new URL(channelFileName(platform), feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`).toString();
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`update feed answered ${res.status} for ${url}`);
  return parseChannelFile(await res.text());
}

/**
 * Downloads one installer into `dir`, verifying electron-builder's sha512 (base64) and size before
 * the file gets its final name; a partial or tampered download never looks complete.
 */
export async function downloadVerified(feedUrl: string, file: FeedFile, dir: string, fetchImpl: FetchLike = fetch as unknown as FetchLike): Promise<string> {
  const url = new URL(file.url, feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`).toString();
  const name = path.basename(new URL(url).pathname);
  const target = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(target) && (await sha512Base64(target)) === file.sha512) return target;
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(30 * 60_000) });
  if (!res.ok || !res.body) throw new Error(`update download answered ${res.status} for ${url}`);
  const partial = `${target}.partial`;
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), fs.createWriteStream(partial));
  const size = fs.statSync(partial).size;
  const digest = await sha512Base64(partial);
  if ((file.size !== null && size !== file.size) || digest !== file.sha512) {
    fs.rmSync(partial, { force: true });
    throw new Error(`update download of ${name} failed verification (size ${size}, sha512 mismatch: ${digest !== file.sha512})`);
  }
  fs.renameSync(partial, target);
  return target;
}

export async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/** True inside the configured local quiet hours, e.g. {from: 3, to: 5} = 03:00–04:59; wraps midnight. */
export function isQuietHour(date: Date, quiet: { from: number; to: number }, timeZone: string): boolean {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(date));
  if (quiet.from === quiet.to) return false;
  return quiet.from < quiet.to ? hour >= quiet.from && hour < quiet.to : hour >= quiet.from || hour < quiet.to;
}
