/**
 * The instant a calendar day (YYYY-MM-DD) begins in a time zone, e.g. 2026-12-05 in Asia/Shanghai →
 * 2026-12-04T16:00:00Z. A new rules version "from 5 December" starts at the store's midnight, not UTC's.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockMs(at: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, (p.hour ?? 0) % 24, p.minute ?? 0, p.second ?? 0);
}

export function startOfLocalDay(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  // The zone's offset at the guess, applied twice so a day that starts next to a DST change lands right.
  let guess = wall - (wallClockMs(new Date(wall), timeZone) - wall);
  guess = wall - (wallClockMs(new Date(guess), timeZone) - guess);
  return new Date(guess);
}
