import { CARD_CODE, cardCodeHash, type BankMember, type MemberLookupRequest } from '../../protocol/member-bank-wire.js';
import { downlinkBodySchemas } from '../../protocol/wire.js';
import { recordHqAudit } from '../audit/hq-audit.js';
import type { HqDb } from '../db/hq-db.js';
import { findByKey, memberCodeOf, type LookupKeyKind } from '../hq-member-keys.js';
import type { DeviceRecord } from '../hq-records.js';
import { parseJson } from '../hq-sql.js';

/**
 * How a code presented at the counter finds the member (issue 13, item 1). The printable member
 * number (M…) is indexed at HQ from member.created. An MC1 card code (`MC1.<cardId>.<v>.<HMAC>`) is
 * signed with the issuing store's own secret, which never leaves that store, and its card id is
 * random — it does not carry the member. So store B asks HQ: the home store announced the card with
 * member.card_issued (the SHA-256 of the whole code), HQ hashes the presented code the same way and
 * B never needs A's secret. Codes HQ has not heard of (a forged signature, a card replaced since)
 * find nobody, exactly like a revoked card.
 */
export function lookupKeyOf(req: MemberLookupRequest): { kind: LookupKeyKind; value: string } {
  if (req.phone !== undefined) return { kind: 'phone', value: req.phone };
  const code = (req.memberCode ?? '').trim();
  return CARD_CODE.test(code) ? { kind: 'card', value: cardCodeHash(code) } : { kind: 'member_code', value: code };
}

/** A member's non-biometric profile and chain balance, as the bank shows it; null when erased or unknown. */
export async function bankMember(t: HqDb, chainId: string, memberId: string): Promise<BankMember | null> {
  const erased = await t.query('SELECT 1 AS x FROM erasures WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  if (erased.length > 0) return null;
  const rows = await t.query<{ body: unknown }>('SELECT body FROM member_profiles WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  const profile = rows[0] ? downlinkBodySchemas.member_profile.safeParse(parseJson(rows[0].body)) : null;
  if (!profile?.success) return null;
  const balance = await t.query<{ balance: number }>('SELECT balance FROM member_balances WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  return {
    memberId,
    memberCode: await memberCodeOf(t, chainId, memberId),
    displayName: profile.data.displayName,
    phoneMasked: profile.data.phoneMasked,
    tierId: profile.data.tierId,
    homeStoreId: profile.data.homeStoreId,
    pointsBalance: Number(balance[0]?.balance ?? 0),
  };
}

/**
 * POST /v1/members/lookup for a signed device: a member of any store of the device's chain. Every
 * lookup is audited as a device access (found or not), in the same transaction; the audit keeps the
 * member id and how they were looked up, never the phone or code itself.
 */
export async function lookupMemberForDevice(db: HqDb, device: DeviceRecord, req: MemberLookupRequest, now: Date): Promise<BankMember | null> {
  return db.tx(async (t) => {
    const key = lookupKeyOf(req);
    const memberId = await findByKey(t, device.chainId, key.kind, key.value, now);
    const member = memberId === null ? null : await bankMember(t, device.chainId, memberId);
    await recordHqAudit(
      t,
      { chainId: device.chainId, staffId: null, action: 'member.looked_up', subjectType: 'member', subjectId: member?.memberId ?? null, storeId: device.storeId, detail: { by: key.kind, found: member !== null, deviceId: device.deviceId } },
      now,
    );
    return member;
  });
}
