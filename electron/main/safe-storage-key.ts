import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { AppError } from '../contract/result.js';
import type { Logger } from '../core/logger.js';
import { fileKeyProvider } from '../services/face/file-key-provider.js';
import { keyIdOf, type TemplateKeyProvider } from '../services/face/template-crypto.js';

export type { TemplateKeyProvider };

/** The OS-protected key (safeStorage ciphertext), beside the plain key file of browser-hosted mode. */
export const TEMPLATE_KEY_FILE = path.join('keys', 'face-templates.safe');
/** Where the face service's file provider keeps the key by default (face.keyFile = null). */
export const PLAIN_TEMPLATE_KEY_FILE = path.join('keys', 'face-templates.key');

/**
 * The face template key for the installed app, protected by the OS (DPAPI on Windows, the keyring
 * on Linux) through Electron's safeStorage.
 *
 * - A key already created by browser-hosted mode or the CLI (the 0600 plain file) is adopted, so
 *   templates enrolled before stay readable, and the plain copy is removed once protected.
 * - On a Linux terminal without a keyring safeStorage would fall back to a hard-coded password
 *   ("basic_text"), which protects nothing; there the face service's own 0600 key file is used, and
 *   the log says so, rather than pretending.
 */
export function createSafeStorageKeyProvider(dataDir: string, log: Logger, plainKeyFile: string | null = null): TemplateKeyProvider {
  const plainFile = plainKeyFile ?? path.join(dataDir, PLAIN_TEMPLATE_KEY_FILE);
  if (!hasRealEncryption()) {
    log.warn('keys.os_encryption_unavailable', { fallback: 'key file readable only by this user' });
    return fileKeyProvider(plainFile);
  }
  const key = loadOrCreateProtected(path.join(dataDir, TEMPLATE_KEY_FILE), plainFile);
  return { keyId: keyIdOf(key), getKey: () => key };
}

function hasRealEncryption(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  }
  return true;
}

function loadOrCreateProtected(file: string, plainFile: string): Buffer {
  if (fs.existsSync(file)) {
    let key: Buffer;
    try {
      key = Buffer.from(safeStorage.decryptString(fs.readFileSync(file)), 'base64');
    } catch (error) {
      // Another OS user, a reinstalled OS or a reset keyring: the key is gone for this account.
      throw new AppError('FACE_KEY_UNAVAILABLE', `The face template key cannot be unlocked by this OS account (${(error as Error).message})`, { cause: error });
    }
    if (key.length !== 32) throw new AppError('FACE_KEY_UNAVAILABLE', `${file} does not hold a 32-byte key`);
    return key;
  }
  const key = fs.existsSync(plainFile) ? fileKeyProvider(plainFile).getKey() : randomBytes(32);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.rmSync(plainFile, { force: true });
  return key;
}
