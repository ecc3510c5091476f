import type { Locale } from './locales.js';

/**
 * Dates typed by staff, the same in every language and every browser. A native `<input type="date">`
 * draws its mm/dd/yyyy or yyyy/mm/dd from Chromium's own locale (the operating system's, and only
 * en-US in a bare Chromium), never from the language chosen in the app, so the fields are text
 * with a hint and a spelled-out reading in the app's language (DateField.tsx).
 */

/** The words of the date field, in each language (both apps use the field). */
export const DATE_FIELD_TEXT: Record<Locale, { placeholder: string; invalid: string }> = {
  'zh-CN': { placeholder: '年-月-日', invalid: '日期无效，请按 年-月-日 输入，如 2026-12-01' },
  'zh-TW': { placeholder: '年-月-日', invalid: '日期無效，請按 年-月-日 輸入，如 2026-12-01' },
  en: { placeholder: 'yyyy-mm-dd', invalid: 'Not a date: type year-month-day, e.g. 2026-12-01' },
};

const PARTS = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * What the person typed, as `YYYY-MM-DD`: '' for an empty field, null for text that is not a real
 * date. Accepts 2026-12-01, 2026-12-1, 2026/12/1, 2026.12.1, 2026年12月1日 and 20261201.
 */
export function parseDateInput(text: string): string | null {
  const trimmed = text.trim().replace(/[－／．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (trimmed === '') return '';
  const match = PARTS.exec(trimmed) ?? COMPACT.exec(trimmed);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2199) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A `YYYY-MM-DD` date spelled out in the app's language with its weekday ("2026年12月1日周二", "Tue, Dec 1, 2026"). */
export function describeDate(ymd: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(`${ymd}T00:00:00.000Z`));
}
