import type { HqDb } from '../db/hq-db.js';
import { HqHttpError } from '../http/hq-app.js';
import { newSecret, secretHash } from './session-store.js';

/**
 * One-time setup links (issue 13): how a new staff member, the first admin included, sets a password.
 * The token travels in the URL fragment (`/console/setup#token=…`), which browsers never send to a
 * server or put in a Referer, so it stays out of access logs; HQ keeps only its hash. Single use, 24 h.
 */
export const SETUP_LINK_TTL_MS = 24 * 3_600_000;

export function setupLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/console/setup#token=${token}`;
}

export async function createSetupLink(t: HqDb, staff: { chainId: string; staffId: string }, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_TTL_MS).toISOString();
  await t.query('INSERT INTO hq_setup_links (token_hash, chain_id, staff_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, NULL)', [
    secretHash(token),
    staff.chainId,
    staff.staffId,
    now.toISOString(),
    expiresAt,
  ]);
  return { token, expiresAt };
}

const invalid = () => new HqHttpError(400, 'SETUP_LINK_INVALID', 'this setup link is unknown, used or expired; ask a chain admin for a new one');

/** The staff member a usable link is for, without using it up (so a refused password does not burn the link). */
export async function peekSetupLink(db: HqDb, token: string, now: Date): Promise<{ chainId: string; staffId: string }> {
  const rows = await db.query('SELECT chain_id, staff_id FROM hq_setup_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2', [
    secretHash(token),
    now.toISOString(),
  ]);
  const r = rows[0];
  if (!r) throw invalid();
  return { chainId: String(r.chain_id), staffId: String(r.staff_id) };
}

/** Uses the link up, atomically: of two requests with the same token, one gets the staff member and the other SETUP_LINK_INVALID. */
export async function consumeSetupLink(t: HqDb, token: string, now: Date): Promise<{ chainId: string; staffId: string }> {
  const rows = await t.query(
    'UPDATE hq_setup_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING chain_id, staff_id',
    [secretHash(token), now.toISOString()],
  );
  const r = rows[0];
  if (!r) throw invalid();
  return { chainId: String(r.chain_id), staffId: String(r.staff_id) };
}
