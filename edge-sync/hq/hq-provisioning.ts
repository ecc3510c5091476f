import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../protocol/signing.js';
import type { HqDb } from './db/hq-db.js';
import { HqError, type DeviceRecord } from './hq-records.js';

// Chains, stores and device identities: one-time provisioning tokens (kept only as hashes) are
// redeemed for a device id and secret, which sign every later request.

/**
 * Creates the chain and the store if new. `names.store` names (or renames) the store: the console shows
 * stores by this name; a store created without one is named by its id until it is given one.
 */
export async function ensureStore(db: HqDb, storeId: string, chainId: string, now: Date, names: { store?: string; chain?: string } = {}): Promise<void> {
  await db.tx(async (t) => {
    await t.query('INSERT INTO chains (chain_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (chain_id) DO NOTHING', [chainId, names.chain ?? chainId, now.toISOString()]);
    const existing = await t.query<{ chain_id: string }>('SELECT chain_id FROM stores WHERE store_id = $1', [storeId]);
    if (existing[0] && existing[0].chain_id !== chainId) throw new HqError(409, 'FORBIDDEN', `store ${storeId} belongs to chain ${existing[0].chain_id}`);
    await t.query('INSERT INTO stores (store_id, chain_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (store_id) DO NOTHING', [storeId, chainId, names.store ?? storeId, now.toISOString()]);
    if (names.store !== undefined) await t.query('UPDATE stores SET name = $3 WHERE store_id = $1 AND chain_id = $2', [storeId, chainId, names.store]);
  });
}

/** Creates a provisioning token; only its hash is kept, so the token is shown exactly once. */
export async function createProvisioningToken(
  db: HqDb,
  opts: { storeId: string; chainId: string; now: Date; ttlMs: number; maxUses?: number; note?: string; storeName?: string },
): Promise<{ token: string; expiresAt: string; tokenId: string }> {
  await ensureStore(db, opts.storeId, opts.chainId, opts.now, opts.storeName === undefined ? {} : { store: opts.storeName });
  return insertProvisioningToken(db, opts);
}

/**
 * Stores a new token for an existing store (in the caller's transaction, if any). The token id
 * names it in lists and revocations; the token itself is kept only as a hash.
 */
export async function insertProvisioningToken(
  t: HqDb,
  opts: { storeId: string; chainId: string; now: Date; ttlMs: number; maxUses?: number; note?: string },
): Promise<{ token: string; expiresAt: string; tokenId: string }> {
  const token = `mkpt_${randomBytes(24).toString('base64url')}`;
  const tokenId = `tok_${randomBytes(9).toString('base64url')}`;
  const expiresAt = new Date(opts.now.getTime() + opts.ttlMs).toISOString();
  await t.query(
    'INSERT INTO provisioning_tokens (token_hash, store_id, chain_id, created_at, expires_at, max_uses, note, token_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [sha256Hex(token), opts.storeId, opts.chainId, opts.now.toISOString(), expiresAt, opts.maxUses ?? 1, opts.note ?? null, tokenId],
  );
  return { token, expiresAt, tokenId };
}

/**
 * Redeems a token for a new device identity. The secret is returned once, to the device.
 * The use is taken atomically (`UPDATE … WHERE uses < max_uses RETURNING`): fifty devices redeeming
 * one single-use token at once create exactly one device, on PostgreSQL (the row lock re-checks the
 * condition after the first commit) and on SQLite (one writer). Only a refused redemption reads
 * the token again, to say why.
 */
