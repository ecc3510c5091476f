import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { audit } from '../audit/audit-log.js';
import { postPoints } from '../loyalty/ledger.js';
import { getMember, type MemberRow } from '../members/member-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { getCheckin } from './checkin-repository.js';

export interface VoidResult {
  checkinId: string;
  memberId: string;
  pointsReversed: number;
  /** The face session's probe was recorded as "not this member" evidence (decaying, see face-rejections.ts). */
  rejectionRecorded: boolean;
}

/**
 * The cashier's "not this member" after a face check-in was awarded (issue 16): the check-in's
 * points go back (an 'adjust' ledger entry, ref = the check-in, synced as points.changed; at most
 * the balance, if the member already spent them), the check-in is marked void, and — when the
 * face session is still known — the face goes through the same path as "not me" at the kiosk.
 * The check-in row itself stays (a visit happened), so dashboards and HQ still count the visit.
 */
export function voidWrongMemberCheckin(env: MembershipEnv, input: { opId: string; checkinId: string; faceSessionId?: string | undefined }, by: StaffSession): VoidResult {
  const now = env.clock.now();
  const voided = env.db.transaction(() =>
    runOnce(env.db, input.opId, 'checkin.voidWrongMember', { checkinId: input.checkinId }, now, () => {
      const checkin = getCheckin(env.db, input.checkinId);
      if (!checkin) throw new AppError('CHECKIN_NOT_FOUND', 'No check-in with that id');
      if (env.db.prepare('SELECT 1 FROM checkin_voids WHERE checkin_id = ?').get(checkin.id) !== undefined) {
        throw new AppError('CHECKIN_ALREADY_VOIDED', 'That check-in was already voided');
      }
      const member = getMember(env.db, checkin.member_id) as MemberRow;
      const pointsReversed = Math.max(0, Math.min(checkin.points_awarded, member.points_balance));
      if (pointsReversed > 0) {
        postPoints(env.db, { memberId: member.id, delta: -pointsReversed, kind: 'adjust', at: now, ref: checkin.id, reason: 'check-in voided: not this member', staffId: by.staffId, opId: input.opId });
      }
      env.db
        .prepare('INSERT INTO checkin_voids (checkin_id, member_id, voided_at, staff_id, points_reversed) VALUES (?, ?, ?, ?, ?)')
        .run(checkin.id, member.id, now.toISOString(), by.staffId, pointsReversed);
      audit(env.db, now, by, 'points.adjust', member.id, { delta: -pointsReversed, checkinId: checkin.id, voided: true });
      return { checkinId: checkin.id, memberId: member.id, pointsReversed };
    }),
  )();
  const rejectionRecorded = input.faceSessionId ? env.deps.rejectFaceMatch(input.faceSessionId, voided.memberId, by.staffId) : false;
  return { ...voided, rejectionRecorded };
}
