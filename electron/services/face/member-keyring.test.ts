import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openFaceVault } from './face-vault.js';
import { MemberKeyring } from './member-keyring.js';
import { staticKeyProvider } from './template-crypto.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function vaultFile(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'keyring-'));
  dirs.push(d);
  return path.join(d, 'keys', 'face-vault.sqlite');
}

describe('per-member keyring (crypto-shredding)', () => {
  it('seals per member, survives a reopen, and after shred nothing of that member opens while others still do', () => {
    const file = vaultFile();
    const device = staticKeyProvider(randomBytes(32));
    const bytes = randomBytes(512);
    let vault = openFaceVault(file);
    const ring = new MemberKeyring(vault, device);
    const a = ring.seal('m-a', bytes, 'template');
    const b = ring.seal('m-b', bytes, 'template');
    expect(ring.open('m-a', a, 'template')).toEqual(bytes);
    // Bound to member and context: a row moved to another member, or read as another purpose, does not open.
    expect(ring.open('m-b', a, 'template')).toBeNull();
    expect(ring.open('m-a', a, 'rejection')).toBeNull();
    vault.close();

    vault = openFaceVault(file);
    const reopened = new MemberKeyring(vault, device);
    expect(reopened.open('m-a', a, 'template')).toEqual(bytes);
    expect(reopened.shred('m-a')).toBe(true);
    expect(reopened.open('m-a', a, 'template')).toBeNull();
    expect(reopened.hasKey('m-a')).toBe(false);
    expect(reopened.open('m-b', b, 'template')).toEqual(bytes);
    vault.close();
    expect(fs.statSync(file).mode & 0o777).toBe(process.platform === 'win32' ? fs.statSync(file).mode & 0o777 : 0o600);
  });

  it('a vault opened with another device key opens nothing (and never replaces the existing key)', () => {
    const file = vaultFile();
    const vault = openFaceVault(file);
    const sealed = new MemberKeyring(vault, staticKeyProvider(randomBytes(32))).seal('m-a', Buffer.from('x'));
    const other = new MemberKeyring(vault, staticKeyProvider(randomBytes(32)));
    expect(other.open('m-a', sealed)).toBeNull();
    expect(() => other.seal('m-a', Buffer.from('y'))).toThrow(/another device key/);
    vault.close();
  });
});
