import { createHmac, randomBytes } from 'node:crypto';
import type { WireEvent } from '../protocol/wire.js';
import type { HqDb } from './db/hq-db.js';

// How HQ finds a member of another store without keeping their phone number in clear: every lookup
// key (phone, printable member number, card id) is stored as HMAC-SHA256 under the chain's own
// lookup secret. A leaked table is useless without the secret, and an 11-digit phone space cannot be
// brute-forced offline from the hashes alone. Keys come from member.created / member.updated at
// ingest, card codes (their SHA-256 only) from member.card_issued; erasure deletes them with the rest of the member's data.

export type LookupKeyKind = 'phone' | 'member_code' | 'card';

/** The chain's lookup secret, created on first use (one row per chain). */
export async function lookupSecret(t: HqDb, chainId: string, now: Date): Promise<Buffer> {
  await t.query('INSERT INTO member_lookup_secrets (chain_id, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (chain_id) DO NOTHING', [
    chainId,
    randomBytes(32).toString('base64'),
    now.toISOString(),
  ]);
  const rows = await t.query<{ secret: string }>('SELECT secret FROM member_lookup_secrets WHERE chain_id = $1', [chainId]);
  return Buffer.from(String(rows[0]?.secret), 'base64');
}

export function keyHash(secret: Buffer, kind: LookupKeyKind, value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${normalise(kind, value)}`).digest('base64url');
}

function normalise(kind: LookupKeyKind, value: string): string {
  return kind === 'member_code' ? value.trim().toUpperCase() : value.trim();
}

/** The lookup keys an event sets: a new member's phone and number, a changed phone, a card issued by the home store. */
function keysOf(e: WireEvent): Array<{ memberId: string; kind: LookupKeyKind; value: string }> {
  if (e.kind === 'member.created') {
    return [
      { memberId: e.payload.memberId, kind: 'phone', value: e.payload.phone },
      { memberId: e.payload.memberId, kind: 'member_code', value: e.payload.memberCode },
    ];
  }
  if (e.kind === 'member.updated' && e.payload.changed.phone !== undefined) return [{ memberId: e.payload.memberId, kind: 'phone', value: e.payload.changed.phone }];
  if (e.kind === 'member.card_issued') return [{ memberId: e.payload.memberId, kind: 'card', value: e.payload.codeHash }];
  return [];
}

/**
 * Indexes the lookup keys of stored events, in the ingest transaction. A changed phone replaces the
 * member's old phone key (the old number must stop finding them); a number taken over by another
 * member points at the newer one.
 */
export async function indexLookupKeys(t: HqDb, chainId: string, events: readonly WireEvent[], now: Date): Promise<void> {
  const keys = events.flatMap(keysOf);
  if (keys.length === 0) return;
  const secret = await lookupSecret(t, chainId, now);
  for (const k of keys) {
    // One phone and one card per member: a new one replaces the old (a changed number, a card replaced after a loss).
    if (k.kind === 'phone' || k.kind === 'card') {
      await t.query('DELETE FROM member_lookup_keys WHERE chain_id = $1 AND member_id = $2 AND key_kind = $3', [chainId, k.memberId, k.kind]);
    }
    await t.query(
      `INSERT INTO member_lookup_keys (chain_id, key_kind, key_hash, member_id, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain_id, key_kind, key_hash) DO UPDATE SET member_id = excluded.member_id, updated_at = excluded.updated_at`,
      [chainId, k.kind, keyHash(secret, k.kind, k.value), k.memberId, now.toISOString()],
    );
  }
}

/** The member a key finds in this chain, or null. */
export async function findByKey(t: HqDb, chainId: string, kind: LookupKeyKind, value: string, now: Date): Promise<string | null> {
  const secret = await lookupSecret(t, chainId, now);
  const rows = await t.query<{ member_id: string }>('SELECT member_id FROM member_lookup_keys WHERE chain_id = $1 AND key_kind = $2 AND key_hash = $3', [
    chainId,
    kind,
    keyHash(secret, kind, value),
  ]);
  return rows[0]?.member_id ?? null;
}

/** Member numbers in clear are not personal data, but the console shows one: it is read from the member's creation event. */
export async function memberCodeOf(t: HqDb, chainId: string, memberId: string): Promise<string | null> {
  const rows = await t.query<{ payload: unknown }>(
    "SELECT payload FROM events WHERE chain_id = $1 AND member_id = $2 AND kind = 'member.created' ORDER BY hq_seq LIMIT 1",
    [chainId, memberId],
  );
  const p = rows[0]?.payload;
  const body = (typeof p === 'string' ? JSON.parse(p) : p) as { memberCode?: unknown } | undefined;
  return typeof body?.memberCode === 'string' ? body.memberCode : null;
}
