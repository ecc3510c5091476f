import type { WireEvent } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { parseJson } from '../hq-sql.js';
import { previousPeriod, type Grain } from './periods.js';
import { addToPeriods, addToTiers, periodDelta, tierDelta, type PeriodDeltas, type TierDeltas } from './rollup-counters.js';
import { CHAIN_SCOPE, activityKey, addEvent, emptyContribution } from './rollup-facts.js';
import { NOT_QUEUED, lockChainRollups } from './rollup-queue.js';

/**
 * Takes an erased member out of the rollups, inside the erasure's transaction and before their
 * events are deleted: their member row and activity rows go (they carry the member id), and every
 * counter they contributed to is reduced by exactly what they added, so the rollups stay equal to
 * a recomputation over the events HQ still holds. Only what the rollups already hold is taken out:
 * events whose batch is still queued were never added, and once deleted the consumer skips them. The
 * chain's rollup lock keeps a consumer from applying a batch of theirs meanwhile (rollup-queue.ts).
 */
export async function removeMemberFromRollups(t: HqDb, chainId: string, memberId: string): Promise<void> {
  await lockChainRollups(t, chainId);
  const events = await t.query<{ store_id: string; kind: string; member_id: string | null; payload: unknown }>(
    `SELECT e.store_id, e.kind, e.member_id, e.payload FROM events e WHERE e.chain_id = $1 AND e.member_id = $2 AND ${NOT_QUEUED} ORDER BY e.hq_seq`,
    [chainId, memberId],
  );
  const c = emptyContribution();
  for (const e of events) addEvent(c, e.store_id, { kind: e.kind, memberId: e.member_id, payload: parseJson(e.payload) } as WireEvent);
  const periods: PeriodDeltas = new Map();
  for (const p of c.periods.values()) {
    const d = periodDelta(periods, p.scope, p.grain, p.period);
    d.checkins -= p.checkins;
    d.revenueFen -= p.revenueFen;
    d.refundedFen -= p.refundedFen;
    d.tickets -= p.tickets;
    d.newMembers -= p.newMembers;
  }
  const activity = await t.query<{ scope: string; grain: string; period: string; purchases: number }>(
    'SELECT scope, grain, period, purchases FROM member_period_activity WHERE chain_id = $1 AND member_id = $2',
    [chainId, memberId],
  );
  const keys = new Set(activity.map((a) => activityKey(memberId, a.scope, a.grain as Grain, a.period)));
  for (const a of activity) {
    const grain = a.grain as Grain;
    const d = periodDelta(periods, a.scope, grain, a.period);
    d.activeMembers -= 1;
    if (Number(a.purchases) > 0) d.purchasers -= 1;
    if (Number(a.purchases) >= 2) d.repeatPurchasers -= 1;
    if (keys.has(activityKey(memberId, a.scope, grain, previousPeriod(grain, a.period)))) d.retainedMembers -= 1;
  }
  const tiers: TierDeltas = new Map();
  const row = await t.query<{ home_store_id: string; tier_id: string; points: number }>('SELECT home_store_id, tier_id, points FROM member_rollup WHERE chain_id = $1 AND member_id = $2', [
    chainId,
    memberId,
  ]);
  const r = row[0];
  if (r) for (const scope of [r.home_store_id, CHAIN_SCOPE]) tierDelta(tiers, scope, r.tier_id, -1, -Number(r.points));
  await t.query('DELETE FROM member_period_activity WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await t.query('DELETE FROM member_rollup WHERE chain_id = $1 AND member_id = $2', [chainId, memberId]);
  await addToTiers(t, chainId, tiers);
  await addToPeriods(t, chainId, periods);
}
