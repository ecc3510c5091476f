import type { RedemptionRequest } from '../../protocol/member-bank-wire.js';
import { recordHqAudit } from '../audit/hq-audit.js';
import type { HqDb } from '../db/hq-db.js';
import { appendChange } from '../hq-downlink.js';
import { HqError, type DeviceRecord } from '../hq-records.js';
import type { TrustPolicy } from '../hq-trust.js';

export interface RedemptionAnswer {
  opId: string;
  status: 'authorised' | 'insufficient';
  balance: number;
  changeSeq: number;
}

type RedemptionRow = {
  member_id: string;
  store_id: string;
  points: number;
  status: string;
  balance_after: number;
  change_seq: number;
};

/** The ledger's event id for an online redemption: HQ's own, so no store event id can collide with it. */
export const redemptionLedgerId = (opId: string): string => `redemption:${opId}`;

/**
 * Authorises a redemption against the member's chain balance (issue 13, the member bank).
 *
 * Atomic: the balance moves in one `UPDATE … WHERE balance >= points`, so two stores redeeming at
 * once serialise on the member's row and the second sees the first's debit — exactly one succeeds
 * when both together exceed the balance. Idempotent: the op id is claimed first (primary key); a
 * retry, or a concurrent duplicate that waited on the claim, returns the first answer. The ledger
 * entry and the downlink balance change commit with it; the store's later points.changed event
 * names the same op id and is recognised at ingest as already booked (bank-ingest.ts).
 */
export async function authoriseRedemption(db: HqDb, device: DeviceRecord, req: RedemptionRequest, now: Date, policy: TrustPolicy): Promise<RedemptionAnswer> {
  return db.tx(async (t) => {
    const chainId = device.chainId;
    const at = now.toISOString();
    const claimed = await t.query(
      `INSERT INTO bank_redemptions (chain_id, op_id, member_id, store_id, device_id, points, reason, status, balance_after, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8) ON CONFLICT (chain_id, op_id) DO NOTHING RETURNING op_id`,
      [chainId, req.opId, req.memberId, device.storeId, device.deviceId, req.points, req.reason.slice(0, 200), at],
    );
    if (claimed.length === 0) return firstAnswer(t, chainId, device, req);

    const erased = await t.query('SELECT 1 AS x FROM erasures WHERE chain_id = $1 AND member_id = $2', [chainId, req.memberId]);
    const home = await t.query<{ home_store_id: string }>('SELECT home_store_id FROM member_homes WHERE chain_id = $1 AND member_id = $2', [chainId, req.memberId]);
    if (erased.length > 0 || home.length === 0) throw new HqError(404, 'NOT_FOUND', 'no such member in this chain');
    if (home[0]?.home_store_id !== device.storeId && req.points > policy.maxCrossStorePointsPerEvent) {
      throw new HqError(422, 'POINTS_LIMIT', `points: ${req.points} is over the ${policy.maxCrossStorePointsPerEvent} points another store may move at once`);
    }
    const debited = await t.query<{ balance: number }>(
      'UPDATE member_balances SET balance = balance - $3 WHERE chain_id = $1 AND member_id = $2 AND balance >= $3 RETURNING balance',
      [chainId, req.memberId, req.points],
    );
    let answer: RedemptionAnswer;
    if (debited.length === 1) {
      const balance = Number(debited[0]?.balance);
      await t.query('INSERT INTO points_ledger (chain_id, member_id, delta, event_id, store_id, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        chainId,
        req.memberId,
        -req.points,
        redemptionLedgerId(req.opId),
        device.storeId,
        at,
      ]);
      const asOf = await t.query<{ s: number }>('SELECT coalesce(max(hq_seq), 0) AS s FROM events WHERE chain_id = $1 AND member_id = $2', [chainId, req.memberId]);
      const changeSeq = await appendChange(t, chainId, 'member_balance', req.memberId, { memberId: req.memberId, pointsBalance: balance, asOfHqSeq: Number(asOf[0]?.s ?? 0) }, now);
      answer = { opId: req.opId, status: 'authorised', balance, changeSeq };
    } else {
      const rows = await t.query<{ balance: number }>('SELECT balance FROM member_balances WHERE chain_id = $1 AND member_id = $2', [chainId, req.memberId]);
      answer = { opId: req.opId, status: 'insufficient', balance: Number(rows[0]?.balance ?? 0), changeSeq: 0 };
    }
    await t.query('UPDATE bank_redemptions SET status = $3, balance_after = $4, change_seq = $5 WHERE chain_id = $1 AND op_id = $2', [
      chainId,
      req.opId,
      answer.status,
      answer.balance,
      answer.changeSeq,
    ]);
    await recordHqAudit(t, { chainId, staffId: null, action: `redemption.${answer.status}`, subjectType: 'member', subjectId: req.memberId, storeId: device.storeId, detail: { points: req.points, deviceId: device.deviceId } }, now);
    return answer;
  });
}

/** The answer a retry gets: the first one, as long as it is the same redemption by the same store. */
async function firstAnswer(t: HqDb, chainId: string, device: DeviceRecord, req: RedemptionRequest): Promise<RedemptionAnswer> {
  const rows = await t.query<RedemptionRow>('SELECT member_id, store_id, points, status, balance_after, change_seq FROM bank_redemptions WHERE chain_id = $1 AND op_id = $2', [chainId, req.opId]);
  const row = rows[0];
  if (!row || row.member_id !== req.memberId || row.store_id !== device.storeId || Number(row.points) !== req.points) {
    throw new HqError(409, 'OP_ID_MISMATCH', 'opId: already used for another redemption');
  }
  // An op booked offline first (its event arrived before this call) was a debit all the same.
  const status = row.status === 'insufficient' ? 'insufficient' : 'authorised';
  return { opId: req.opId, status, balance: Number(row.balance_after), changeSeq: Number(row.change_seq) };
}
