import { randomUUID } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { audit } from '../audit/audit-log.js';
import { addDay, addMemberDay, addMemberPeriods } from '../dashboard/rollup-repository.js';
import { postPoints } from '../loyalty/ledger.js';
import { hasLedgerRef } from '../loyalty/ledger-repository.js';
import { upgradeAfterActivity } from '../loyalty/tier-service.js';
import { addDays, localParts } from '../membership-kernel/local-time.js';
import { getMember, touchVisit, type MemberRow } from '../members/member-repository.js';
import { requireActiveMember, resolveByPhone, verifyMemberCode } from '../members/member-service.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { getCheckinOn, insertCheckin } from './checkin-repository.js';
import { buildGreeting, type Greeting } from './greeting.js';

export type CheckinMethod = 'face' | 'phone' | 'qr' | 'staff';

export interface CheckinResult {
  checkinId: string;
  memberId: string;
  method: CheckinMethod;
  /** True when the member had already checked in today: nothing more is awarded. */
  alreadyCheckedIn: boolean;
  streakDays: number;
  pointsAwarded: number;
  birthdayBonusPoints: number;
  balanceAfter: number;
  tierChangedTo: string | null;
  greeting: Greeting;
}

/**
 * One check-in, whatever identified the member: the benefits depend only on the member and the
 * day, never on the method. Once per store-local day; consecutive days build a streak whose
 * check-ins earn `streakPercent`; the first visit in the birthday month earns the birthday bonus
 * once a year.
 */
export function recordCheckin(env: MembershipEnv, opId: string, rawMemberId: string, method: CheckinMethod, by: StaffSession | null = null): CheckinResult {
  const now = env.clock.now();
  // A face template or an old QR code may still name a duplicate that was merged: check in the member kept.
  const memberId = followMerges(env, rawMemberId);
  return env.db.transaction(() =>
    runOnce(env.db, opId, 'checkin.record', { memberId, method }, now, (): CheckinResult => {
      const member = requireActiveMember(env, memberId);
      const lp = localParts(now, env.timeZone);
      const existing = getCheckinOn(env.db, member.id, lp.date);
      if (existing) {
        return {
          checkinId: existing.id,
          memberId: member.id,
          method,
          alreadyCheckedIn: true,
          streakDays: existing.streak_days,
          pointsAwarded: 0,
          birthdayBonusPoints: 0,
          balanceAfter: member.points_balance,
          tierChangedTo: null,
          greeting: buildGreeting(env, member, now),
        };
      }
      const yesterday = getCheckinOn(env.db, member.id, addDays(lp.date, -1));
      const streakDays = yesterday ? yesterday.streak_days + 1 : 1;
      const rules = env.rules.checkin;
      const pointsAwarded = Math.floor((rules.points * (streakDays >= rules.streakMinDays ? rules.streakPercent : 100)) / 100);
      const checkinId = randomUUID();
      const at = now.toISOString();
      insertCheckin(env.db, {
        id: checkinId,
        member_id: member.id,
        method,
        at,
        local_date: lp.date,
        local_hour: lp.hour,
        streak_days: streakDays,
        points_awarded: pointsAwarded,
        device: env.device,
      });
      const expiryMonths = env.rules.points.expiryMonths;
      if (pointsAwarded > 0) {
        postPoints(env.db, { memberId: member.id, delta: pointsAwarded, kind: 'checkin', at: now, ref: checkinId, opId, expiryMonths });
      }
      let birthdayBonusPoints = 0;
      const birthdayRef = `birthday:${lp.year}`;
      if (member.birth_month === lp.month && env.rules.birthday.bonusPoints > 0 && !hasLedgerRef(env.db, member.id, 'birthday', birthdayRef)) {
        birthdayBonusPoints = env.rules.birthday.bonusPoints;
        postPoints(env.db, { memberId: member.id, delta: birthdayBonusPoints, kind: 'birthday', at: now, ref: birthdayRef, opId, expiryMonths });
      }
      addMemberDay(env.db, lp.date, member.id, { purchases: 0, spendFen: 0, checkins: 1 });
      addMemberPeriods(env.db, lp.date, member.id, { purchases: 0, spendFen: 0, checkins: 1 }, null);
      addDay(env.db, lp.date, { purchases: 0, revenueFen: 0, checkins: 1 });
      touchVisit(env.db, member.id, at);
      const tierChange = upgradeAfterActivity(env, member.id, now);
      appendOutboxEvent(
        env.db,
        'checkin.recorded',
        { checkinId, memberId: member.id, method, at, localDate: lp.date, streakDays, pointsAwarded: pointsAwarded + birthdayBonusPoints },
        { memberId: member.id, occurredAt: now },
      );
      if (by) audit(env.db, now, by, 'checkin.staff', member.id, { method });
      const after = getMember(env.db, member.id) as MemberRow;
      return {
        checkinId,
        memberId: member.id,
        method,
        alreadyCheckedIn: false,
        streakDays,
        pointsAwarded,
        birthdayBonusPoints,
        balanceAfter: after.points_balance,
        tierChangedTo: tierChange?.tier ?? null,
        greeting: buildGreeting(env, after, now),
      };
    }),
  )();
}

