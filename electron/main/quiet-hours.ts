/**
 * True inside the configured local quiet hours, e.g. {from: 3, to: 5} = 03:00–04:59 in the store's
 * time zone (not the machine's); wraps midnight ({from: 23, to: 2}); from = to means never.
 */
export function isQuietHour(date: Date, quiet: { from: number; to: number }, timeZone: string): boolean {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(date));
  if (quiet.from === quiet.to) return false;
  return quiet.from < quiet.to ? hour >= quiet.from && hour < quiet.to : hour >= quiet.from || hour < quiet.to;
}