export async function provisionDevice(
  db: HqDb,
  opts: { token: string; storeId: string; deviceName: string; now: Date; originId?: string },
): Promise<{ deviceId: string; secret: string; chainId: string }> {
  const hash = sha256Hex(opts.token);
  return db.tx(async (t) => {
    const taken = await t.query<{ store_id: string; chain_id: string }>(
      'UPDATE provisioning_tokens SET uses = uses + 1 WHERE token_hash = $1 AND store_id = $2 AND expires_at > $3 AND uses < max_uses AND revoked_at IS NULL RETURNING store_id, chain_id',
      [hash, opts.storeId, opts.now.toISOString()],
    );
    const tok = taken[0];
    if (!tok) throw await whyRefused(t, hash, opts.storeId, opts.now);
    if (opts.originId !== undefined) await claimOrigin(t, tok.chain_id, opts.originId, tok.store_id, opts.now);
    const deviceId = `dev_${randomUUID()}`;
    const secret = randomBytes(32).toString('base64url');
    await t.query(
      'INSERT INTO devices (device_id, store_id, chain_id, device_name, secret, created_at, origin_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [deviceId, tok.store_id, tok.chain_id, opts.deviceName, secret, opts.now.toISOString(), opts.originId ?? null],
    );
    return { deviceId, secret, chainId: tok.chain_id };
  });
}

async function whyRefused(t: HqDb, hash: string, storeId: string, now: Date): Promise<HqError> {
  const rows = await t.query<{ store_id: string; expires_at: string; max_uses: number; uses: number; revoked_at: string | null }>(
    'SELECT store_id, expires_at, max_uses, uses, revoked_at FROM provisioning_tokens WHERE token_hash = $1',
    [hash],
  );
  const tok = rows[0];
  if (!tok) return new HqError(401, 'TOKEN_INVALID', 'unknown provisioning token');
  if (tok.store_id !== storeId) return new HqError(403, 'FORBIDDEN', 'this provisioning token is for another store');
  if (tok.revoked_at !== null) return new HqError(401, 'TOKEN_INVALID', 'provisioning token revoked at HQ; ask HQ for a new one');
  if (new Date(tok.expires_at).getTime() <= now.getTime()) return new HqError(401, 'TOKEN_EXPIRED', 'provisioning token expired; ask HQ for a new one');
  return new HqError(401, 'TOKEN_USED', 'provisioning token already used');
}

/**
 * Binds an origin (a store database) to a store: the first store to name it owns it, and no device
 * of another store can ever send under it. Runs in the caller's transaction.
 */
export async function claimOrigin(t: HqDb, chainId: string, originId: string, storeId: string, now: Date): Promise<void> {
  await t.query('INSERT INTO origins (chain_id, origin_id, store_id, bound_at) VALUES ($1, $2, $3, $4) ON CONFLICT (chain_id, origin_id) DO NOTHING', [
    chainId,
    originId,
    storeId,
    now.toISOString(),
  ]);
  const owner = await t.query<{ store_id: string }>('SELECT store_id FROM origins WHERE chain_id = $1 AND origin_id = $2', [chainId, originId]);
  if (owner[0]?.store_id !== storeId) throw new HqError(403, 'ORIGIN_MISMATCH', 'this origin belongs to another store');
}

export async function getDevice(db: HqDb, deviceId: string): Promise<DeviceRecord | null> {
  const rows = await db.query<{ device_id: string; store_id: string; chain_id: string; secret: string; revoked_at: string | null; origin_id: string | null }>(
    'SELECT device_id, store_id, chain_id, secret, revoked_at, origin_id FROM devices WHERE device_id = $1',
    [deviceId],
  );
  const r = rows[0];
  return r ? { deviceId: r.device_id, storeId: r.store_id, chainId: r.chain_id, secret: r.secret, revokedAt: r.revoked_at, originId: r.origin_id ?? null } : null;
}

export async function revokeDevice(db: HqDb, deviceId: string, now: Date): Promise<boolean> {
  const rows = await db.query('UPDATE devices SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL RETURNING device_id', [deviceId, now.toISOString()]);
  return rows.length === 1;
}

export async function touchDevice(db: HqDb, deviceId: string, now: Date): Promise<void> {
  await db.query('UPDATE devices SET last_seen_at = $2 WHERE device_id = $1', [deviceId, now.toISOString()]);
}
