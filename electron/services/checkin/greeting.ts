import type { Benefit } from '../../contract/loyalty-rules.js';
import { benefitsOn, tierRule } from '../loyalty/points-math.js';
import { addDays, localParts } from '../membership-kernel/local-time.js';
import type { MemberRow } from '../members/member-repository.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { activeBefore, checkedInEarlierInMonth, latestCheckin } from './checkin-repository.js';
import { memberHabits, type HabitSuggestion } from '../habits/habit-service.js';

export interface BenefitView {
  id: string;
  name: Benefit['name'];
  kind: Benefit['kind'];
  value: number;
}

/** What the kiosk shows when it greets a member: no phone, no notes, nothing a passer-by should read. */
export interface Greeting {
  memberId: string;
  name: string;
  tier: string;
  tierName: Benefit['name'];
  points: number;
  benefitsToday: BenefitView[];
  streakDays: number;
  checkedInToday: boolean;
  isBirthdayMonth: boolean;
  /** The birthday greeting: in the birthday month, on the day of the first check-in of that month only. */
  showBirthdayGreeting: boolean;
  /** Joined today and never active before: "welcome", not "welcome back". */
  isFirstVisit: boolean;
  suggestions: HabitSuggestion[];
}

export function benefitViews(env: MembershipEnv, tierId: string, weekday: number): BenefitView[] {
  return benefitsOn(tierRule(env.rules, tierId), weekday).map((b) => ({ id: b.id, name: b.name, kind: b.kind, value: b.value }));
}

export function currentStreak(env: MembershipEnv, memberId: string, today: string): { streakDays: number; checkedInToday: boolean } {
  const last = latestCheckin(env.db, memberId);
  if (!last) return { streakDays: 0, checkedInToday: false };
  if (last.local_date === today) return { streakDays: last.streak_days, checkedInToday: true };
  if (last.local_date === addDays(today, -1)) return { streakDays: last.streak_days, checkedInToday: false };
  return { streakDays: 0, checkedInToday: false };
}

/** The birthday-month benefit as a benefit of the day, so kiosk and cashier show it all month. */
function birthdayBenefit(env: MembershipEnv): BenefitView | null {
  const percent = env.rules.birthday.monthEarnPercent;
  if (percent <= 100) return null;
  const x = String(percent / 100);
  return {
    id: 'birthday_month',
    name: { 'zh-CN': `生日月消费积分×${x}`, 'zh-TW': `生日月消費積分×${x}`, en: `Birthday month: ${x}× points` },
    kind: 'birthday_bonus',
    value: percent,
  };
}

export function buildGreeting(env: MembershipEnv, m: MemberRow, now: Date): Greeting {
  const lp = localParts(now, env.timeZone);
  const tier = tierRule(env.rules, m.tier);
  const isBirthdayMonth = m.birth_month === lp.month;
  const birthday = isBirthdayMonth ? birthdayBenefit(env) : null;
  const joinedToday = localParts(new Date(m.created_at), env.timeZone).date === lp.date;
  return {
    memberId: m.id,
    name: m.name ?? '',
    tier: m.tier,
    tierName: tier.name,
    points: m.points_balance,
    benefitsToday: [...benefitViews(env, m.tier, lp.weekday), ...(birthday ? [birthday] : [])],
    ...currentStreak(env, m.id, lp.date),
    isBirthdayMonth,
    showBirthdayGreeting: isBirthdayMonth && !checkedInEarlierInMonth(env.db, m.id, lp.date),
    isFirstVisit: joinedToday && !activeBefore(env.db, m.id, lp.date),
    // Habits are about what the member buys, never sensitive traits; two at most on a public screen.
    suggestions: memberHabits(env, m.id, now).slice(0, 2),
  };
}
