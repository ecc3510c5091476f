import type { HqDb } from '../db/hq-db.js';
import { HqHttpError } from '../http/hq-app.js';
import { dayOfInstant, nextPeriod, periodOf, periodsBetween, previousPeriod, type Grain } from './periods.js';
import { CHAIN_SCOPE } from './rollup-facts.js';
import { FACE_DATA_FILING_THRESHOLD, type DashboardPoint, type DashboardQuery, type DashboardResponse } from './dashboard-schemas.js';
import { faceDataByStore } from './store-queries.js';

/**
 * The chain dashboard, read from the rollup tables only (a handful of indexed rows per query, never
 * `events`), always filtered by the signed-in staff member's chain. Definitions: ../../SCALING.md.
 */

/** What points are worth when redeemed, per tier (fen per 100 points), from the chain's active rules. */
export type PointsValueSource = (db: HqDb, chainId: string) => Promise<{ byTier: Record<string, number>; defaultFenPer100Points: number }>;

/** Until the chain publishes rules at HQ: the presets' value, 100 points = ¥1. */
export const presetPointsValue: PointsValueSource = async () => ({ byTier: {}, defaultFenPer100Points: 100 });

const DEFAULT_PERIODS: Record<Grain, number> = { day: 30, week: 12, month: 12 };
const MAX_PERIODS = 400;

export async function readDashboard(db: HqDb, chainId: string, q: DashboardQuery, now: Date, pointsValue: PointsValueSource = presetPointsValue): Promise<DashboardResponse> {
  const scope = q.storeId ?? CHAIN_SCOPE;
  const scopeName = q.storeId !== undefined ? (await requireStore(db, chainId, q.storeId)).name : null;
  const to = q.to ?? dayOfInstant(now.toISOString());
  let from = q.from;
  if (from === undefined) {
    from = periodOf(q.grain, to);
    for (let i = 1; i < DEFAULT_PERIODS[q.grain]; i++) from = previousPeriod(q.grain, from);
  }
  if (from > to) throw new HqHttpError(400, 'VALIDATION', 'from: must not be after to');
  const periods = periodsBetween(q.grain, from, to, MAX_PERIODS + 1);
  if (periods.length > MAX_PERIODS) throw new HqHttpError(400, 'VALIDATION', `from..to: at most ${MAX_PERIODS} periods of a ${q.grain}`);
  const first = periods[0] ?? periodOf(q.grain, from);
  const last = periods[periods.length - 1] ?? first;

  const rows = await db.query<Record<string, number | string>>(
    `SELECT period, checkins, revenue_fen, tickets, active_members, purchasers, repeat_purchasers, retained_members FROM rollup_periods
     WHERE chain_id = $1 AND scope = $2 AND grain = $3 AND period >= $4 AND period <= $5`,
    [chainId, scope, q.grain, previousPeriod(q.grain, first), last],
  );
  const byPeriod = new Map(rows.map((r) => [String(r['period']), r]));
  const joined = await membersJoinedBy(db, chainId, scope, first, nextPeriod(q.grain, last));

  const series: DashboardPoint[] = periods.map((period) => {
    const r = byPeriod.get(period);
    const prev = byPeriod.get(previousPeriod(q.grain, period));
    const n = (k: string) => Number(r?.[k] ?? 0);
    const prevActive = Number(prev?.['active_members'] ?? 0);
    const end = nextPeriod(q.grain, period);
    return {
      period,
      members: joined(end),
      activeMembers: n('active_members'),
      checkIns: n('checkins'),
      revenueFen: n('revenue_fen'),
      tickets: n('tickets'),
      averageTicketFen: n('tickets') > 0 ? Math.round(n('revenue_fen') / n('tickets')) : 0,
      repurchaseRate: n('purchasers') > 0 ? n('repeat_purchasers') / n('purchasers') : 0,
      churnRate: prevActive > 0 ? Math.min(1, Math.max(0, 1 - n('retained_members') / prevActive)) : 0,
    };
  });

  const tiers = await db.query<{ tier_id: string; members: number; points: number }>('SELECT tier_id, members, points FROM rollup_tiers WHERE chain_id = $1 AND scope = $2 ORDER BY tier_id', [chainId, scope]);
  const value = await pointsValue(db, chainId);
  let outstandingPoints = 0;
  let valueFen = 0;
  for (const t of tiers) {
    outstandingPoints += Number(t.points);
    valueFen += (Number(t.points) * (value.byTier[t.tier_id] ?? value.defaultFenPer100Points)) / 100;
  }
  const faces = await faceDataByStore(db, chainId, q.storeId);
  return {
    scope: { storeId: q.storeId ?? null, storeName: scopeName },
    grain: q.grain,
    series,
    tierDistribution: tiers.filter((t) => Number(t.members) > 0).map((t) => ({ tierId: t.tier_id === '' ? null : t.tier_id, members: Number(t.members) })),
    pointsLiability: { outstandingPoints, valueFen: Math.round(valueFen) },
    faceData: { people: faces.reduce((s, f) => s + f.people, 0), threshold: FACE_DATA_FILING_THRESHOLD, byStore: faces },
  };
}

/**
 * Members joined before a day (exclusive), from month rows before its month plus day rows within
 * it: at most a few dozen rows whatever the range.
 */
async function membersJoinedBy(db: HqDb, chainId: string, scope: string, firstStart: string, lastEnd: string): Promise<(endExclusive: string) => number> {
  const months = await db.query<{ period: string; n: number }>(
    "SELECT period, new_members AS n FROM rollup_periods WHERE chain_id = $1 AND scope = $2 AND grain = 'month' AND period < $3 AND new_members <> 0",
    [chainId, scope, lastEnd],
  );
  const days = await db.query<{ period: string; n: number }>(
    "SELECT period, new_members AS n FROM rollup_periods WHERE chain_id = $1 AND scope = $2 AND grain = 'day' AND period >= $3 AND period < $4 AND new_members <> 0",
    [chainId, scope, periodOf('month', firstStart), lastEnd],
  );
  return (end) => {
    const month = periodOf('month', end);
    let total = 0;
    for (const m of months) if (m.period < month) total += Number(m.n);
    for (const d of days) if (d.period >= month && d.period < end) total += Number(d.n);
    return total;
  };
}

export async function requireStore(db: HqDb, chainId: string, storeId: string): Promise<{ name: string }> {
  const rows = await db.query<{ name: string }>('SELECT name FROM stores WHERE chain_id = $1 AND store_id = $2', [chainId, storeId]);
  if (!rows[0]) throw new HqHttpError(404, 'NOT_FOUND', 'no such store');
  return rows[0];
}
