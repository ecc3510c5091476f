import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { translate, type MessageKey, type MessageParams } from './catalogue.js';
import { formatAgo, formatDate, formatDateTime, formatIn, formatLocalDate, formatMoney, formatNumber, formatPercent, formatTime } from './format.js';
import { defaultLocale, isLocale, type Locale } from './locales.js';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  timeZone: string;
  setTimeZone(timeZone: string): void;
  t(key: MessageKey, params?: MessageParams): string;
  money(fen: number): string;
  number(value: number): string;
  percent(fraction: number): string;
  date(iso: string): string;
  /** A YYYY-MM-DD store date (already in the store's calendar). */
  localDate(ymd: string): string;
  dateTime(iso: string): string;
  time(iso: string): string;
  /** A duration in the past, e.g. "3 days ago". */
  ago(ms: number): string;
  /** A duration in the future, e.g. "in 40 seconds". */
  fromNow(ms: number): string;
}

const I18nContext = createContext<I18n | null>(null);

/** `?lang=en` in the URL wins (used by staff and by tests); otherwise the store's locale once known. */
function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  return isLocale(fromUrl) ? fromUrl : defaultLocale;
}

export function I18nProvider({ children, locale: fixedLocale }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixedLocale ?? initialLocale());
  const [timeZone, setTimeZone] = useState<string>('Asia/Shanghai');
  const setLocale = useCallback((next: Locale) => setLocaleState(next), []);
  // Screen readers, fonts (Simplified vs Traditional glyphs) and tests read the page language here.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      timeZone,
      setTimeZone,
      t: (key, params) => translate(locale, key, params),
      money: (fen) => formatMoney(fen, locale),
      number: (v) => formatNumber(v, locale),
      percent: (f) => formatPercent(f, locale),
      date: (iso) => formatDate(iso, locale, timeZone),
      localDate: (ymd) => formatLocalDate(ymd, locale),
      dateTime: (iso) => formatDateTime(iso, locale, timeZone),
      time: (iso) => formatTime(iso, locale, timeZone),
      ago: (ms) => formatAgo(ms, locale),
      fromNow: (ms) => formatIn(ms, locale),
    }),
    [locale, setLocale, timeZone],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside <I18nProvider>');
  return i18n;
}
