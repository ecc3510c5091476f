/**
 * The Ed25519 release signatures (electron/main/update-signature.ts) and the quiet hours the
 * installer waits for. The signature checks run over the version and sha512 the kiosk computed,
 * so every field an attacker controls in the .sig file is tried here.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isQuietHour } from '../../electron/main/quiet-hours.js';
import {
  generateReleaseKeyPair,
  keyIdOf,
  MAX_SIGNATURE_FILE_BYTES,
  parseSignatureFile,
  parseTrustedKeys,
  signInstaller,
  verifyInstallerSignature,
  type ReleaseSignature,
} from '../../electron/main/update-signature.js';
import { TRUSTED_UPDATE_KEYS } from '../../electron/main/update-trusted-keys.js';

const sha512Of = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
const release = generateReleaseKeyPair();
const trustedKeys = parseTrustedKeys([release.publicKeyPem]);
const installer = Buffer.from('MZ pretend installer 0.2.0');
const sha512 = sha512Of(installer);
const good = signInstaller({ file: 'Member-Kiosk-0.2.0-win-x64.exe', version: '0.2.0', sha512, privateKeyPem: release.privateKeyPem });
const check = (signature: ReleaseSignature, version = '0.2.0', hash = sha512) => verifyInstallerSignature({ signature, version, sha512: hash, trustedKeys });

describe('release signatures', () => {
  it('accepts the installer the pipeline signed, through the .sig file format', () => {
    expect(good.keyId).toBe(release.keyId);
    const parsed = parseSignatureFile(Buffer.from(JSON.stringify(good)));
    expect(check(parsed)).toEqual({ ok: true, keyId: release.keyId });
  });

  it('refuses other bytes, another version, an untrusted key and a forged signature', () => {
    const otherBytes = sha512Of(Buffer.from('MZ evil installer'));
    expect(check(good, '0.2.0', otherBytes)).toEqual({ ok: false, reason: expect.stringMatching(/different bytes/) });
    expect(check(good, '0.3.0')).toEqual({ ok: false, reason: expect.stringMatching(/for version 0\.2\.0.*offers 0\.3\.0/) });
    const stranger = signInstaller({ file: good.file, version: '0.2.0', sha512, privateKeyPem: generateReleaseKeyPair().privateKeyPem });
    expect(check(stranger)).toEqual({ ok: false, reason: expect.stringMatching(/does not trust/) });
    // The fields claim this installer, the signature is over another one: only the crypto catches it.
    const forged = { ...signInstaller({ file: good.file, version: '0.2.0', sha512: otherBytes, privateKeyPem: release.privateKeyPem }), sha512 };
    expect(check(forged)).toEqual({ ok: false, reason: 'the signature does not verify' });
    const flipped = Buffer.from(good.signature, 'base64');
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(check({ ...good, signature: flipped.toString('base64') })).toEqual({ ok: false, reason: 'the signature does not verify' });
  });

  it('signs a domain-separated message: a bare signature over the sha512 by the same key is no release signature', () => {
    const bare = sign(null, Buffer.from(sha512), generateReleaseKeyPair().privateKeyPem);
    expect(check({ ...good, signature: bare.toString('base64') })).toEqual({ ok: false, reason: 'the signature does not verify' });
    const sameKeyBare = sign(null, Buffer.from(sha512), release.privateKeyPem);
    expect(check({ ...good, signature: sameKeyBare.toString('base64') })).toEqual({ ok: false, reason: 'the signature does not verify' });
  });

  it('rejects a signature file that is not ours', () => {
    expect(() => parseSignatureFile('not json')).toThrow(/not JSON/);
    expect(() => parseSignatureFile(JSON.stringify({ ...good, format: 'something-else/1' }))).toThrow(/malformed \(format/);
    expect(() => parseSignatureFile(JSON.stringify({ ...good, extra: 1 }))).toThrow(/malformed/);
    expect(() => parseSignatureFile(JSON.stringify({ ...good, signature: 'AAAA' }))).toThrow(/Ed25519 signature/);
    expect(() => parseSignatureFile(Buffer.alloc(MAX_SIGNATURE_FILE_BYTES + 1, 32))).toThrow(/not a signature/);
    expect(() => parseSignatureFile('{')).toThrow(expect.objectContaining({ code: 'ERR_UPDATE_SIGNATURE' }));
  });

  it('trusts only Ed25519 keys, and the keys embedded in this build are such keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseTrustedKeys([rsa])).toThrow(/rsa key, not Ed25519/);
    expect(() => parseTrustedKeys(['-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n'])).toThrow();
    const embedded = parseTrustedKeys(TRUSTED_UPDATE_KEYS);
    expect(embedded.size).toBe(TRUSTED_UPDATE_KEYS.length); // valid and no duplicates
    expect([...trustedKeys.keys()]).toEqual([release.keyId]);
    expect(keyIdOf(trustedKeys.get(release.keyId)!)).toBe(release.keyId);
  });
});

describe('quiet hours', () => {
  it('are the store’s local hours, wrapping midnight, never when from = to', () => {
    const at = (iso: string) => new Date(iso);
    // 03:30 in Shanghai = 19:30 UTC the day before
    expect(isQuietHour(at('2026-11-21T19:30:00Z'), { from: 3, to: 5 }, 'Asia/Shanghai')).toBe(true);
    expect(isQuietHour(at('2026-11-21T21:30:00Z'), { from: 3, to: 5 }, 'Asia/Shanghai')).toBe(false);
    expect(isQuietHour(at('2026-11-21T15:30:00Z'), { from: 23, to: 2 }, 'Asia/Shanghai')).toBe(true);
    expect(isQuietHour(at('2026-11-21T15:30:00Z'), { from: 4, to: 4 }, 'Asia/Shanghai')).toBe(false);
    // The same instant is 03:30 in Shanghai but 20:30 in London: the store's zone decides.
    expect(isQuietHour(at('2026-11-21T19:30:00Z'), { from: 3, to: 5 }, 'Europe/London')).toBe(false);
  });
});
