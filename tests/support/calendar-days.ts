/**
 * The awkward instants every date-sensitive rule must survive (issue 11: CI failed every December).
 * The vitest calendar test injects them as the clock; scripts/check-calendar-days.sh sets the same
 * days on the whole process with faketime. The store's zone is Asia/Shanghai (the default config).
 */
export interface CalendarDay {
  label: string;
  /** The instant, in UTC. */
  at: string;
}

export const CALENDAR_DAYS: readonly CalendarDay[] = [
  // The day the issue was found: the next month's birthdays were one day away.
  { label: '1 December, 09:00 Shanghai', at: '2026-12-01T01:00:00Z' },
  { label: '29 February (leap day), 12:00 Shanghai', at: '2028-02-29T04:00:00Z' },
  // Still 31 December in UTC and the machine's likely zone, one minute before the new year in the store.
  { label: '31 December, 23:59 Shanghai', at: '2026-12-31T15:59:00Z' },
  // Already 1 January in the store while UTC is still on 31 December.
  { label: '1 January, 00:30 Shanghai (first day of a month and a year)', at: '2026-12-31T16:30:00Z' },
  { label: '1 March after a leap day, 08:00 Shanghai (first day of a month)', at: '2028-03-01T00:00:00Z' },
];
