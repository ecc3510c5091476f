import type { WireEvent } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { pointsDeltaOf } from '../event-effects.js';
import { anyOf, bulkInsert, listParam, type Column } from '../hq-sql.js';
import { existingActivityKeys, type ActivityKeyRef } from './activity-keys.js';
import { nextPeriod, previousPeriod, type Grain } from './periods.js';
import { addToPeriods, addToTiers, periodDelta, tierDelta, type PeriodDeltas, type TierDeltas } from './rollup-counters.js';
import { CHAIN_SCOPE, activityKey, addEvent, emptyContribution, type ActivityDelta, type MemberFacts } from './rollup-facts.js';

/**
 * Applies events to the dashboard rollups (../../SCALING.md, "Dashboard rollups"), so the console
 * never scans `events`: per scope (store or chain) and period the summable counters, distinct active
 * members, purchasers, repeat purchasers and members retained from the previous period; per member
 * the member rollup; per scope and tier the members and points outstanding. The rollup consumer
 * (rollup-queue.ts) calls it with the events of several queued ingest batches at once, so a member's
 * many events in one period become one row update.
 */

/** A stored event and the store that sent it. */
export interface RollupEvent {
  storeId: string;
  event: WireEvent;
}

const ACTIVITY_COLUMNS: readonly Column[] = [
  ['chain_id', 'text'], ['member_id', 'text'], ['scope', 'text'], ['grain', 'text'], ['period', 'text'], ['activities', 'int'], ['purchases', 'int'],
];
const MEMBER_COLUMNS: readonly Column[] = [
  ['chain_id', 'text'], ['member_id', 'text'], ['home_store_id', 'text'], ['tier_id', 'text'], ['joined_at', 'timestamptz'],
  ['last_visit_at', 'timestamptz'], ['purchase_count', 'int'], ['birthday_month', 'int'], ['points', 'bigint'],
];
const byKey = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** `events` in the order HQ stored them (hq_seq), so each member's come in their sequence order. */
export async function applyRollups(t: HqDb, chainId: string, events: readonly RollupEvent[]): Promise<void> {
  if (events.length === 0) return;
  const c = emptyContribution();
  const firstStore = new Map<string, string>();
  const withPoints = new Set<string>();
  for (const { storeId, event } of events) {
    addEvent(c, storeId, event);
    if (event.memberId !== null && !firstStore.has(event.memberId)) firstStore.set(event.memberId, storeId);
    if (event.memberId !== null && pointsDeltaOf(event) !== 0) withPoints.add(event.memberId);
  }
  const periods: PeriodDeltas = new Map();
  for (const p of c.periods.values()) {
    const d = periodDelta(periods, p.scope, p.grain, p.period);
    d.checkins += p.checkins;
    d.revenueFen += p.revenueFen;
    d.refundedFen += p.refundedFen;
    d.tickets += p.tickets;
    d.newMembers += p.newMembers;
  }
  const ids = [...new Set([...c.members.keys(), ...withPoints])].sort();
  const before = await lockMemberRows(t, chainId, ids);
  await applyActivity(t, chainId, c.activity, periods, before);
  const tiers: TierDeltas = new Map();
  await applyMembers(t, chainId, ids, before, c.members, firstStore, tiers);
  await addToTiers(t, chainId, tiers);
  await addToPeriods(t, chainId, periods);
}

/**
 * The members' rollup rows, locked until the commit (one consumer per chain holds the chain's lock
 * anyway; erasure and rebuild take it too). A member without a row has no activity rows either.
 */
async function lockMemberRows(t: HqDb, chainId: string, ids: readonly string[]): Promise<Map<string, MemberRow>> {
  if (ids.length === 0) return new Map();
  const lock = t.dialect === 'postgres' ? ' ORDER BY member_id FOR UPDATE' : '';
  const found = await t.query<MemberRow>(
    `SELECT member_id, home_store_id, tier_id, joined_at, last_visit_at, purchase_count, birthday_month, points FROM member_rollup WHERE chain_id = $1 AND ${anyOf(t, 'member_id', 2, ids.length)}${lock}`,
    [chainId, ...listParam(t, [...ids])],
  );
  return new Map(found.map((r) => [r.member_id, r]));
}

