import type { StaffSession } from '../../contract/handlers.js';
import { audit } from '../audit/audit-log.js';
import { benefitViews, currentStreak, type BenefitView } from '../checkin/greeting.js';
import { favouriteItems, memberHabits, type HabitSuggestion } from '../habits/habit-service.js';
import { redeemValueFen, tierRank, tierRule } from '../loyalty/points-math.js';
import { tierFacts } from '../loyalty/tier-service.js';
import { unexpiredCoupons } from '../loyalty/coupon-repository.js';
import { localParts } from '../membership-kernel/local-time.js';
import { recentVisitDates } from '../members/member-repository.js';
import { requireActiveMember } from '../members/member-service.js';
import { memberView, type MemberView } from '../members/member-views.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';

export interface TierProgress {
  spend12mFen: number;
  visits12m: number;
  nextTier: string | null;
  /** Fen still to spend in the rolling 12 months to reach the next tier (null: not reachable by spend). */
  spendToNextFen: number | null;
  visitsToNext: number | null;
}

/** A coupon on the card: amountOffFen for an amount coupon, percentOff (and maxOffFen if capped) for a percent one. */
export interface CardCoupon {
  couponId: string;
  title: string;
  kind: 'amount' | 'percent';
  amountOffFen: number | null;
  percentOff: number | null;
  maxOffFen: number | null;
  minSpendFen: number;
  validFrom: string | null;
  expiresAt: string | null;
  isUsableNow: boolean;
}

/** Everything the cashier sees for the member in front of them, in one call. */
export interface MemberCard {
  member: MemberView;
  progress: TierProgress;
  pointsValueFen: number;
  coupons: CardCoupon[];
  isBirthdayMonth: boolean;
  benefitsToday: BenefitView[];
  streakDays: number;
  checkedInToday: boolean;
  recentVisits: string[];
  favouriteItems: Array<{ sku: string; name: string; qty: number }>;
  suggestions: HabitSuggestion[];
}

export function memberCard(env: MembershipEnv, memberId: string, by: StaffSession | null): MemberCard {
  const now = env.clock.now();
  const m = requireActiveMember(env, memberId);
  const lp = localParts(now, env.timeZone);
  const facts = tierFacts(env, m.id, now);
  const next = env.rules.tiers[tierRank(env.rules, m.tier) + 1] ?? null;
  const card: MemberCard = {
    member: memberView(m, env.rules),
    progress: {
      spend12mFen: facts.spend12mFen,
      visits12m: facts.visits12m,
      nextTier: next?.id ?? null,
      spendToNextFen: next?.spendAboveFen != null ? Math.max(0, next.spendAboveFen + 1 - facts.spend12mFen) : null,
      visitsToNext: next?.minVisits != null ? Math.max(0, next.minVisits - facts.visits12m) : null,
    },
    pointsValueFen: redeemValueFen(m.points_balance, tierRule(env.rules, m.tier)),
    coupons: unexpiredCoupons(env.db, m.id, now.toISOString()).map((c) => ({
      couponId: c.id,
      title: c.title,
      kind: c.kind,
      amountOffFen: c.amount_off_fen,
      percentOff: c.percent_off,
      maxOffFen: c.max_off_fen,
      minSpendFen: c.min_spend_fen,
      validFrom: c.valid_from,
      expiresAt: c.expires_at,
      // Not yet usable: shown with its start date so the cashier can tell the member when.
      isUsableNow: c.valid_from === null || Date.parse(c.valid_from) <= now.getTime(),
    })),
    isBirthdayMonth: m.birth_month === lp.month,
    benefitsToday: benefitViews(env, m.tier, lp.weekday),
    ...currentStreak(env, m.id, lp.date),
    recentVisits: recentVisitDates(env.db, m.id, 5),
    favouriteItems: favouriteItems(env, m.id, now),
    suggestions: memberHabits(env, m.id, now).slice(0, 5),
  };
  if (by) env.db.transaction(() => audit(env.db, now, by, 'member.read', m.id, { view: 'card' }))();
  return card;
}
