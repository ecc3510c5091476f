import { z } from 'zod';

/**
 * Bounds for every number, date and string on the wire, so HQ refuses out-of-range input with a
 * 400 naming the field before it reaches the database (where an INTEGER column, a timestamptz or a
 * BIGINT cursor would otherwise fail with a 500 that the store retries forever).
 */
export const INT32_MAX = 2_147_483_647;

/** A non-negative int32 (PostgreSQL INTEGER). */
export const uint32 = () => z.number().int().min(0).max(INT32_MAX);
/** A positive int32: sequence numbers, schema versions. */
export const posInt32 = () => z.number().int().min(1).max(INT32_MAX);
/** A signed int32. */
export const int32 = () => z.number().int().min(-INT32_MAX).max(INT32_MAX);

/** Instants the business can produce: 2000-01-01 .. 2100-12-31 (year 0000 or 9999 is an input error). */
export const WIRE_MIN_YEAR = 2000;
export const WIRE_MAX_YEAR = 2100;

function yearOf(text: string): number {
  return Number(text.slice(0, 4));
}

export const wireTime = () =>
  z.iso
    .datetime({ offset: true })
    .refine((s) => {
      const ms = Date.parse(s);
      const y = yearOf(s);
      return Number.isFinite(ms) && y >= WIRE_MIN_YEAR && y <= WIRE_MAX_YEAR;
    }, `a time between ${WIRE_MIN_YEAR} and ${WIRE_MAX_YEAR}`);

/** A calendar day (YYYY-MM-DD) in the business range, e.g. a check-in's local date. */
export const wireDay = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => validDay(s, WIRE_MIN_YEAR, WIRE_MAX_YEAR), `a day between ${WIRE_MIN_YEAR} and ${WIRE_MAX_YEAR}`);

/** A birthday: people are born before 2000, so its range is 1900 .. 2100. */
export const birthdayDay = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => validDay(s, 1900, WIRE_MAX_YEAR), 'a day between 1900 and 2100');

function validDay(s: string, minYear: number, maxYear: number): boolean {
  const y = yearOf(s);
  if (y < minYear || y > maxYear) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isFinite(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Points moved by one event at most (wire bound; HQ's per-event policy for other stores is tighter). */
export const MAX_POINTS_DELTA = 10_000_000;
/** Money in fen: an int32, i.e. up to about 21 million yuan per amount. */
export const fenAmount = () => uint32();
