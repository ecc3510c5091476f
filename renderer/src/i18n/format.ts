import type { Locale } from './locales.js';

/**
 * Integer fen → the locale's currency text, without ever dividing money as a float:
 * the yuan amount is built as a decimal string and handed to Intl as a string.
 */
export function formatMoney(fen: number, locale: Locale): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money must be integer fen, got ${fen}`);
  const abs = Math.abs(fen);
  const decimal = `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' }).format(
    decimal as Intl.StringNumericLiteral,
  );
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A UTC ISO timestamp shown as a date in the store's time zone. */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

/** A UTC ISO timestamp shown as date and time in the store's time zone. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
}

export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** A fraction 0..1 as a percentage in the locale. */
export function formatPercent(fraction: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** A similarity score (0..1) with two decimals, e.g. the face match's 0.78: not a percentage, so not shown as one. */
export function formatScore(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A store calendar date (YYYY-MM-DD, already local) shown in the locale, without any zone shift. */
export function formatLocalDate(ymd: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(`${ymd}T00:00:00.000Z`));
}

/** How long ago, in the largest sensible unit ("3 days ago", "3 天前"). */
export function formatAgo(ms: number, locale: Locale): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.round(hours / 24), 'day');
}

/** How long until, in words ("in 40 seconds", "40秒钟后"): seconds under 90 s, minutes under 90 min, then hours. */
export function formatIn(ms: number, locale: Locale): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return rtf.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return rtf.format(minutes, 'minute');
  return rtf.format(Math.round(minutes / 60), 'hour');
}
