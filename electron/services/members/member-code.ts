import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../contract/result.js';

/**
 * Member QR codes: `MK1.<memberId>.<expiry, unix seconds base36>.<HMAC-SHA256 truncated, base64url>`,
 * signed with the store's secret. A screenshot stops working when it expires; a forged or edited
 * code fails the signature. Checked in this order so a forged code never learns about expiry.
 */
const PREFIX = 'MK1';
const SIG_BYTES = 16;

function sign(secret: Buffer, memberId: string, exp: string): string {
  return createHmac('sha256', secret).update(`${PREFIX}.${memberId}.${exp}`).digest().subarray(0, SIG_BYTES).toString('base64url');
}

export function issueCode(secret: Buffer, memberId: string, now: Date, ttlSeconds: number): { code: string; expiresAt: string } {
  const expSec = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const exp = expSec.toString(36);
  return { code: `${PREFIX}.${memberId}.${exp}.${sign(secret, memberId, exp)}`, expiresAt: new Date(expSec * 1000).toISOString() };
}

/** Returns the member id of a valid code; throws MEMBER_CODE_INVALID or MEMBER_CODE_EXPIRED. */
export function verifyCode(secret: Buffer, code: unknown, now: Date): string {
  if (typeof code !== 'string' || code.length > 200) throw new AppError('MEMBER_CODE_INVALID', 'Not a member code');
  const parts = code.trim().split('.');
  if (parts.length !== 4 || parts[0] !== PREFIX) throw new AppError('MEMBER_CODE_INVALID', 'Not a member code');
  const [, memberId, exp, sig] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9-]{1,64}$/.test(memberId) || !/^[0-9a-z]{1,12}$/.test(exp)) throw new AppError('MEMBER_CODE_INVALID', 'Not a member code');
  const expected = Buffer.from(sign(secret, memberId, exp), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('MEMBER_CODE_INVALID', 'Member code signature is not valid');
  if (parseInt(exp, 36) * 1000 <= now.getTime()) throw new AppError('MEMBER_CODE_EXPIRED', 'Member code has expired; show a fresh one');
  return memberId;
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** The short printable member number (no 0/O/1/I to misread). */
export function randomMemberNumber(): string {
  let s = 'M';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}
