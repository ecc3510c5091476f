import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export interface CheckinRow {
  id: string;
  member_id: string;
  method: 'face' | 'phone' | 'qr' | 'staff';
  at: string;
  local_date: string;
  local_hour: number;
  streak_days: number;
  points_awarded: number;
  device: string;
}

export function getCheckinOn(db: Db, memberId: string, localDate: string): CheckinRow | undefined {
  return stmt(db, 'SELECT * FROM checkins WHERE member_id = ? AND local_date = ?').get(memberId, localDate) as CheckinRow | undefined;
}

export function insertCheckin(db: Db, c: CheckinRow): void {
  stmt(
    db,
    `INSERT INTO checkins (id, member_id, method, at, local_date, local_hour, streak_days, points_awarded, device)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(c.id, c.member_id, c.method, c.at, c.local_date, c.local_hour, c.streak_days, c.points_awarded, c.device);
}

export function latestCheckin(db: Db, memberId: string): CheckinRow | undefined {
  return stmt(db, 'SELECT * FROM checkins WHERE member_id = ? ORDER BY local_date DESC LIMIT 1').get(memberId) as CheckinRow | undefined;
}

export function getCheckin(db: Db, id: string): CheckinRow | undefined {
  return stmt(db, 'SELECT * FROM checkins WHERE id = ?').get(id) as CheckinRow | undefined;
}

/** The check-in's position in its store day (1 for the first), which becomes the ticket's queue number. */
export function checkinOrdinalOfDay(db: Db, c: Pick<CheckinRow, 'local_date' | 'at' | 'id'>): number {
  const row = stmt(db, 'SELECT count(*) AS n FROM checkins WHERE local_date = ? AND (at < ? OR (at = ? AND id <= ?))').get(c.local_date, c.at, c.at, c.id) as { n: number };
  return row.n;
}

/** Whether the member checked in earlier this month (before `today`, a store-local date): the birthday greeting is for the first check-in day only. */
export function checkedInEarlierInMonth(db: Db, memberId: string, today: string): boolean {
  return stmt(db, 'SELECT 1 FROM checkins WHERE member_id = ? AND local_date >= ? AND local_date < ? LIMIT 1').get(memberId, `${today.slice(0, 7)}-01`, today) !== undefined;
}

/** Whether the member was active (checked in or bought) on a store day before `today`. */
export function activeBefore(db: Db, memberId: string, today: string): boolean {
  return stmt(db, 'SELECT 1 FROM activity_member_day WHERE member_id = ? AND local_date < ? LIMIT 1').get(memberId, today) !== undefined;
}

/** Points a check-in gave: its own entry and the birthday bonus posted by the same operation. */
export function pointsGivenByCheckin(db: Db, memberId: string, checkinId: string): number {
  return stmt(
    db,
    `SELECT coalesce(sum(delta), 0) FROM points_ledger
      WHERE member_id = ? AND (ref = ? OR (kind = 'birthday' AND op_id = (SELECT op_id FROM points_ledger WHERE ref = ? AND kind = 'checkin' LIMIT 1)))`,
  )
    .pluck()
    .get(memberId, checkinId, checkinId) as number;
}

export function deleteCheckin(db: Db, id: string): void {
  stmt(db, 'DELETE FROM checkins WHERE id = ?').run(id);
}
