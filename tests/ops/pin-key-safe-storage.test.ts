/**
 * The staff PIN lookup key on a shop PC is sealed by the OS through Electron's safeStorage
 * (StartOptions.pinKeyProvider, wired in electron/main/main.ts). Tested with a stand-in object of the
 * safeStorage interface: the key file on disk is ciphertext only, an earlier plain key is adopted,
 * no keyring means the 0600 file as before, and an unreadable sealed key is replaced (tags renew).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../electron/core/clock.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { createSafeStoragePinKeyProvider, PIN_LOOKUP_SEALED_KEY_FILE } from '../../electron/main/safe-storage-key.js';
import type { SafeStorageLike } from '../../electron/main/sealed-key.js';
import { PIN_LOOKUP_KEY_FILE, startServices } from '../../electron/services/start-services.js';
import { pinLookupPrefix } from '../../electron/services/staff/pin-hash.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).sharedFakeElectron().module);

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-key-safe-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A stand-in keyring: reversible, but the sealed bytes never contain the plain text. */
function standInSafeStorage(options: { backend?: string; available?: boolean; unlock?: boolean } = {}): SafeStorageLike & { sealed: number } {
  const mask = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0xa5));
  const storage = {
    sealed: 0,
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(s: string) {
      storage.sealed++;
      return mask(Buffer.from(`sealed:${s}`));
    },
    decryptString(b: Buffer) {
      if (options.unlock === false) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return mask(b).toString().replace(/^sealed:/, '');
    },
  };
  return storage;
}

describe('staff PIN lookup key sealed by safeStorage', () => {
  it('keeps only the sealed key on disk, stable across restarts, and adopts an earlier plain key', () => {
    const dir = tmp();
    const plainFile = path.join(dir, PIN_LOOKUP_KEY_FILE);
    fs.mkdirSync(path.dirname(plainFile), { recursive: true, mode: 0o700 });
    const earlier = randomBytes(32);
    fs.writeFileSync(plainFile, `${earlier.toString('base64')}\n`, { mode: 0o600 });
    const storage = standInSafeStorage();
    const provider = createSafeStoragePinKeyProvider(dir, createMemoryLogger(), storage);
    expect(provider.getKey().equals(earlier)).toBe(true);
    expect(storage.sealed).toBe(1);
    expect(fs.existsSync(plainFile)).toBe(false);
    const sealed = fs.readFileSync(path.join(dir, PIN_LOOKUP_SEALED_KEY_FILE));
    expect(sealed.includes(earlier)).toBe(false);
    expect(sealed.toString('latin1')).not.toContain(earlier.toString('base64'));
    expect(fs.statSync(path.join(dir, PIN_LOOKUP_SEALED_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(createSafeStoragePinKeyProvider(dir, createMemoryLogger(), storage).getKey().equals(earlier)).toBe(true);
    expect(storage.sealed).toBe(1);
  });

  it('without a real keyring (basic_text) uses the 0600 key file and says so', () => {
    const dir = tmp();
    const log = createMemoryLogger();
    const key = createSafeStoragePinKeyProvider(dir, log, standInSafeStorage({ backend: 'basic_text' })).getKey();
    expect(key).toHaveLength(32);
    expect(fs.statSync(path.join(dir, PIN_LOOKUP_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, PIN_LOOKUP_SEALED_KEY_FILE))).toBe(false);
    expect(log.lines.some((l) => l.includes('keys.os_encryption_unavailable'))).toBe(true);
  });

  it('a sealed key this OS account cannot unlock is replaced, with a warning (PIN tags name their key and renew)', () => {
    const dir = tmp();
    const first = createSafeStoragePinKeyProvider(dir, createMemoryLogger(), standInSafeStorage()).getKey();
    const log = createMemoryLogger();
    const second = createSafeStoragePinKeyProvider(dir, log, standInSafeStorage({ unlock: false })).getKey();
    expect(second).toHaveLength(32);
    expect(second.equals(first)).toBe(false);
    expect(log.lines.some((l) => l.includes('keys.sealed_key_replaced'))).toBe(true);
  });

  it('the services tag PINs with the sealed key and write no plain key file; plain Node without it keeps the file', async () => {
    const dir = tmp();
    const storage = standInSafeStorage();
    const pinKeyProvider = createSafeStoragePinKeyProvider(dir, createMemoryLogger(), storage);
    const services = await startServices({ dataDir: dir, transport: 'in-process', demo: true, log: createMemoryLogger(), clock: fixedClock('2026-11-22T02:00:00Z'), pinKeyProvider });
    try {
      const tags = services.db.prepare('SELECT pin_lookup FROM staff').pluck().all() as string[];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag.startsWith(pinLookupPrefix(pinKeyProvider.getKey()))).toBe(true);
      expect(fs.existsSync(path.join(dir, PIN_LOOKUP_KEY_FILE))).toBe(false);
    } finally {
      await services.close();
    }
    const plainDir = tmp();
    const plain = await startServices({ dataDir: plainDir, transport: 'in-process', demo: true, log: createMemoryLogger(), clock: fixedClock('2026-11-22T02:00:00Z') });
    try {
      const fileKey = Buffer.from(fs.readFileSync(path.join(plainDir, PIN_LOOKUP_KEY_FILE), 'utf8').trim(), 'base64');
      const tags = plain.db.prepare('SELECT pin_lookup FROM staff').pluck().all() as string[];
      for (const tag of tags) expect(tag.startsWith(pinLookupPrefix(fileKey))).toBe(true);
    } finally {
      await plain.close();
    }
  }, 120_000);
});
