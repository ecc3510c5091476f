/**
 * Calendar periods of the dashboards. A period is named by its first day ('YYYY-MM-DD'): a day, the
 * Monday that starts its ISO week, or the 1st of its month. Days are the store's local date where
 * the event carries one (check-ins and purchases: `localDate`); events without one (refunds, joins)
 * fall on the date of their `at` in China Standard Time (UTC+8, no daylight saving), the chains' zone.
 */
export const GRAINS = ['day', 'week', 'month'] as const;
export type Grain = (typeof GRAINS)[number];

/** The chains' reporting zone offset for events that carry no local date. */
export const REPORTING_UTC_OFFSET_MINUTES = 8 * 60;

const DAY_MS = 86_400_000;

export function dayOfInstant(iso: string): string {
  return new Date(Date.parse(iso) + REPORTING_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) / DAY_MS;
}

function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the period of `grain` that contains `day`. */
export function periodOf(grain: Grain, day: string): string {
  if (grain === 'day') return day;
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: (n + 3) mod 7 is 0 on Mondays.
  return dayFromNumber(n - (((n + 3) % 7) + 7) % 7);
}

/** The first day of the next period after the one starting on `period`. */
export function nextPeriod(grain: Grain, period: string): string {
  if (grain === 'day') return dayFromNumber(dayNumber(period) + 1);
  if (grain === 'week') return dayFromNumber(dayNumber(period) + 7);
  const [y, m] = [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export function previousPeriod(grain: Grain, period: string): string {
  if (grain === 'day') return dayFromNumber(dayNumber(period) - 1);
  if (grain === 'week') return dayFromNumber(dayNumber(period) - 7);
  const [y, m] = [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}

/** Every period of `grain` that overlaps the days from..to (inclusive), oldest first. */
export function periodsBetween(grain: Grain, from: string, to: string, max = 1000): string[] {
  const out: string[] = [];
  for (let p = periodOf(grain, from); p <= to && out.length < max; p = nextPeriod(grain, p)) out.push(p);
  return out;
}
