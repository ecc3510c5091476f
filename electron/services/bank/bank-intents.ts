import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';

/**
 * Redemption intents (store migration 17): written before HQ is asked to authorise a purchase's
 * redemption, so that a crash or a failed commit after HQ said yes is found and resolved later
 * (bank-purchase.ts, resolvePendingIntents). Ids and counts only: no personal data.
 */
export type IntentStatus = 'pending' | 'done' | 'refused' | 'offline' | 'compensated';

export interface IntentRow {
  op_id: string;
  purchase_op_id: string;
  attempt: number;
  member_id: string;
  points: number;
  status: IntentStatus;
  created_at: string;
}

/**
 * The redemption op id HQ sees for a purchase: derived from the purchase's op id (HQ's id alphabet,
 * ≤ 64 characters). An op id that does not fit as is (longer than 48, other characters) is replaced by
 * a hash of it, never cut: two purchases must never share a redemption op id.
 */
export function redemptionOpId(purchaseOpId: string, attempt: number): string {
  const base = /^[A-Za-z0-9._:-]{1,48}$/.test(purchaseOpId) ? purchaseOpId : `h.${createHash('sha256').update(purchaseOpId).digest('hex').slice(0, 40)}`;
  return attempt === 1 ? `${base}:redeem` : `${base}:redeem:${attempt}`;
}

/**
 * The intent a purchase's redemption runs under. A retry of the same purchase (same op id, member
 * and points) reuses a pending intent and so the same HQ op id (HQ answers a retry with its first
 * answer). Any other last state gets the next attempt's op id: HQ would repeat "insufficient" for a
 * refused one, and "authorised" for one whose points were already given back (compensated).
 */
export function openIntent(db: Db, purchaseOpId: string, memberId: string, points: number, at: string): IntentRow {
  return db.transaction((): IntentRow => {
    const last = db.prepare('SELECT * FROM bank_intents WHERE purchase_op_id = ? ORDER BY attempt DESC LIMIT 1').get(purchaseOpId) as IntentRow | undefined;
    if (last && last.status === 'pending' && last.member_id === memberId && last.points === points) return last;
    const attempt = (last?.attempt ?? 0) + 1;
    const row: IntentRow = { op_id: redemptionOpId(purchaseOpId, attempt), purchase_op_id: purchaseOpId, attempt, member_id: memberId, points, status: 'pending', created_at: at };
    // A pending intent with other points or member (the cashier changed the sale) is resolved like a crash.
    db.prepare('INSERT INTO bank_intents (op_id, purchase_op_id, attempt, member_id, points, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      row.op_id,
      row.purchase_op_id,
      row.attempt,
      row.member_id,
      row.points,
      row.status,
      row.created_at,
    );
    return row;
  })();
}

export function setIntentStatus(db: Db, opId: string, status: Exclude<IntentStatus, 'pending'>, at: string): void {
  db.prepare("UPDATE bank_intents SET status = ?, resolved_at = ? WHERE op_id = ? AND status = 'pending'").run(status, at, opId);
}

export function pendingIntents(db: Db, limit = 100): IntentRow[] {
  return db.prepare("SELECT * FROM bank_intents WHERE status = 'pending' ORDER BY created_at, op_id LIMIT ?").all(limit) as IntentRow[];
}

/** Was the purchase recorded (its op id stored by purchases.record)? */
export function purchaseRecorded(db: Db, purchaseOpId: string): boolean {
  return db.prepare("SELECT 1 FROM op_ids WHERE op_id = ? AND call = 'purchases.record'").get(purchaseOpId) !== undefined;
}
