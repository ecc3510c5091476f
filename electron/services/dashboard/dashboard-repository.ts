import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

/** One range over the period's member rows: active members, purchasers, returning purchasers. */
export function periodMembers(db: Db, periodKey: string): { active: number; purchasers: number; returners: number } {
  return stmt(
    db,
    `SELECT count(*) AS active, coalesce(sum(purchases > 0), 0) AS purchasers, coalesce(sum(is_returning), 0) AS returners
     FROM activity_member_period WHERE period = ?`,
  ).get(periodKey) as { active: number; purchasers: number; returners: number };
}

export function totalsBetween(db: Db, from: string, to: string): { purchases: number; revenueFen: number; checkins: number } {
  return stmt(
    db,
    'SELECT coalesce(sum(purchases), 0) AS purchases, coalesce(sum(revenue_fen), 0) AS revenueFen, coalesce(sum(checkins), 0) AS checkins FROM activity_day WHERE local_date BETWEEN ? AND ?',
  ).get(from, to) as { purchases: number; revenueFen: number; checkins: number };
}

export function dailySeries(db: Db, from: string, to: string): Array<{ local_date: string; purchases: number; revenue_fen: number; checkins: number }> {
  return stmt(db, 'SELECT local_date, purchases, revenue_fen, checkins FROM activity_day WHERE local_date BETWEEN ? AND ? ORDER BY local_date').all(from, to) as Array<{
    local_date: string;
    purchases: number;
    revenue_fen: number;
    checkins: number;
  }>;
}

export function checkinsByHour(db: Db, from: string, to: string): Array<{ local_hour: number; n: number }> {
  return stmt(db, 'SELECT local_hour, count(*) AS n FROM checkins WHERE local_date BETWEEN ? AND ? GROUP BY local_hour').all(from, to) as Array<{
    local_hour: number;
    n: number;
  }>;
}

/** Members with any activity, and those whose last visit is before the cutoff. */
export function churnCounts(db: Db, cutoffIso: string): { withActivity: number; inactive: number } {
  return stmt(
    db,
    `SELECT (SELECT count(*) FROM members WHERE status = 'active' AND last_visit_at IS NOT NULL) AS withActivity,
            (SELECT count(*) FROM members WHERE status = 'active' AND last_visit_at < ?) AS inactive`,
  ).get(cutoffIso) as { withActivity: number; inactive: number };
}
