/**
 * The UTC instants that bound a store-local calendar day, for filters given as dates ("from 1 Dec
 * to 2 Dec" means the store's days, not the machine's nor UTC's). Minutes count: some zones are
 * offset by half an hour.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockMs(at: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, (p.hour ?? 0) % 24, p.minute ?? 0);
}

/** The instant the store's day `date` (YYYY-MM-DD) begins. */
export function localDayStart(date: string, timeZone: string): Date {
  const target = Date.parse(`${date}T00:00:00Z`);
  let at = target;
  // Two corrections settle any fixed offset and a DST change on the day.
  for (let i = 0; i < 3; i++) at -= wallClockMs(at, timeZone) - target;
  return new Date(at);
}

/** The instant after the store's day `date` ends (the start of the next day). */
export function localDayEnd(date: string, timeZone: string): Date {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return localDayStart(next, timeZone);
}