/**
 * Upserts the batch's (member, scope, period) activity rows and turns what changed into distinct
 * counts: a row that did not exist is a newly active member; purchases crossing 1 and 2 make a
 * purchaser and a repeat purchaser. A new row whose previous period's row exists is a retained
 * member; so is the next period's row when it was already there (an event that arrived late).
 */
async function applyActivity(t: HqDb, chainId: string, activity: Map<string, ActivityDelta>, periods: PeriodDeltas, known: ReadonlyMap<string, MemberRow>): Promise<void> {
  if (activity.size === 0) return;
  // Members new to the rollups have no rows yet: theirs are all fresh, their neighbours are in this batch or nowhere.
  const newcomers = [...activity.values()].filter((a) => !known.has(a.memberId));
  if (newcomers.length > 0) {
    await bulkInsert(t, 'member_period_activity', ACTIVITY_COLUMNS, newcomers.map((a) => [chainId, a.memberId, a.scope, a.grain, a.period, a.activities, a.purchases]), '');
    for (const a of newcomers) {
      const d = periodDelta(periods, a.scope, a.grain, a.period);
      d.activeMembers += 1;
      if (a.purchases > 0) d.purchasers += 1;
      if (a.purchases >= 2) d.repeatPurchasers += 1;
      if (activity.has(activityKey(a.memberId, a.scope, a.grain, previousPeriod(a.grain, a.period)))) d.retainedMembers += 1;
    }
  }
  const rows = byKey([...activity.entries()].filter(([, a]) => known.has(a.memberId))).map((a) => [chainId, a.memberId, a.scope, a.grain, a.period, a.activities, a.purchases]);
  if (rows.length === 0) return;
  const after = await bulkInsert(
    t,
    'member_period_activity',
    ACTIVITY_COLUMNS,
    rows,
    `ON CONFLICT (chain_id, member_id, scope, grain, period) DO UPDATE SET activities = member_period_activity.activities + excluded.activities,
       purchases = member_period_activity.purchases + excluded.purchases RETURNING member_id, scope, grain, period, activities, purchases`,
  );
  const fresh: ActivityDelta[] = [];
  for (const r of after) {
    const key = activityKey(String(r['member_id']), String(r['scope']), r['grain'] as Grain, String(r['period']));
    const batchPart = activity.get(key);
    if (!batchPart) continue;
    const d = periodDelta(periods, batchPart.scope, batchPart.grain, batchPart.period);
    const purchasesNow = Number(r['purchases']);
    const purchasesBefore = purchasesNow - batchPart.purchases;
    if (Number(r['activities']) === batchPart.activities) {
      d.activeMembers += 1;
      fresh.push(batchPart);
    }
    if (purchasesBefore === 0 && purchasesNow > 0) d.purchasers += 1;
    if (purchasesBefore < 2 && purchasesNow >= 2) d.repeatPurchasers += 1;
  }
  const freshKeys = new Set(fresh.map((a) => activityKey(a.memberId, a.scope, a.grain, a.period)));
  const neighbours: ActivityKeyRef[] = fresh.flatMap((a) => [
    { memberId: a.memberId, scope: a.scope, grain: a.grain, period: previousPeriod(a.grain, a.period) },
    { memberId: a.memberId, scope: a.scope, grain: a.grain, period: nextPeriod(a.grain, a.period) },
  ]);
  const existing = await existingActivityKeys(t, chainId, neighbours);
  for (const a of fresh) {
    if (existing.has(activityKey(a.memberId, a.scope, a.grain, previousPeriod(a.grain, a.period)))) periodDelta(periods, a.scope, a.grain, a.period).retainedMembers += 1;
    const next = nextPeriod(a.grain, a.period);
    const nextKey = activityKey(a.memberId, a.scope, a.grain, next);
    // A next-period row that is new in this batch counts its own previous period (above), not twice.
    if (existing.has(nextKey) && !freshKeys.has(nextKey)) periodDelta(periods, a.scope, a.grain, next).retainedMembers += 1;
  }
}

