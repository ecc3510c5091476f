import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openVector, sealVector, staticKeyProvider, templateAad } from './template-crypto.js';
import { fileKeyProvider } from './file-key-provider.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('template sealing (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const v = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i));

  it('round-trips a template and hides its bytes', () => {
    const sealed = sealVector(key, v, templateAad('m1', 'model-a', 'template'));
    expect(openVector(key, sealed, templateAad('m1', 'model-a', 'template'), 128)).toEqual(v);
    expect(sealed.includes(Buffer.from(v.buffer).subarray(0, 16))).toBe(false);
    // A fresh nonce each time: sealing twice never gives the same bytes.
    expect(sealVector(key, v, templateAad('m1', 'model-a', 'template')).equals(sealed)).toBe(false);
  });

  it('refuses the wrong key, another member, another model version and a flipped bit', () => {
    const aad = templateAad('m1', 'model-a', 'template');
    const sealed = sealVector(key, v, aad);
    expect(openVector(randomBytes(32), sealed, aad, 128)).toBeNull();
    expect(openVector(key, sealed, templateAad('m2', 'model-a', 'template'), 128)).toBeNull();
    expect(openVector(key, sealed, templateAad('m1', 'model-b', 'template'), 128)).toBeNull();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(openVector(key, tampered, aad, 128)).toBeNull();
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => staticKeyProvider(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('0600 key file provider', () => {
  it('creates the key once with mode 0600 and reads the same key back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-key-'));
    dirs.push(dir);
    const file = path.join(dir, 'keys', 'face-templates.key');
    const a = fileKeyProvider(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const b = fileKeyProvider(file);
    expect(b.getKey().equals(a.getKey())).toBe(true);
    expect(b.keyId).toBe(a.keyId);
    expect(a.getKey()).toHaveLength(32);
  });

  it('refuses a key file other users can read, and a malformed key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-key-'));
    dirs.push(dir);
    const file = path.join(dir, 'k.key');
    fileKeyProvider(file);
    fs.chmodSync(file, 0o644);
    expect(() => fileKeyProvider(file, { platform: 'linux' })).toThrow(expect.objectContaining({ code: 'FACE_KEY_UNAVAILABLE' }));
    fs.chmodSync(file, 0o600);
    fs.writeFileSync(file, 'short');
    expect(() => fileKeyProvider(file, { platform: 'linux' })).toThrow(/32-byte/);
  });
});
