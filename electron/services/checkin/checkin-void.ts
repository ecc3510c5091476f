import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { audit } from '../audit/audit-log.js';
import { addDay, addMemberDay, addMemberPeriods } from '../dashboard/rollup-repository.js';
import { postPoints } from '../loyalty/ledger.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { cachedBalance } from '../loyalty/ledger-repository.js';
import { deleteCheckin, getCheckin, pointsGivenByCheckin } from './checkin-repository.js';

export interface VoidCheckinResult {
  checkinId: string;
  memberId: string;
  pointsReversed: number;
  /** Points already spent since the check-in cannot be taken back (the balance never goes below zero). */
  pointsNotRecovered: number;
}

/**
 * The cashier's "not this member" after a wrong face match was checked in: the check-in is removed,
 * with the points it gave (check-in and birthday bonus of the same operation) and its dashboard
 * counts. The ledger stays append-only (a reversing entry), the audit log keeps what happened, and
 * HQ is told (checkin.voided) so the chain no longer counts the visit.
 * Minimal path for issue 15; the face engine's rejection is a separate call (face.rejectMatch).
 */
export function voidCheckin(env: MembershipEnv, input: { opId: string; checkinId: string; reason: string }, by: StaffSession): VoidCheckinResult {
  const now = env.clock.now();
  if (typeof input.reason !== 'string' || input.reason.trim().length < 1 || input.reason.length > 200) throw new AppError('REASON_REQUIRED', 'Voiding a check-in needs a reason of 1–200 characters');
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'checkin.void', { checkinId: input.checkinId, reason: input.reason }, now, (): VoidCheckinResult => {
      const row = getCheckin(env.db, input.checkinId);
      if (!row) throw new AppError('CHECKIN_NOT_FOUND', 'No such check-in (already voided?)');
      const given = pointsGivenByCheckin(env.db, row.member_id, row.id);
      const balance = cachedBalance(env.db, row.member_id);
      const pointsReversed = Math.max(0, Math.min(given, balance));
      if (pointsReversed > 0) {
        postPoints(env.db, { memberId: row.member_id, delta: -pointsReversed, kind: 'adjust', at: now, ref: row.id, reason: `checkin voided: ${input.reason.trim()}`.slice(0, 200), staffId: by.staffId, opId: input.opId });
      }
      deleteCheckin(env.db, row.id);
      addMemberDay(env.db, row.local_date, row.member_id, { purchases: 0, spendFen: 0, checkins: -1 });
      addMemberPeriods(env.db, row.local_date, row.member_id, { purchases: 0, spendFen: 0, checkins: -1 }, null);
      addDay(env.db, row.local_date, { purchases: 0, revenueFen: 0, checkins: -1 });
      // HQ counted the visit from checkin.recorded; it must hear of the void in the same transaction.
      appendOutboxEvent(
        env.db,
        'checkin.voided',
        { checkinId: row.id, memberId: row.member_id, localDate: row.local_date, pointsReversed, at: now.toISOString() },
        { memberId: row.member_id, occurredAt: now },
      );
      audit(env.db, now, by, 'checkin.void', row.member_id, { checkinId: row.id, method: row.method, pointsReversed, reason: input.reason.trim() });
      return { checkinId: row.id, memberId: row.member_id, pointsReversed, pointsNotRecovered: given - pointsReversed };
    }),
  )();
}
