import { AppError } from '../../contract/result.js';

/**
 * Checks on member data with a specific error code each, applied by the service (not only by the
 * contract schema) so every caller — kiosk, cashier, seed, merge — gets the same answer.
 */
export const LIMITS = { name: 40, notes: 2000, allergies: 500, tag: 20, tags: 20, prefKey: 40, prefValue: 200, prefs: 30 } as const;

/** Mainland mobile numbers: 11 digits starting 1[3-9]; spaces, dashes and a +86/0086 prefix are tolerated. */
export function normalizePhone(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 40) throw new AppError('PHONE_INVALID', 'Phone number is not valid');
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (!/^1[3-9]\d{9}$/.test(digits)) throw new AppError('PHONE_INVALID', 'Phone number must be an 11-digit mobile number');
  return digits;
}

/** Letters of any script, combining marks, spaces, the middle dot of transliterated names, . ' and -. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} ·.'-]*$/u;

export function validateName(raw: unknown): string {
  if (typeof raw !== 'string') throw new AppError('NAME_INVALID', 'Name is required');
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name.length < 1 || name.length > LIMITS.name) throw new AppError('NAME_INVALID', `Name must be 1–${LIMITS.name} characters`);
  // A name never needs SQL punctuation; rejecting it keeps junk (and injection probes) out of receipts and exports.
  if (!NAME.test(name) || name.includes('--')) throw new AppError('NAME_INVALID', 'Name contains characters that are not allowed');
  return name;
}

export function validateBirthday(raw: unknown, today: string): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw new AppError('BIRTHDAY_INVALID', 'Birthday must be YYYY-MM-DD');
  const d = new Date(`${raw}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) throw new AppError('BIRTHDAY_INVALID', 'Birthday is not a real date');
  if (raw > today || raw < '1900-01-01') throw new AppError('BIRTHDAY_INVALID', 'Birthday is out of range');
  return raw;
}

export function validateText(raw: unknown, field: 'notes' | 'allergies'): string {
  if (typeof raw !== 'string') throw new AppError(field === 'notes' ? 'NOTES_INVALID' : 'ALLERGIES_INVALID', `${field} must be text`);
  const max = LIMITS[field];
  if (raw.length > max) {
    throw new AppError(field === 'notes' ? 'NOTES_TOO_LONG' : 'ALLERGIES_TOO_LONG', `${field} may be at most ${max} characters`, {
      details: { max },
    });
  }
  return raw;
}

export function validateTags(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length > LIMITS.tags) throw new AppError('TAGS_INVALID', `At most ${LIMITS.tags} tags`);
  return [...new Set(raw.map((t) => {
    if (typeof t !== 'string' || t.trim().length < 1 || t.length > LIMITS.tag) throw new AppError('TAGS_INVALID', `Tags are 1–${LIMITS.tag} characters`);
    return t.trim();
  }))];
}

export function validatePreferences(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('PREFERENCES_INVALID', 'Preferences must be an object');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > LIMITS.prefs) throw new AppError('PREFERENCES_INVALID', `At most ${LIMITS.prefs} preferences`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > LIMITS.prefKey || typeof v !== 'string' || v.length > LIMITS.prefValue) {
      throw new AppError('PREFERENCES_INVALID', 'Preference keys are ≤ 40 and values ≤ 200 characters of text');
    }
    out[k] = v;
  }
  return out;
}

/** Integer fen, non-negative, below ¥10 million: money never arrives as a float. */
export function validateFen(raw: unknown, what: string, { allowZero = true } = {}): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0 || (!allowZero && raw === 0) || raw > 1_000_000_000) {
    throw new AppError('AMOUNT_INVALID', `${what} must be a whole, non-negative number of fen`);
  }
  return raw;
}

export function validatePoints(raw: unknown, what: string): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw <= 0 || raw > 100_000_000) {
    throw new AppError('POINTS_INVALID', `${what} must be a whole, positive number of points`);
  }
  return raw;
}

export function maskPhoneForDisplay(phone: string | null): string | null {
  if (!phone) return null;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