function followMerges(env: MembershipEnv, memberId: string): string {
  let id = memberId;
  for (let hops = 0; hops < 5; hops++) {
    const row = getMember(env.db, id);
    if (row?.status !== 'merged' || !row.merged_into) break;
    id = row.merged_into;
  }
  return id;
}

/** Face: the face engine must have confirmed this very member in this session. */
export function checkinByFace(env: MembershipEnv, input: { opId: string; memberId: string; faceSessionId: string }): CheckinResult {
  const confirmed = env.deps.confirmedFaceMember(input.faceSessionId);
  if (confirmed === null) throw new AppError('FACE_SESSION_INVALID', 'The face session is unknown, expired or not confirmed');
  if (confirmed !== input.memberId) throw new AppError('FACE_MEMBER_MISMATCH', 'The face session confirmed a different member');
  const result = recordCheckin(env, input.opId, input.memberId, 'face');
  // A confirmed visit may teach the face engine this member's face as it looks today (issue 16).
  if (!result.alreadyCheckedIn) env.deps.faceVisitConfirmed(input.faceSessionId, result.memberId);
  return result;
}

export function checkinByPhone(env: MembershipEnv, input: { opId: string; phone: string; memberId?: string | undefined }): CheckinResult {
  return checkinMemberByPhone(env, input.opId, resolveByPhone(env, input.phone, input.memberId).id);
}

/** A phone check-in of a member the caller resolved (here, or through HQ's member bank for a member of another store). */
export function checkinMemberByPhone(env: MembershipEnv, opId: string, memberId: string): CheckinResult {
  return identityConfirmed(env, recordCheckin(env, opId, memberId, 'phone'));
}

export function checkinByCode(env: MembershipEnv, input: { opId: string; code: string }): CheckinResult {
  return checkinMemberByCode(env, input.opId, verifyMemberCode(env, input.code));
}

/** A QR/card check-in of a member the caller resolved from the code (here, or another store's card through HQ). */
export function checkinMemberByCode(env: MembershipEnv, opId: string, memberId: string): CheckinResult {
  return identityConfirmed(env, recordCheckin(env, opId, memberId, 'qr'));
}

/**
 * A new phone/QR check-in proves who the member is: the face engine lets it outweigh an earlier
 * "not me" (issue 16). Only a check-in that was recorded now counts (not "already checked in today");
 * the face side ignores a check-in id it has already seen (a replayed op).
 */
function identityConfirmed(env: MembershipEnv, result: CheckinResult): CheckinResult {
  if (!result.alreadyCheckedIn && (result.method === 'phone' || result.method === 'qr')) env.deps.identityConfirmed(result.memberId, result.method, result.checkinId);
  return result;
}

export function checkinByStaff(env: MembershipEnv, input: { opId: string; memberId: string }, by: StaffSession): CheckinResult {
  return recordCheckin(env, input.opId, input.memberId, 'staff', by);
}
