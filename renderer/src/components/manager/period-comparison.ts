/**
 * "Compared with the previous period" for the dashboard: the day before this period's first day
 * selects the previous day, week or month (the service rounds a date to its period), and the
 * change is a ratio, or null when the previous value was 0 (no meaningful percentage).
 */
export function previousPeriodDate(from: string): string {
  const d = new Date(`${from.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export type Change = { direction: 'up' | 'down' | 'same'; ratio: number | null };

export function changeOf(current: number, previous: number): Change {
  const direction = current > previous ? 'up' : current < previous ? 'down' : 'same';
  return { direction, ratio: previous === 0 ? null : (current - previous) / previous };
}
