import { recordHqAudit } from '../audit/hq-audit.js';
import type { HqDb } from '../db/hq-db.js';
import { HqHttpError, type ConsoleStaff } from '../http/hq-app.js';
import { insertProvisioningToken } from '../hq-provisioning.js';
import type { CreateTokenResponse, TokensResponse } from './dashboard-schemas.js';
import { requireStore } from './dashboard-queries.js';

/**
 * A store's provisioning tokens for the console: listed by id (never the token), created (the
 * token is shown once) and revoked. A revoked or expired token can no longer provision a device
 * (hq-provisioning.ts). Creation and revocation are audited in the same transaction.
 */

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

export async function listTokens(db: HqDb, chainId: string, storeId: string): Promise<TokensResponse> {
  await requireStore(db, chainId, storeId);
  const rows = await db.query<{ token_id: string; created_at: string; expires_at: string; max_uses: number; uses: number; revoked_at: string | null; note: string | null }>(
    'SELECT token_id, created_at, expires_at, max_uses, uses, revoked_at, note FROM provisioning_tokens WHERE chain_id = $1 AND store_id = $2 ORDER BY created_at DESC, token_id',
    [chainId, storeId],
  );
  return {
    tokens: rows.map((r) => ({
      tokenId: r.token_id,
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
      maxUses: Number(r.max_uses),
      uses: Number(r.uses),
      revokedAt: iso(r.revoked_at),
      note: r.note,
    })),
  };
}

export async function createToken(db: HqDb, staff: ConsoleStaff, storeId: string, body: { ttlHours: number; maxUses: number; note?: string | undefined }, now: Date): Promise<CreateTokenResponse> {
  await requireStore(db, staff.chainId, storeId);
  return db.tx(async (t) => {
    const made = await insertProvisioningToken(t, { storeId, chainId: staff.chainId, now, ttlMs: body.ttlHours * 3_600_000, maxUses: body.maxUses, ...(body.note !== undefined ? { note: body.note } : {}) });
    await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'provisioning_token.created', subjectType: 'provisioning_token', subjectId: made.tokenId, storeId, detail: { ttlHours: body.ttlHours, maxUses: body.maxUses } }, now);
    return { tokenId: made.tokenId, token: made.token, expiresAt: made.expiresAt };
  });
}

export async function revokeToken(db: HqDb, staff: ConsoleStaff, storeId: string, tokenId: string, now: Date): Promise<void> {
  await requireStore(db, staff.chainId, storeId);
  await db.tx(async (t) => {
    const found = await t.query<{ revoked_at: string | null }>('SELECT revoked_at FROM provisioning_tokens WHERE chain_id = $1 AND store_id = $2 AND token_id = $3', [staff.chainId, storeId, tokenId]);
    if (!found[0]) throw new HqHttpError(404, 'NOT_FOUND', 'no such provisioning token');
    if (found[0].revoked_at !== null) return; // revoking twice changes nothing
    await t.query('UPDATE provisioning_tokens SET revoked_at = $4 WHERE chain_id = $1 AND store_id = $2 AND token_id = $3 AND revoked_at IS NULL', [staff.chainId, storeId, tokenId, now.toISOString()]);
    await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'provisioning_token.revoked', subjectType: 'provisioning_token', subjectId: tokenId, storeId }, now);
  });
}
