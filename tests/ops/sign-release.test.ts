/**
 * scripts/sign-release.ts on a dist/ folder as electron-builder leaves it (channel files, the
 * installers, builder-debug.yml): key generation, signing what the channel files list, and
 * verifying the result the way the kiosk does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateReleaseKeyPair, parseSignatureFile, parseTrustedKeys, verifyInstallerSignature } from '../../electron/main/update-signature.js';
import { sha512Of } from './update-feed-server.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let dist: string;

function run(...args: string[]) {
  const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/sign-release.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, KIOSK_RELEASE_KEY: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const installers = {
  'Member-Kiosk-0.2.0-win-x64.exe': Buffer.from('MZ installer 0.2.0'),
  'Member-Kiosk-0.2.0-linux-x86_64.AppImage': Buffer.from('#!/bin/sh\n# AppImage 0.2.0\n'),
  'Member-Kiosk-0.2.0-linux-amd64.deb': Buffer.from('!<arch>\ndeb 0.2.0'),
};

function channelFile(names: Array<keyof typeof installers>): string {
  const files = names.map((n) => `  - url: ${n}\n    sha512: ${sha512Of(installers[n])}\n    size: ${installers[n].length}\n`).join('');
  return `version: 0.2.0\nfiles:\n${files}path: ${names[0]}\nsha512: ${sha512Of(installers[names[0]!])}\nreleaseDate: '2026-11-20T08:00:00.000Z'\n`;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-sign-'));
  dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  for (const [name, body] of Object.entries(installers)) fs.writeFileSync(path.join(dist, name), body);
  fs.writeFileSync(path.join(dist, 'latest.yml'), channelFile(['Member-Kiosk-0.2.0-win-x64.exe']));
  fs.writeFileSync(path.join(dist, 'latest-linux.yml'), channelFile(['Member-Kiosk-0.2.0-linux-x86_64.AppImage', 'Member-Kiosk-0.2.0-linux-amd64.deb']));
  fs.writeFileSync(path.join(dist, 'builder-debug.yml'), 'x64:\n  firstOrDefaultFilePatterns:\n    - "**/*"\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each run starts tsx (a few seconds on a busy 2-core machine): generous limits, not flaky ones.
describe('sign-release', { timeout: 120_000 }, () => {
  it('generates a key pair, signs every installer the channel files list, and verifies them', () => {
    const keygen = run('keygen', '--out', 'release.key');
    expect(keygen.status).toBe(0);
    expect(fs.statSync(path.join(dir, 'release.key')).mode & 0o777).toBe(0o600);
    const publicKey = fs.readFileSync(path.join(dir, 'release.key.pub'), 'utf8');
    expect(keygen.stdout).toContain(publicKey.trim());
    expect(run('keygen', '--out', 'release.key').status).toBe(2); // never overwrites a key

    const signing = run('sign', '--key', 'release.key');
    expect(signing.status, signing.stderr).toBe(0);
    expect(signing.stderr).toMatch(/not in electron\/main\/update-trusted-keys\.ts/);
    expect(fs.readdirSync(dist).filter((f) => f.endsWith('.sig')).sort()).toEqual(Object.keys(installers).map((n) => `${n}.sig`).sort());

    // What the kiosk would do with each of them.
    const trustedKeys = parseTrustedKeys([publicKey]);
    for (const [name, body] of Object.entries(installers)) {
      const signature = parseSignatureFile(fs.readFileSync(path.join(dist, `${name}.sig`)));
      expect(signature.file).toBe(name);
      expect(verifyInstallerSignature({ signature, version: '0.2.0', sha512: sha512Of(body), trustedKeys }).ok, name).toBe(true);
    }
    const verified = run('verify', '--public-key', 'release.key.pub');
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout.match(/^ok /gm)).toHaveLength(3);

    // An installer replaced after signing fails the check the pipeline runs before uploading.
    fs.appendFileSync(path.join(dist, 'Member-Kiosk-0.2.0-linux-amd64.deb'), 'tampered');
    const refused = run('verify', '--public-key', 'release.key.pub');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/REFUSED {2}Member-Kiosk-0\.2\.0-linux-amd64\.deb 0\.2\.0: the signature is for different bytes/);
  });

  it('refuses to sign an installer that does not match its channel file, or without a key', () => {
    fs.writeFileSync(path.join(dir, 'release.key'), generateReleaseKeyPair().privateKeyPem, { mode: 0o600 });
    fs.writeFileSync(path.join(dist, 'Member-Kiosk-0.2.0-win-x64.exe'), 'MZ something else');
    const mismatch = run('sign', '--key', 'release.key');
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toMatch(/Member-Kiosk-0\.2\.0-win-x64\.exe does not match the sha512 in latest\.yml/);
    expect(fs.existsSync(path.join(dist, 'Member-Kiosk-0.2.0-win-x64.exe.sig'))).toBe(false);
    expect(run('sign').status).toBe(2);
    expect(run('sign', '--key', 'release.key', '--dir', 'nowhere').stderr).toMatch(/does not exist/);
  });
});
