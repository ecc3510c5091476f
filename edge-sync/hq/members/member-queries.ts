import type { HqDb } from '../db/hq-db.js';
import { parseJson } from '../hq-sql.js';
import { redemptionLedgerId } from './bank-redemptions.js';
import { bankMember } from './member-lookup.js';
import type { BankReview, LedgerReason, MemberDetail, MemberSummary } from './members-schemas.js';

// The console's reads of one member (issue 13): every query filters by the staff member's chain and
// by member id (events_member, points_ledger_member_day and the bank's member indexes), never a scan.
// Store names come by a join on stores within the same chain (a store id of another chain finds none).

const iso = (v: unknown): string => new Date(String(v)).toISOString();

export async function memberSummary(db: HqDb, chainId: string, memberId: string): Promise<MemberSummary | null> {
  const m = await bankMember(db, chainId, memberId);
  if (!m) return null;
  return { memberId: m.memberId, displayName: m.displayName, phoneMasked: m.phoneMasked, tierId: m.tierId, homeStoreId: m.homeStoreId, homeStoreName: await homeStoreName(db, chainId, m.homeStoreId) };
}

async function homeStoreName(db: HqDb, chainId: string, storeId: string | null): Promise<string | null> {
  if (storeId === null) return null;
  const rows = await db.query<{ name: string }>('SELECT name FROM stores WHERE chain_id = $1 AND store_id = $2', [chainId, storeId]);
  return rows[0]?.name ?? null;
}

async function memberEvents(
  db: HqDb,
  chainId: string,
  memberId: string,
  kinds: string[],
): Promise<Array<{ kind: string; store_id: string; store_name: string | null; occurred_at: string; payload: Record<string, unknown> }>> {
  const rows = await db.query<{ kind: string; store_id: string; store_name: string | null; occurred_at: string; payload: unknown }>(
    `SELECT e.kind, e.store_id, s.name AS store_name, e.occurred_at, e.payload FROM events e LEFT JOIN stores s ON s.chain_id = e.chain_id AND s.store_id = e.store_id
     WHERE e.chain_id = $1 AND e.member_id = $2 AND e.kind IN (${kinds.map((_, i) => `$${i + 3}`).join(', ')}) ORDER BY e.hq_seq`,
    [chainId, memberId, ...kinds],
  );
  return rows.map((r) => ({ ...r, payload: parseJson(r.payload) as Record<string, unknown> }));
}

/** The profile, balance, tier history, cross-store ledger, check-ins per store and review flags; null when not in this chain. */
export async function memberDetail(db: HqDb, chainId: string, memberId: string): Promise<MemberDetail | null> {
  const m = await bankMember(db, chainId, memberId);
  if (!m) return null;
  const profileEvents = await memberEvents(db, chainId, memberId, ['member.created', 'member.updated', 'tier.changed']);
  let joinedAt: string | null = null;
  let birthday: string | null = null;
  const tierHistory: MemberDetail['tierHistory'] = [];
  for (const e of profileEvents) {
    if (e.kind === 'member.created') {
      joinedAt = iso(e.payload['at']);
      birthday = (e.payload['birthday'] as string | null) ?? null;
    } else if (e.kind === 'member.updated') {
      const changed = e.payload['changed'] as Record<string, unknown>;
      if ('birthday' in changed) birthday = (changed['birthday'] as string | null) ?? null;
    } else {
      tierHistory.push({ at: iso(e.payload['at']), fromTierId: (e.payload['fromTier'] as string | null) ?? null, toTierId: String(e.payload['toTier']), storeId: e.store_id, storeName: e.store_name });
    }
  }
  const ledgerRows = await db.query<{ at: string; store_id: string; store_name: string | null; delta: number; event_id: string; kind: string | null }>(
    `SELECT l.at, l.store_id, s.name AS store_name, l.delta, l.event_id, e.payload ->> 'kind' AS kind
     FROM points_ledger l LEFT JOIN events e ON e.chain_id = l.chain_id AND e.event_id = l.event_id
       LEFT JOIN stores s ON s.chain_id = l.chain_id AND s.store_id = l.store_id
     WHERE l.chain_id = $1 AND l.member_id = $2 ORDER BY l.entry_id DESC LIMIT 200`,
    [chainId, memberId],
  );
  const checkIns = await db.query<{ store_id: string; store_name: string | null; n: number; last_at: string }>(
    `SELECT e.store_id, s.name AS store_name, count(*) AS n, max(e.occurred_at) AS last_at
     FROM events e LEFT JOIN stores s ON s.chain_id = e.chain_id AND s.store_id = e.store_id
     WHERE e.chain_id = $1 AND e.member_id = $2 AND e.kind = 'checkin.recorded' GROUP BY e.store_id, s.name ORDER BY e.store_id`,
    [chainId, memberId],
  );
  const reviews = await db.query<{ at: string; store_id: string; store_name: string | null; balance: number }>(
    `SELECT r.at, r.store_id, s.name AS store_name, r.balance FROM bank_reviews r LEFT JOIN stores s ON s.chain_id = r.chain_id AND s.store_id = r.store_id
     WHERE r.chain_id = $1 AND r.member_id = $2 ORDER BY r.at DESC`,
    [chainId, memberId],
  );
  return {
    profile: {
      memberId,
      displayName: m.displayName,
      phoneMasked: m.phoneMasked,
      tierId: m.tierId,
      homeStoreId: m.homeStoreId,
      homeStoreName: await homeStoreName(db, chainId, m.homeStoreId),
      memberCode: m.memberCode, joinedAt,
      birthdayMonth: birthday ? Number(birthday.slice(5, 7)) : null,
    },
    balance: m.pointsBalance,
    tierHistory: tierHistory.reverse(),
    ledger: ledgerRows.map((r) => ({
      at: iso(r.at),
      storeId: r.store_id,
      storeName: r.store_name,
      delta: Number(r.delta),
      reason: r.event_id.startsWith(redemptionLedgerId('')) ? ('redeem_online' satisfies LedgerReason) : (r.kind ?? ('unknown' satisfies LedgerReason)),
      eventId: r.event_id,
    })),
    checkInsByStore: checkIns.map((r) => ({ storeId: r.store_id, storeName: r.store_name, count: Number(r.n), lastAt: iso(r.last_at) })),
    flags: reviews.map((r) => ({
      kind: 'negative_balance' as const,
      at: iso(r.at),
      detail: `balance ${Number(r.balance)} after a redemption at ${r.store_id}`,
      storeId: r.store_id,
      storeName: r.store_name,
      balance: Number(r.balance),
    })),
  };
}

/** Negative balances after offline redemptions, newest first. */
export async function bankReviews(db: HqDb, chainId: string, limit = 200): Promise<BankReview[]> {
  const rows = await db.query<{ member_id: string; balance: number; at: string; store_id: string; store_name: string | null; status: string }>(
    `SELECT r.member_id, r.balance, r.at, r.store_id, s.name AS store_name, r.status FROM bank_reviews r LEFT JOIN stores s ON s.chain_id = r.chain_id AND s.store_id = r.store_id
     WHERE r.chain_id = $1 ORDER BY r.at DESC, r.event_id LIMIT $2`,
    [chainId, limit],
  );
  return rows.map((r) => ({ memberId: r.member_id, balance: Number(r.balance), at: iso(r.at), storeId: r.store_id, storeName: r.store_name, status: r.status }));
}
