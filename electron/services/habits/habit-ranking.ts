import { daysBetween } from '../membership-kernel/local-time.js';
import { timeBucket, type Habit } from './habit-detection.js';

/** The store-local moment the suggestions are for (from the injected clock, in the store's zone). */
export interface RankingMoment {
  /** YYYY-MM-DD, store-local. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  hour: number;
}

/** A re-purchase is "due" from this many days before its expected date; overdue stays due. */
const DUE_AHEAD_DAYS = 2;

/**
 * How relevant a habit is right now, lower first:
 *   0  a weekday habit for today ("usually iced americano on Wednesdays", on a Wednesday)
 *   1  a time-of-day habit for this part of the day
 *   2  a re-purchase that is due (or overdue)
 *   3  a general habit that says nothing about today (a cycle not yet due, the hour elsewhere)
 *   4  a weekday habit for another day: true, but the wrong thing to suggest today
 */
export function relevanceToday(h: Habit, now: RankingMoment): number {
  switch (h.kind) {
    case 'weekday_item':
      return h.weekday === now.weekday ? 0 : 4;
    case 'time_of_day':
      return h.bucket === timeBucket(now.hour) ? 1 : 3;
    case 'repurchase_cycle':
      return daysBetween(now.date, h.nextDueDate) <= DUE_AHEAD_DAYS ? 2 : 3;
  }
}

/** Habits ranked for today: weekday and time of day first, then confidence and support. Stable. */
export function rankHabitsForToday<H extends Habit>(habits: readonly H[], now: RankingMoment): H[] {
  return habits
    .map((h, i) => ({ h, i, r: relevanceToday(h, now) }))
    .sort((a, b) => a.r - b.r || b.h.confidence - a.h.confidence || b.h.support - a.h.support || a.i - b.i)
    .map((x) => x.h);
}
