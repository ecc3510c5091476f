import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import type { Db } from '../../db/connection.js';
import { addMonths } from '../membership-kernel/local-time.js';
import { cachedBalance, expiryFacts, insertLedgerEntry, type LedgerKind } from './ledger-repository.js';

/**
 * The points ledger: every change is one appended row and one HQ event in the caller's
 * transaction. The balance is the ledger's sum (kept in members.points_balance by a trigger,
 * with a CHECK that it is never negative); a debit larger than the balance fails here first,
 * with a code the UI can show.
 */
export interface PostPoints {
  memberId: string;
  delta: number;
  kind: LedgerKind;
  at: Date;
  ref?: string | null;
  reason?: string | null;
  staffId?: string | null;
  opId?: string | null;
  /** Months until earned points expire (0 = never); only for credits. */
  expiryMonths?: number;
  /** Member bank (issue 13): the redemption's op id as HQ knows it, and whether it was booked offline. */
  bank?: { opId: string; offline: boolean };
}

export interface Posted {
  entryId: number;
  balanceAfter: number;
}

export function postPoints(db: Db, p: PostPoints): Posted {
  if (!db.inTransaction) throw new AppError('INTERNAL', 'postPoints must run inside a transaction');
  if (!Number.isSafeInteger(p.delta) || p.delta === 0) throw new AppError('POINTS_INVALID', 'A ledger entry needs a whole, non-zero number of points');
  const before = cachedBalance(db, p.memberId);
  if (before + p.delta < 0) {
    throw new AppError('INSUFFICIENT_POINTS', `Only ${before} points available`, { details: { balance: before, requested: -p.delta } });
  }
  const expiresAt = p.delta > 0 && p.expiryMonths && p.expiryMonths > 0 ? addMonths(p.at, p.expiryMonths).toISOString() : null;
  const at = p.at.toISOString();
  const entryId = insertLedgerEntry(db, {
    memberId: p.memberId,
    delta: p.delta,
    kind: p.kind,
    expiresAt,
    ref: p.ref ?? null,
    reason: p.reason ?? null,
    staffId: p.staffId ?? null,
    opId: p.opId ?? null,
    at,
  });
  const balanceAfter = before + p.delta;
  appendOutboxEvent(
    db,
    'points.changed',
    {
      entryId,
      memberId: p.memberId,
      delta: p.delta,
      kind: p.kind,
      balanceAfter,
      ref: p.ref ?? null,
      reason: p.reason?.slice(0, 200) ?? null,
      at,
      ...(p.bank ? { opId: p.bank.opId, ...(p.bank.offline ? { offline: true } : {}) } : {}),
    },
    { memberId: p.memberId, occurredAt: p.at },
  );
  return { entryId, balanceAfter };
}

/**
 * Expires what is due for one member. Debits consume the soonest-expiring points first (FIFO), so
 * what is left of the credits that have expired by `at` is: credits expiring by then − all debits.
 */
export function expireDuePoints(db: Db, memberId: string, at: Date): number {
  const { expiringCredits, debits } = expiryFacts(db, memberId, at.toISOString());
  const due = Math.min(cachedBalance(db, memberId), Math.max(0, expiringCredits - debits));
  if (due <= 0) return 0;
  postPoints(db, { memberId, delta: -due, kind: 'expire', at, reason: 'points expired' });
  return due;
}
