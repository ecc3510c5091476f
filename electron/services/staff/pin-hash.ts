import { createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * PINs are hashed with scrypt (a slow, memory-hard KDF) and a per-PIN salt. A short PIN is
 * guessable offline whatever the KDF, so the real defence is the lockout after failed attempts
 * and keeping the database on the device; scrypt makes bulk guessing expensive.
 */
const N = 16_384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, KEY_LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * A keyed lookup tag so PIN-only sign-in finds the account without trying every scrypt hash. The key
 * comes from the key provider (a 0600 key file / safeStorage), never from the database: with only a
 * copy of the database, the tag cannot be used to try all PINs. The tag names its key
 * (`<key id>.<hmac>`), so rows tagged under another key (older versions, a replaced key) are known
 * to be stale and are re-tagged at their next sign-in (staff-service.ts).
 */
export function pinLookup(secret: Buffer, pin: string): string {
  return `${pinLookupPrefix(secret)}${createHmac('sha256', secret).update(`staff-pin:${pin}`).digest('base64url')}`;
}

export function pinLookupPrefix(secret: Buffer): string {
  return `${createHash('sha256').update('member-kiosk/pin-lookup-key-id').update(secret).digest('hex').slice(0, 12)}.`;
}
