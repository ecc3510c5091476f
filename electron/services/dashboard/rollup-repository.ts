import type { Db } from '../../db/connection.js';
import { addDays } from '../membership-kernel/local-time.js';
import { stmt } from '../membership-kernel/statements.js';

/**
 * Dashboard rollups, written in the same transaction as each check-in, purchase and refund, so
 * the manager's dashboard reads one short range per period instead of scanning a million purchases.
 */
export const REPURCHASE_LOOKBACK_DAYS = 90;

export interface Activity {
  purchases: number;
  spendFen: number;
  checkins: number;
}

export function addMemberDay(db: Db, localDate: string, memberId: string, d: Activity): void {
  stmt(
    db,
    `INSERT INTO activity_member_day (local_date, member_id, purchases, spend_fen, checkins) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (local_date, member_id) DO UPDATE SET purchases = purchases + excluded.purchases,
       spend_fen = spend_fen + excluded.spend_fen, checkins = checkins + excluded.checkins`,
  ).run(localDate, memberId, d.purchases, d.spendFen, d.checkins);
}

/** The day's, week's (from Monday) and month's period keys of a local date, with each period's first day. */
export function periodsOf(localDate: string): Array<{ key: string; start: string }> {
  const dow = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  const monday = addDays(localDate, -((dow + 6) % 7));
  return [
    { key: `d:${localDate}`, start: localDate },
    { key: `w:${monday}`, start: monday },
    { key: `m:${localDate.slice(0, 7)}`, start: `${localDate.slice(0, 7)}-01` },
  ];
}

/**
 * Adds activity to the member's day, week and month. `priorPurchaseDate` is the local date of the
 * member's previous purchase (before this one), which decides whether the member is "returning"
 * in a period where this is their first purchase.
 */
export function addMemberPeriods(db: Db, localDate: string, memberId: string, d: Activity, priorPurchaseDate: string | null): void {
  const upsert = stmt(
    db,
    `INSERT INTO activity_member_period (period, member_id, purchases, spend_fen, checkins, is_returning) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (period, member_id) DO UPDATE SET
       is_returning = CASE WHEN purchases = 0 AND excluded.purchases > 0 THEN excluded.is_returning ELSE is_returning END,
       purchases = purchases + excluded.purchases, spend_fen = spend_fen + excluded.spend_fen, checkins = checkins + excluded.checkins`,
  );
  for (const p of periodsOf(localDate)) {
    const returning =
      d.purchases > 0 && priorPurchaseDate !== null && priorPurchaseDate < p.start && priorPurchaseDate >= addDays(p.start, -REPURCHASE_LOOKBACK_DAYS) ? 1 : 0;
    upsert.run(p.key, memberId, d.purchases, d.spendFen, d.checkins, returning);
  }
}

export function addDay(db: Db, localDate: string, d: { purchases: number; revenueFen: number; checkins: number }): void {
  stmt(
    db,
    `INSERT INTO activity_day (local_date, purchases, revenue_fen, checkins) VALUES (?, ?, ?, ?)
     ON CONFLICT (local_date) DO UPDATE SET purchases = purchases + excluded.purchases,
       revenue_fen = revenue_fen + excluded.revenue_fen, checkins = checkins + excluded.checkins`,
  ).run(localDate, d.purchases, d.revenueFen, d.checkins);
}

/** Period rows derived from the member-day rows (all members, or one). */
const PERIODS_FROM_DAYS = `
  INSERT INTO activity_member_period (period, member_id, purchases, spend_fen, checkins, is_returning)
  SELECT period, member_id, sum(purchases), sum(spend_fen), sum(checkins), 0 FROM (
    SELECT 'd:' || local_date AS period, member_id, purchases, spend_fen, checkins FROM activity_member_day WHERE (@member IS NULL OR member_id = @member)
    UNION ALL
    SELECT 'w:' || date(local_date, '-' || ((CAST(strftime('%w', local_date) AS INTEGER) + 6) % 7) || ' days'), member_id, purchases, spend_fen, checkins
      FROM activity_member_day WHERE (@member IS NULL OR member_id = @member)
    UNION ALL
    SELECT 'm:' || substr(local_date, 1, 7), member_id, purchases, spend_fen, checkins FROM activity_member_day WHERE (@member IS NULL OR member_id = @member)
  ) GROUP BY period, member_id`;

const RETURNING_FROM_DAYS = `
  UPDATE activity_member_period SET is_returning = 1
  WHERE (@member IS NULL OR member_id = @member) AND purchases > 0 AND EXISTS (
    SELECT 1 FROM activity_member_day b
    WHERE b.member_id = activity_member_period.member_id AND b.purchases > 0
      AND b.local_date < (CASE substr(period, 1, 1) WHEN 'm' THEN substr(period, 3) || '-01' ELSE substr(period, 3) END)
      AND b.local_date >= date(CASE substr(period, 1, 1) WHEN 'm' THEN substr(period, 3) || '-01' ELSE substr(period, 3) END, '-${REPURCHASE_LOOKBACK_DAYS} days'))`;

/** Re-derives one member's period rows (after a merge moved history onto them). */
export function rebuildMemberPeriods(db: Db, memberId: string): void {
  stmt(db, 'DELETE FROM activity_member_period WHERE member_id = ?').run(memberId);
  db.prepare(PERIODS_FROM_DAYS).run({ member: memberId });
  db.prepare(RETURNING_FROM_DAYS).run({ member: memberId });
}

export function deleteMemberPeriods(db: Db, memberId: string): void {
  stmt(db, 'DELETE FROM activity_member_period WHERE member_id = ?').run(memberId);
}

/** Rebuilds every rollup from the source tables (after a bulk import, or to repair). */
export function rebuildRollups(db: Db): void {
  db.exec(`
    DELETE FROM activity_member_day;
    DELETE FROM activity_member_period;
    DELETE FROM activity_day;
    INSERT INTO activity_member_day (local_date, member_id, purchases, spend_fen, checkins)
      SELECT local_date, member_id, sum(p), sum(s), sum(c) FROM (
        SELECT local_date, member_id, 1 AS p, paid_fen - refunded_fen AS s, 0 AS c FROM purchases
        UNION ALL
        SELECT local_date, member_id, 0, 0, 1 FROM checkins
      ) GROUP BY local_date, member_id;
    INSERT INTO activity_day (local_date, purchases, revenue_fen, checkins)
      SELECT local_date, sum(purchases), sum(spend_fen), sum(checkins) FROM activity_member_day GROUP BY local_date;
  `);
  db.prepare(PERIODS_FROM_DAYS).run({ member: null });
  db.prepare(RETURNING_FROM_DAYS).run({ member: null });
}
