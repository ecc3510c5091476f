import { randomUUID } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { audit } from '../audit/audit-log.js';
import { requireActiveMember } from '../members/member-service.js';
import { maskPhoneForDisplay } from '../members/member-validation.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { atRiskMembers, insertFollowup, topValueThreshold } from './churn-repository.js';

/** The top 15% of customers bring 65% of revenue: they are marked so they are called first. */
export const TOP_CUSTOMER_SHARE = 0.15;

export interface AtRiskMember {
  memberId: string;
  name: string | null;
  maskedPhone: string | null;
  tier: string;
  lastVisitAt: string;
  /** When the member crossed the inactivity period (the clock for the follow-up starts here). */
  flaggedAt: string;
  daysInactive: number;
  value12mFen: number;
  isTopCustomer: boolean;
  followups: number;
  firstFollowupAt: string | null;
  /** Followed up within the configured response time (72 h by default) of being flagged. */
  respondedInTime: boolean;
  overdue: boolean;
}

export function atRiskList(env: MembershipEnv, limit: number): AtRiskMember[] {
  const now = env.clock.now();
  const inactiveMs = env.rules.churn.inactiveDays * 86_400_000;
  const slaMs = env.rules.churn.followupHours * 3_600_000;
  const threshold = topValueThreshold(env.db, TOP_CUSTOMER_SHARE);
  return atRiskMembers(env.db, new Date(now.getTime() - inactiveMs).toISOString(), limit).map((r) => {
    const flagged = new Date(new Date(r.last_visit_at).getTime() + inactiveMs);
    const first = r.first_followup_after ? new Date(r.first_followup_after) : null;
    return {
      memberId: r.id,
      name: r.name,
      maskedPhone: maskPhoneForDisplay(r.phone),
      tier: r.tier,
      lastVisitAt: r.last_visit_at,
      flaggedAt: flagged.toISOString(),
      daysInactive: Math.floor((now.getTime() - new Date(r.last_visit_at).getTime()) / 86_400_000),
      value12mFen: r.value_fen,
      isTopCustomer: threshold !== null && r.value_fen > 0 && r.value_fen >= threshold,
      followups: r.followups,
      firstFollowupAt: r.first_followup_after,
      respondedInTime: first !== null && first.getTime() - flagged.getTime() <= slaMs,
      overdue: first === null && now.getTime() - flagged.getTime() > slaMs,
    };
  });
}

export interface FollowupStats {
  atRisk: number;
  followedUp: number;
  respondedInTime: number;
  overdue: number;
  /** Share of at-risk members followed up within the response time (0–1; 1 when none are at risk). */
  responseRate: number;
}

export function followupStats(env: MembershipEnv): FollowupStats {
  const list = atRiskList(env, 1_000_000);
  const respondedInTime = list.filter((m) => m.respondedInTime).length;
  return {
    atRisk: list.length,
    followedUp: list.filter((m) => m.followups > 0).length,
    respondedInTime,
    overdue: list.filter((m) => m.overdue).length,
    responseRate: list.length === 0 ? 1 : Math.round((respondedInTime / list.length) * 1000) / 1000,
  };
}

export type FollowupAction = 'called' | 'coupon_sent' | 'message_sent' | 'visited' | 'other';

export function recordFollowup(
  env: MembershipEnv,
  input: { opId: string; memberId: string; action: FollowupAction; result: string; note?: string | undefined },
  by: StaffSession,
): { followupId: string; flaggedAt: string; at: string } {
  if (typeof input.result !== 'string' || input.result.trim().length < 1 || input.result.length > 200) throw new AppError('RESULT_REQUIRED', 'Record the result (1–200 characters)');
  if (input.note !== undefined && input.note.length > 2000) throw new AppError('NOTES_TOO_LONG', 'A note may be at most 2000 characters');
  const now = env.clock.now();
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'churn.recordFollowup', { ...input, opId: undefined }, now, () => {
      const m = requireActiveMember(env, input.memberId);
      const last = m.last_visit_at ? new Date(m.last_visit_at) : new Date(m.created_at);
      const flaggedAt = new Date(last.getTime() + env.rules.churn.inactiveDays * 86_400_000).toISOString();
      const followupId = randomUUID();
      const at = now.toISOString();
      insertFollowup(env.db, { id: followupId, memberId: m.id, flaggedAt, action: input.action, result: input.result.trim(), note: input.note ?? '', staffId: by.staffId, at });
      appendOutboxEvent(env.db, 'churn.followup', { followupId, memberId: m.id, action: input.action, result: input.result.trim(), flaggedAt, at }, { memberId: m.id, occurredAt: now });
      audit(env.db, now, by, 'churn.followup', m.id, { action: input.action });
      return { followupId, flaggedAt, at };
    }),
  )();
}

/** The whole number for calling a member from the call list: manager only, and audited. */
export function revealPhone(env: MembershipEnv, memberId: string, by: StaffSession): string {
  const m = requireActiveMember(env, memberId);
  env.db.transaction(() => audit(env.db, env.clock.now(), by, 'member.read', m.id, { view: 'phone' }))();
  return m.phone ?? '';
}