type MemberRow = {
  member_id: string;
  home_store_id: string;
  tier_id: string;
  joined_at: string | null;
  last_visit_at: string | null;
  purchase_count: number;
  birthday_month: number | null;
  points: number;
};

/**
 * The member rollup, and the tier distribution and points outstanding that follow from it. A
 * member's row keeps the balance its tier row counts (`points`), so the points outstanding follow
 * member_balances whatever changed it (ingest, online redemptions) the next time the member is applied.
 */
async function applyMembers(
  t: HqDb,
  chainId: string,
  ids: string[],
  before: ReadonlyMap<string, MemberRow>,
  facts: Map<string, MemberFacts>,
  firstStore: ReadonlyMap<string, string>,
  tiers: TierDeltas,
): Promise<void> {
  if (ids.length === 0) return;
  const homes = new Map<string, string>();
  for (const r of await t.query<{ member_id: string; home_store_id: string }>(
    `SELECT member_id, home_store_id FROM member_homes WHERE chain_id = $1 AND ${anyOf(t, 'member_id', 2, ids.length)}`,
    [chainId, ...listParam(t, ids)],
  )) {
    homes.set(r.member_id, r.home_store_id);
  }
  const balances = new Map<string, number>();
  for (const r of await t.query<{ member_id: string; balance: number }>(
    `SELECT member_id, balance FROM member_balances WHERE chain_id = $1 AND ${anyOf(t, 'member_id', 2, ids.length)}`,
    [chainId, ...listParam(t, ids)],
  )) {
    balances.set(r.member_id, Number(r.balance));
  }
  const upserts: unknown[][] = [];
  for (const m of ids) {
    const old = before.get(m);
    const f = facts.get(m) ?? { purchases: 0 };
    const next: MemberRow = {
      member_id: m,
      home_store_id: homes.get(m) ?? old?.home_store_id ?? firstStore.get(m) ?? '',
      tier_id: f.tierId ?? old?.tier_id ?? '',
      joined_at: f.joinedAt ?? old?.joined_at ?? null,
      last_visit_at: latest(old?.last_visit_at ?? null, f.lastVisitAt ?? null),
      purchase_count: Number(old?.purchase_count ?? 0) + f.purchases,
      birthday_month: f.birthdayMonth !== undefined ? f.birthdayMonth : old?.birthday_month ?? null,
      points: balances.get(m) ?? 0,
    };
    if (old) for (const scope of [old.home_store_id, CHAIN_SCOPE]) tierDelta(tiers, scope, old.tier_id, -1, -Number(old.points));
    for (const scope of [next.home_store_id, CHAIN_SCOPE]) tierDelta(tiers, scope, next.tier_id, 1, next.points);
    upserts.push([chainId, m, next.home_store_id, next.tier_id, next.joined_at, next.last_visit_at, next.purchase_count, next.birthday_month, next.points]);
  }
  await bulkInsert(
    t,
    'member_rollup',
    MEMBER_COLUMNS,
    upserts,
    `ON CONFLICT (chain_id, member_id) DO UPDATE SET home_store_id = excluded.home_store_id, tier_id = excluded.tier_id, joined_at = excluded.joined_at,
       last_visit_at = excluded.last_visit_at, purchase_count = excluded.purchase_count, birthday_month = excluded.birthday_month, points = excluded.points`,
  );
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? new Date(b).toISOString() : new Date(a).toISOString();
}
