import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Request signing shared by both ends. The canonical string binds method, path (with query),
 * timestamp, nonce and the body's hash, so a signature cannot be moved to another request;
 * HQ remembers nonces for the signature window, so the same request cannot be played twice.
 */
export function canonicalRequest(method: string, pathWithQuery: string, timestampMs: number, nonce: string, body: string | Buffer): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestampMs}\n${nonce}\n${bodyHash}`;
}

export function signRequest(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

export function signaturesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** Provisioning tokens and device secrets are stored by HQ only as this hash (tokens) or used as HMAC keys (secrets). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
