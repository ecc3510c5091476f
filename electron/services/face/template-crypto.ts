import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../contract/result.js';
import { FaceErrorCode } from './face-errors.js';

/**
 * Where the 32-byte template key comes from. In the Electron app an implementation backed by
 * `safeStorage` lives in electron/main; browser-hosted mode and the CLI use the 0600 key file
 * (./file-key-provider.ts). Tests inject a fixed key.
 */
export interface TemplateKeyProvider {
  /** Short, non-secret id of the key (a hash prefix), stored with each row to detect a key change. */
  readonly keyId: string;
  /** The AES-256 key; throws AppError(FACE_KEY_UNAVAILABLE) when it cannot be obtained. */
  getKey(): Buffer;
}

const FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('member-kiosk/face-template-key-id').update(key).digest('hex').slice(0, 16);
}

/** A provider over a key held in memory (tests, and adapters that already unwrapped a key). */
export function staticKeyProvider(key: Buffer): TemplateKeyProvider {
  if (key.length !== 32) throw new AppError(FaceErrorCode.KEY_UNAVAILABLE, 'The template key must be 32 bytes');
  const copy = Buffer.from(key);
  return { keyId: keyIdOf(copy), getKey: () => copy };
}

/**
 * AES-256-GCM with a fresh 96-bit nonce per record. The associated data binds a sealed template
 * to its member, model version and purpose, so a row copied onto another member fails to open.
 * Layout: [version:1][nonce:12][tag:16][ciphertext].
 */
export function sealBytes(key: Buffer, plaintext: Uint8Array, associatedData: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), nonce, cipher.getAuthTag(), body]);
}

/** Returns null when the record cannot be authenticated (wrong key, tampered row, wrong member). */
export function openBytes(key: Buffer, sealed: Uint8Array, associatedData: string): Buffer | null {
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT_VERSION) return null;
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = buf.subarray(1, 1 + NONCE_BYTES);
  const tag = buf.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const body = buf.subarray(1 + NONCE_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    // GCM authentication failure is an expected outcome here (key rotated or row tampered); the caller counts it.
    return null;
  }
}

export function sealVector(key: Buffer, vector: Float32Array, associatedData: string): Buffer {
  return sealBytes(key, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), associatedData);
}

export function openVector(key: Buffer, sealed: Uint8Array, associatedData: string, dim: number): Float32Array | null {
  const plain = openBytes(key, sealed, associatedData);
  if (!plain || plain.length !== dim * 4) return null;
  const out = new Float32Array(dim);
  new Uint8Array(out.buffer).set(plain);
  return out;
}

export function templateAad(memberId: string, modelVersion: string, purpose: 'template' | 'rejection'): string {
  return `member-kiosk/face/${purpose}\u0000${memberId}\u0000${modelVersion}`;
}
