/** PIPL: personal information of minors under 14 needs a guardian's consent. */
export const GUARDIAN_AGE = 14;

/** Today's date (YYYY-MM-DD) in the store's time zone. */
export function storeToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole years between a YYYY-MM-DD birthday and a YYYY-MM-DD today. */
export function ageOn(birthday: string, today: string): number {
  const [by, bm, bd] = birthday.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function needsGuardian(birthday: string | null, today: string): boolean {
  return birthday !== null && /^\d{4}-\d{2}-\d{2}$/.test(birthday) && ageOn(birthday, today) < GUARDIAN_AGE;
}
