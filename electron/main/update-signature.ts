/**
 * Detached Ed25519 signatures on update installers. The release pipeline signs each installer
 * (`npm run sign-release`), HQ serves `<installer>.sig` beside it in the update feed, and the
 * kiosk installs only an installer whose signature verifies with a key built into the app
 * (update-trusted-keys.ts). This holds on every platform, unlike Authenticode (Windows only) and
 * the feed's sha512 (which whoever controls the feed also controls).
 *
 * What is signed is the installer's version and the sha512 of its bytes, not latest.yml: HQ edits
 * `stagingPercentage` in latest.yml during a staged roll-out and must not need the release key to
 * do so. Binding the version stops a signed installer from being offered as another version.
 *
 * No Electron in this module: the signing script runs it under plain Node.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';

export const SIGNATURE_FORMAT = 'member-kiosk-update-signature/1';
/** Domain separation: these bytes can never be mistaken for anything else the key might sign. */
const SIGNED_PREFIX = 'member-kiosk-update/1';
/** A .sig file is a few hundred bytes; a larger answer is not a signature file. */
export const MAX_SIGNATURE_FILE_BYTES = 4096;

const signatureFileSchema = z
  .object({
    format: z.literal(SIGNATURE_FORMAT),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    /** For people reading the file; verification uses the version and hash the kiosk computed itself. */
    file: z.string().min(1).max(300),
    version: z.string().min(1).max(100),
    sha512: z.string().min(1).max(200),
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'an Ed25519 signature in base64'),
  })
  .strict();

export type ReleaseSignature = z.infer<typeof signatureFileSchema>;

export type SignatureVerdict = { ok: true; keyId: string } | { ok: false; reason: string };

/** The refusal of an installer; `code` is what the update service logs and reports. */
export class UpdateSignatureError extends Error {
  readonly code = 'ERR_UPDATE_SIGNATURE';
}

export function signedMessage(version: string, sha512: string): Buffer {
  return Buffer.from(`${SIGNED_PREFIX}\nversion=${version}\nsha512=${sha512}\n`, 'utf8');
}

/** Short, stable name of a key: the first 16 hex digits of the SHA-256 of its public key (SPKI). */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new UpdateSignatureError(`${what} is a ${key.asymmetricKeyType ?? key.type} key, not Ed25519`);
  return key;
}

/** The app's trusted keys (PEM, SPKI). A key that is not Ed25519 is a build mistake: it throws. */
export function parseTrustedKeys(pems: readonly string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  pems.forEach((pem, i) => {
    const key = requireEd25519(createPublicKey(pem), `trusted update key #${i + 1}`);
    keys.set(keyIdOf(key), key);
  });
  return keys;
}

export function generateReleaseKeyPair(): { privateKeyPem: string; publicKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

export function signInstaller(input: { file: string; version: string; sha512: string; privateKeyPem: string }): ReleaseSignature {
  const key = requireEd25519(createPrivateKey(input.privateKeyPem), 'the signing key');
  return {
    format: SIGNATURE_FORMAT,
    keyId: keyIdOf(key),
    file: input.file,
    version: input.version,
    sha512: input.sha512,
    signature: sign(null, signedMessage(input.version, input.sha512), key).toString('base64'),
  };
}

export function parseSignatureFile(bytes: Buffer | string): ReleaseSignature {
  if (bytes.length > MAX_SIGNATURE_FILE_BYTES) throw new UpdateSignatureError(`the signature file is ${bytes.length} bytes, not a signature`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString());
  } catch {
    throw new UpdateSignatureError('the signature file is not JSON');
  }
  const parsed = signatureFileSchema.safeParse(json);
  if (!parsed.success) throw new UpdateSignatureError(`the signature file is malformed (${parsed.error.issues[0]?.path.join('.') ?? '?'}: ${parsed.error.issues[0]?.message ?? ''})`);
  return parsed.data;
}

/**
 * Verifies `signature` for the installer the kiosk holds: `version` from the feed and `sha512`
 * computed here over the downloaded bytes. The signature's own version/sha512 fields only make the
 * refusal readable; the check itself is over the values the kiosk computed.
 */
export function verifyInstallerSignature(input: { signature: ReleaseSignature; version: string; sha512: string; trustedKeys: ReadonlyMap<string, KeyObject> }): SignatureVerdict {
  const { signature, version, sha512 } = input;
  const key = input.trustedKeys.get(signature.keyId);
  if (!key) return { ok: false, reason: `signed with key ${signature.keyId}, which this build does not trust` };
  if (signature.version !== version) return { ok: false, reason: `the signature is for version ${signature.version}, the feed offers ${version}` };
  if (signature.sha512 !== sha512) return { ok: false, reason: 'the signature is for different bytes (sha512 differs)' };
  if (!verify(null, signedMessage(version, sha512), key, Buffer.from(signature.signature, 'base64'))) {
    return { ok: false, reason: 'the signature does not verify' };
  }
  return { ok: true, keyId: signature.keyId };
}

/** sha512 in base64, the encoding electron-builder writes into latest.yml. */
export async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
