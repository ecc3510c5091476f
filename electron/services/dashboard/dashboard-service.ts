import { addDays, localParts } from '../membership-kernel/local-time.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { checkinsByHour, churnCounts, dailySeries, periodMembers, totalsBetween } from './dashboard-repository.js';
import { periodsOf } from './rollup-repository.js';

export type Period = 'day' | 'week' | 'month';

export interface Dashboard {
  period: Period;
  from: string;
  to: string;
  activeMembers: number;
  purchases: number;
  revenueFen: number;
  checkins: number;
  /** Integer fen, rounded down. */
  averageTicketFen: number;
  purchasers: number;
  /** Purchasers in the period who had also bought in the 90 days before it (0–1). */
  repurchaseRate: number;
  /** Members with any activity whose last visit is older than the churn period (0–1). */
  churnRate: number;
  checkinsPerHour: number[];
  series: Array<{ date: string; purchases: number; revenueFen: number; checkins: number }>;
}

/** Calendar periods in the store's time zone: the day, its Monday–Sunday week, its month. */
export function periodRange(period: Period, date: string): { from: string; to: string } {
  if (period === 'day') return { from: date, to: date };
  if (period === 'week') {
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    const from = addDays(date, -((dow + 6) % 7));
    return { from, to: addDays(from, 6) };
  }
  const from = `${date.slice(0, 7)}-01`;
  const next = new Date(`${from}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from, to: addDays(next.toISOString().slice(0, 10), -1) };
}

export function dashboard(env: MembershipEnv, period: Period, date?: string): Dashboard {
  const now = env.clock.now();
  const { from, to } = periodRange(period, date ?? localParts(now, env.timeZone).date);
  const totals = totalsBetween(env.db, from, to);
  const key = periodsOf(from)[period === 'day' ? 0 : period === 'week' ? 1 : 2]!.key;
  const { active, purchasers, returners } = periodMembers(env.db, key);
  // Churn as of the period's end (or now, if the period is still running).
  const endInstant = Math.min(now.getTime(), Date.parse(`${addDays(to, 1)}T00:00:00Z`));
  const churn = churnCounts(env.db, new Date(endInstant - env.rules.churn.inactiveDays * 86_400_000).toISOString());
  const perHour = new Array<number>(24).fill(0);
  for (const r of checkinsByHour(env.db, from, to)) perHour[r.local_hour] = r.n;
  return {
    period,
    from,
    to,
    activeMembers: active,
    purchases: totals.purchases,
    revenueFen: totals.revenueFen,
    checkins: totals.checkins,
    averageTicketFen: totals.purchases === 0 ? 0 : Math.floor(totals.revenueFen / totals.purchases),
    purchasers,
    repurchaseRate: purchasers === 0 ? 0 : round3(returners / purchasers),
    churnRate: churn.withActivity === 0 ? 0 : round3(churn.inactive / churn.withActivity),
    checkinsPerHour: perHour,
    series: dailySeries(env.db, from, to).map((r) => ({ date: r.local_date, purchases: r.purchases, revenueFen: r.revenue_fen, checkins: r.checkins })),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
