import { addMonths, localParts } from '../membership-kernel/local-time.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { memberItemLines } from '../purchases/purchase-repository.js';
import { describeHabit, detectHabits, type Habit } from './habit-detection.js';
import { rankHabitsForToday } from './habit-ranking.js';

export type HabitSuggestion = Habit & { text: { 'zh-CN': string; en: string } };

/**
 * Habits from the member's last 12 months of purchases, ranked for `now` (the injected clock, in the
 * store's zone): today's weekday habit and this part of the day first, so callers can take the top few.
 */
export function memberHabits(env: MembershipEnv, memberId: string, now: Date): HabitSuggestion[] {
  const rows = memberItemLines(env.db, memberId, addMonths(now, -12).toISOString());
  const local = localParts(now, env.timeZone);
  const habits = detectHabits(
    rows.map((r) => ({ localDate: r.local_date, hour: r.local_hour, weekday: r.weekday, sku: r.sku, name: r.name, purchaseId: r.purchase_id })),
    { ...env.rules.habits, today: local.date },
  );
  return rankHabitsForToday(habits, local).map((h) => ({ ...h, text: describeHabit(h) }));
}

/** Favourite items over the last 12 months: most bought by quantity. */
export function favouriteItems(env: MembershipEnv, memberId: string, now: Date, limit = 5): Array<{ sku: string; name: string; qty: number }> {
  const rows = memberItemLines(env.db, memberId, addMonths(now, -12).toISOString());
  const bySku = new Map<string, { sku: string; name: string; qty: number }>();
  for (const r of rows) {
    const e = bySku.get(r.sku) ?? { sku: r.sku, name: r.name, qty: 0 };
    e.qty += r.qty;
    bySku.set(r.sku, e);
  }
  return [...bySku.values()].sort((a, b) => b.qty - a.qty).slice(0, limit);
}
