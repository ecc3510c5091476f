import { randomBytes } from 'node:crypto';
import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import { FaceErrorCode } from './face-errors.js';
import { deleteWrappedKey, insertWrappedKey, readWrappedKey } from './face-vault.js';
import { openBytes, sealBytes, type TemplateKeyProvider } from './template-crypto.js';

/**
 * Per-member data keys for crypto-shredding. Everything biometric about a member (templates,
 * "not me" probes, any consented image) is sealed with that member's own 32-byte key; the key is
 * stored only wrapped by the device key, in the face vault (outside the store database and its
 * backups). `shred` deletes it: every sealed copy of that member's data anywhere becomes noise.
 *
 * The API other face code uses is deliberately small: seal/open(memberId, bytes, context) and shred.
 * `context` is authenticated (AES-GCM associated data): a blob sealed for one purpose or model does
 * not open as another.
 */
export class MemberKeyring {
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly vault: Db,
    private readonly deviceKey: TemplateKeyProvider,
    private readonly nowIso: () => string = () => new Date().toISOString(),
  ) {}

  /** Marks rows sealed by this keyring (face_templates.key_id / face_rejections.key_id). */
  get keyId(): string {
    return `mk:${this.deviceKey.keyId}`;
  }

  /** Seals `bytes` under the member's key, creating the key on first use. */
  seal(memberId: string, bytes: Uint8Array, context = ''): Buffer {
    const key = this.keyOf(memberId, true);
    if (!key) throw new AppError(FaceErrorCode.KEY_UNAVAILABLE, 'This member\'s face key was wrapped by another device key; it cannot be used or replaced here');
    return sealBytes(key, bytes, aad(memberId, context));
  }

  /** Opens what `seal` made; null when the member's key was shredded or the blob was altered or moved. */
  open(memberId: string, sealed: Uint8Array, context = ''): Buffer | null {
    const key = this.keyOf(memberId, false);
    return key ? openBytes(key, sealed, aad(memberId, context)) : null;
  }

  hasKey(memberId: string): boolean {
    return this.keyOf(memberId, false) !== null;
  }

  /** Destroys the member's key (erasure, face consent withdrawn). Returns whether there was one. */
  shred(memberId: string): boolean {
    this.cache.get(memberId)?.fill(0);
    this.cache.delete(memberId);
    return deleteWrappedKey(this.vault, memberId);
  }

  private keyOf(memberId: string, create: boolean): Buffer | null {
    const cached = this.cache.get(memberId);
    if (cached) return cached;
    const row = readWrappedKey(this.vault, memberId);
    if (row) {
      const key = openBytes(this.deviceKey.getKey(), row.wrapped, wrapAad(memberId));
      // A key wrapped by another device key cannot be used (and must not be replaced: its data would be orphaned silently).
      if (!key || key.length !== 32) return null;
      this.cache.set(memberId, key);
      return key;
    }
    if (!create) return null;
    const key = randomBytes(32);
    insertWrappedKey(this.vault, memberId, sealBytes(this.deviceKey.getKey(), key, wrapAad(memberId)), this.deviceKey.keyId, this.nowIso());
    this.cache.set(memberId, key);
    return key;
  }
}

function wrapAad(memberId: string): string {
  return `member-kiosk/face/member-key\u0000${memberId}`;
}

function aad(memberId: string, context: string): string {
  return `member-kiosk/face/member-sealed\u0000${memberId}\u0000${context}`;
}
