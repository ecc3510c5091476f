import type { HqDb } from '../db/hq-db.js';
import { bulkInsert, type Column } from '../hq-sql.js';
import type { Grain } from './periods.js';
import { periodKey, type PeriodCounters } from './rollup-facts.js';

/** Every counter of a rollup_periods row, as a change to add. */
export interface PeriodDelta extends PeriodCounters {
  scope: string;
  grain: Grain;
  period: string;
  activeMembers: number;
  purchasers: number;
  repeatPurchasers: number;
  retainedMembers: number;
}

export type PeriodDeltas = Map<string, PeriodDelta>;

export function periodDelta(deltas: PeriodDeltas, scope: string, grain: Grain, period: string): PeriodDelta {
  const key = periodKey(scope, grain, period);
  let d = deltas.get(key);
  if (!d) {
    d = { scope, grain, period, checkins: 0, revenueFen: 0, refundedFen: 0, tickets: 0, newMembers: 0, activeMembers: 0, purchasers: 0, repeatPurchasers: 0, retainedMembers: 0 };
    deltas.set(key, d);
  }
  return d;
}

const PERIOD_COLUMNS: readonly Column[] = [
  ['chain_id', 'text'], ['scope', 'text'], ['grain', 'text'], ['period', 'text'], ['checkins', 'int'], ['revenue_fen', 'bigint'], ['refunded_fen', 'bigint'],
  ['tickets', 'int'], ['new_members', 'int'], ['active_members', 'int'], ['purchasers', 'int'], ['repeat_purchasers', 'int'], ['retained_members', 'int'],
];
const ADDED = PERIOD_COLUMNS.slice(4).map(([n]) => `${n} = rollup_periods.${n} + excluded.${n}`).join(', ');

/**
 * Adds the deltas to rollup_periods. Rows go in key order, so concurrent ingest transactions of
 * one chain (which all touch the chain-wide rows) lock them in the same order and cannot deadlock;
 * callers run this last, just before commit, to hold those row locks briefly.
 */
export async function addToPeriods(t: HqDb, chainId: string, deltas: PeriodDeltas): Promise<void> {
  const rows = [...deltas.entries()]
    .filter(([, d]) => d.checkins || d.revenueFen || d.refundedFen || d.tickets || d.newMembers || d.activeMembers || d.purchasers || d.repeatPurchasers || d.retainedMembers)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => [chainId, d.scope, d.grain, d.period, d.checkins, d.revenueFen, d.refundedFen, d.tickets, d.newMembers, d.activeMembers, d.purchasers, d.repeatPurchasers, d.retainedMembers]);
  await bulkInsert(t, 'rollup_periods', PERIOD_COLUMNS, rows, `ON CONFLICT (chain_id, scope, grain, period) DO UPDATE SET ${ADDED}`);
}

/** Changes to the tier distribution and the points outstanding, per (scope, tier). */
export type TierDeltas = Map<string, { scope: string; tierId: string; members: number; points: number }>;

export function tierDelta(deltas: TierDeltas, scope: string, tierId: string, members: number, points: number): void {
  const key = `${scope}\u0000${tierId}`;
  const d = deltas.get(key) ?? { scope, tierId, members: 0, points: 0 };
  d.members += members;
  d.points += points;
  deltas.set(key, d);
}

const TIER_COLUMNS: readonly Column[] = [['chain_id', 'text'], ['scope', 'text'], ['tier_id', 'text'], ['members', 'int'], ['points', 'bigint']];

export async function addToTiers(t: HqDb, chainId: string, deltas: TierDeltas): Promise<void> {
  const rows = [...deltas.entries()]
    .filter(([, d]) => d.members !== 0 || d.points !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => [chainId, d.scope, d.tierId, d.members, d.points]);
  await bulkInsert(t, 'rollup_tiers', TIER_COLUMNS, rows, 'ON CONFLICT (chain_id, scope, tier_id) DO UPDATE SET members = rollup_tiers.members + excluded.members, points = rollup_tiers.points + excluded.points');
}
