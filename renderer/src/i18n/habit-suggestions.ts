import type { ResultOf } from '../../../electron/contract/index.js';
import { translate, type MessageKey } from './catalogue.js';
import type { Locale } from './locales.js';

export type HabitSuggestion = ResultOf<'members.getGreeting'>['suggestions'][number];

/** The kiosk greets with at most this many habits: more is noise on a screen read in passing. */
export const MAX_GREETING_SUGGESTIONS = 2;

/** Sunday first, as the habit service counts weekdays (Date.getUTCDay of the store date). */
const WEEKDAY_KEYS: readonly MessageKey[] = [
  'habit.weekday.0',
  'habit.weekday.1',
  'habit.weekday.2',
  'habit.weekday.3',
  'habit.weekday.4',
  'habit.weekday.5',
  'habit.weekday.6',
];

const BUCKET_KEYS: Record<Extract<HabitSuggestion, { kind: 'time_of_day' }>['bucket'], MessageKey> = {
  morning: 'habit.bucket.morning',
  midday: 'habit.bucket.midday',
  afternoon: 'habit.bucket.afternoon',
  evening: 'habit.bucket.evening',
  night: 'habit.bucket.night',
};

/** The member reads their own habits at the kiosk ("您通常…"); the cashier reads about the member ("常在…"). */
export type SuggestionAudience = 'member' | 'staff';

const SENTENCE_KEYS: Record<SuggestionAudience, Record<HabitSuggestion['kind'], MessageKey>> = {
  member: { weekday_item: 'habit.weekdayItem', time_of_day: 'habit.timeOfDay', repurchase_cycle: 'habit.repurchase' },
  staff: { weekday_item: 'habit.staff.weekdayItem', time_of_day: 'habit.staff.timeOfDay', repurchase_cycle: 'habit.staff.repurchase' },
};

/**
 * One habit in the reader's language, built from its structured fields (the service's own `text`
 * exists only in zh-CN and en, so it is never shown). null for a habit this screen cannot word
 * (an out-of-range weekday): better no suggestion than a wrong one.
 */
export function formatSuggestion(s: HabitSuggestion, locale: Locale, audience: SuggestionAudience = 'member'): string | null {
  const sentence = SENTENCE_KEYS[audience][s.kind];
  switch (s.kind) {
    case 'weekday_item': {
      const weekday = WEEKDAY_KEYS[s.weekday];
      if (!Number.isInteger(s.weekday) || !weekday) return null;
      return translate(locale, sentence, { item: s.name, weekday: translate(locale, weekday) });
    }
    case 'time_of_day':
      return translate(locale, sentence, { time: translate(locale, BUCKET_KEYS[s.bucket]) });
    case 'repurchase_cycle':
      if (!Number.isInteger(s.everyDays) || s.everyDays < 1) return null;
      return translate(locale, sentence, { item: s.name, days: s.everyDays });
  }
}

/**
 * The suggestions a greeting shows, worded, at most MAX_GREETING_SUGGESTIONS, in the service's order:
 * it ranks them for today (weekday and time of day first, electron/services/habits/habit-ranking.ts),
 * so re-sorting by confidence here would put "every 11 days" back above "on Wednesdays".
 */
export function greetingSuggestions(suggestions: readonly HabitSuggestion[], locale: Locale, max = MAX_GREETING_SUGGESTIONS): string[] {
  return suggestions
    .map((s) => formatSuggestion(s, locale))
    .filter((text): text is string => text !== null)
    .slice(0, max);
}
