import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { addMonths, localParts } from '../membership-kernel/local-time.js';
import { getMember, insertTierHistory, isLinkedRemoteMember, setMemberTier, spendAndVisitsSince, activeMemberIds } from '../members/member-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { reevaluate, upgradeOnActivity, type TierDecision, type TierFacts } from './tier-rules.js';

export function tierFacts(env: MembershipEnv, memberId: string, now: Date): TierFacts {
  const since = addMonths(now, -12);
  const { spendFen, visitDays } = spendAndVisitsSince(env.db, memberId, since.toISOString(), now.toISOString(), localParts(since, env.timeZone).date);
  return { spend12mFen: spendFen, visits12m: visitDays };
}

/** Applies a tier change with its history row and HQ event; caller holds the transaction. */
export function applyTierChange(env: MembershipEnv, memberId: string, from: string | null, decision: TierDecision, now: Date): void {
  const at = now.toISOString();
  setMemberTier(env.db, memberId, decision.tier, at);
  insertTierHistory(env.db, memberId, from, decision.tier, decision.reason, at);
  appendOutboxEvent(env.db, 'tier.changed', { memberId, fromTier: from, toTier: decision.tier, reason: decision.reason, at }, { memberId, occurredAt: now });
}

/** After a purchase or check-in: upgrade at once if the rolling window qualifies for more. */
export function upgradeAfterActivity(env: MembershipEnv, memberId: string, now: Date): TierDecision | null {
  const m = getMember(env.db, memberId);
  // A member of another store: their home store (which sees the whole chain's activity through HQ) decides their tier.
  if (!m || m.status !== 'active' || isLinkedRemoteMember(env.db, memberId)) return null;
  const lastSpendAt = m.last_spend_at ? new Date(m.last_spend_at) : null;
  const decision = upgradeOnActivity(env.rules, m.tier, tierFacts(env, memberId, now), { now, lastSpendAt });
  if (decision) applyTierChange(env, memberId, m.tier, decision, now);
  return decision;
}

/** The periodic re-evaluation of one member (downgrades only; see tier-rules.ts). */
export function reevaluateMember(env: MembershipEnv, memberId: string, now: Date): TierDecision | null {
  const m = getMember(env.db, memberId);
  if (!m || m.status !== 'active' || isLinkedRemoteMember(env.db, memberId)) return null;
  const decision = reevaluate(env.rules, m.tier, {
    ...tierFacts(env, memberId, now),
    now,
    lastSpendAt: m.last_spend_at ? new Date(m.last_spend_at) : null,
    tierSince: new Date(m.tier_since),
  });
  if (decision) applyTierChange(env, memberId, m.tier, decision, now);
  return decision;
}

/** Re-evaluates every active member, one short transaction each so the counter stays responsive. */
export function reevaluateAllTiers(env: MembershipEnv): { evaluated: number; changed: number } {
  const now = env.clock.now();
  let changed = 0;
  const ids = activeMemberIds(env.db);
  const one = env.db.transaction((id: string) => reevaluateMember(env, id, now));
  for (const id of ids) if (one(id)) changed++;
  return { evaluated: ids.length, changed };
}
