import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract/result.js';
import type { Logger } from '../core/logger.js';
import { fileKeyProvider } from '../services/face/file-key-provider.js';
import { keyIdOf, type TemplateKeyProvider } from '../services/face/template-crypto.js';

/**
 * The part of Electron's `safeStorage` a sealed key needs. Declared here, not imported, so the
 * adapter below runs (and is tested) with a stand-in object in plain Node; only
 * safe-storage-key.ts hands it the real `safeStorage`.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SealedKeyOptions {
  /** The OS-sealed key (safeStorage ciphertext). */
  sealedFile: string;
  /** The 0600 plain key of browser-hosted mode: adopted (then removed) once sealing works, used as is when it does not. */
  plainFile: string;
  log: Logger;
  /** What a sealed key this OS account cannot unlock does: refuse (face templates) or start a new key (PIN lookup tags renew themselves). */
  onUnreadable: { refuse: string } | 'replace';
  platform?: NodeJS.Platform;
}

/**
 * A 32-byte key sealed by the OS (DPAPI on Windows, Keychain on macOS, the keyring on Linux).
 * On Linux without a keyring safeStorage would fall back to a hard-coded password ("basic_text"),
 * which protects nothing; there the 0600 key file is used, and the log says so, rather than pretending.
 */
export function sealedKeyProvider(storage: SafeStorageLike, o: SealedKeyOptions): TemplateKeyProvider {
  if (!hasRealEncryption(storage, o.platform ?? process.platform)) {
    o.log.warn('keys.os_encryption_unavailable', { key: path.basename(o.plainFile), fallback: 'key file readable only by this user' });
    return fileKeyProvider(o.plainFile);
  }
  const key = loadOrCreateSealed(storage, o);
  return { keyId: keyIdOf(key), getKey: () => key };
}

function hasRealEncryption(storage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  if (platform === 'linux') {
    const backend = storage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  }
  return true;
}

function loadOrCreateSealed(storage: SafeStorageLike, o: SealedKeyOptions): Buffer {
  if (fs.existsSync(o.sealedFile)) {
    const key = unseal(storage, o);
    if (key) return key;
  }
  const key = fs.existsSync(o.plainFile) ? fileKeyProvider(o.plainFile).getKey() : randomBytes(32);
  fs.mkdirSync(path.dirname(o.sealedFile), { recursive: true, mode: 0o700 });
  const tmp = `${o.sealedFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, storage.encryptString(key.toString('base64')), { mode: 0o600 });
  fs.renameSync(tmp, o.sealedFile);
  fs.rmSync(o.plainFile, { force: true });
  return key;
}

/** The sealed key, or null when it may be replaced (a key this OS account cannot unlock is gone for it). */
function unseal(storage: SafeStorageLike, o: SealedKeyOptions): Buffer | null {
  let key: Buffer;
  try {
    key = Buffer.from(storage.decryptString(fs.readFileSync(o.sealedFile)), 'base64');
  } catch (error) {
    // Another OS user, a reinstalled OS or a reset keyring.
    if (o.onUnreadable !== 'replace') throw new AppError(o.onUnreadable.refuse, `The key ${o.sealedFile} cannot be unlocked by this OS account (${(error as Error).message})`, { cause: error });
    o.log.warn('keys.sealed_key_replaced', { key: path.basename(o.sealedFile), reason: 'cannot be unlocked by this OS account' });
    return null;
  }
  if (key.length === 32) return key;
  if (o.onUnreadable !== 'replace') throw new AppError(o.onUnreadable.refuse, `${o.sealedFile} does not hold a 32-byte key`);
  o.log.warn('keys.sealed_key_replaced', { key: path.basename(o.sealedFile), reason: 'not a 32-byte key' });
  return null;
}
