import path from 'node:path';
import { safeStorage } from 'electron';
import type { Logger } from '../core/logger.js';
import type { TemplateKeyProvider } from '../services/face/template-crypto.js';
import { PIN_LOOKUP_KEY_FILE } from '../services/start-services.js';
import { sealedKeyProvider, type SafeStorageLike } from './sealed-key.js';

export type { TemplateKeyProvider };

/** The OS-protected key (safeStorage ciphertext), beside the plain key file of browser-hosted mode. */
export const TEMPLATE_KEY_FILE = path.join('keys', 'face-templates.safe');
/** Where the face service's file provider keeps the key by default (face.keyFile = null). */
export const PLAIN_TEMPLATE_KEY_FILE = path.join('keys', 'face-templates.key');

/**
 * The face template key for the installed app, sealed by the OS through Electron's safeStorage.
 * A key already created by browser-hosted mode or the CLI (the 0600 plain file) is adopted, so
 * templates enrolled before stay readable, and the plain copy is removed once protected. A sealed
 * key this OS account cannot unlock is a clear FACE_KEY_UNAVAILABLE, never a new key (that would
 * orphan every template).
 */
export function createSafeStorageKeyProvider(dataDir: string, log: Logger, plainKeyFile: string | null = null): TemplateKeyProvider {
  return sealedKeyProvider(safeStorage, {
    sealedFile: path.join(dataDir, TEMPLATE_KEY_FILE),
    plainFile: plainKeyFile ?? path.join(dataDir, PLAIN_TEMPLATE_KEY_FILE),
    log,
    onUnreadable: { refuse: 'FACE_KEY_UNAVAILABLE' },
  });
}

/** The OS-sealed staff PIN lookup key, beside the plain key file (keys/staff-pin-lookup.key) of browser-hosted mode. */
export const PIN_LOOKUP_SEALED_KEY_FILE = path.join('keys', 'staff-pin-lookup.safe');

/**
 * The staff PIN lookup key (StartOptions.pinKeyProvider) sealed by the OS on a shop PC, so a copy of
 * the data folder without the OS account cannot recompute PIN tags. An earlier plain key is adopted.
 * A sealed key that cannot be unlocked is replaced rather than refused: the tags name their key, and
 * each account's tag is renewed at its next sign-in (staff-service.ts), so nothing is lost.
 */
export function createSafeStoragePinKeyProvider(dataDir: string, log: Logger, storage: SafeStorageLike = safeStorage): TemplateKeyProvider {
  return sealedKeyProvider(storage, {
    sealedFile: path.join(dataDir, PIN_LOOKUP_SEALED_KEY_FILE),
    plainFile: path.join(dataDir, PIN_LOOKUP_KEY_FILE),
    log,
    onUnreadable: 'replace',
  });
}
