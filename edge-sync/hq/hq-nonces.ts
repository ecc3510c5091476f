import type { HqDb } from './db/hq-db.js';

// Replay protection: every signed request carries a nonce, remembered until the request's
// signature would have expired anyway.

/** Records a request nonce; false when it was seen before (a replay). Runs on `db` or inside a transaction. */
export async function rememberNonce(db: HqDb, deviceId: string, nonce: string, expiresAt: Date): Promise<boolean> {
  const rows = await db.query(
    'INSERT INTO request_nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT (device_id, nonce) DO NOTHING RETURNING nonce',
    [deviceId, nonce, expiresAt.toISOString()],
  );
  return rows.length === 1;
}

export async function purgeNonces(db: HqDb, now: Date): Promise<void> {
  await db.query('DELETE FROM request_nonces WHERE expires_at < $1', [now.toISOString()]);
}
