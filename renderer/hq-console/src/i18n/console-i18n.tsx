import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatAgo, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from '../../../src/i18n/format.js';
import { defaultLocale, isLocale, type Locale } from '../../../src/i18n/locales.js';
import { isMessageKey, translate, type ConsoleMessageKey, type MessageParams } from './catalogue.js';

export interface ConsoleI18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: ConsoleMessageKey, params?: MessageParams): string;
  /** A key built from data (a status, a role, an error code): the key's text, or the raw value when the catalogue lacks it. */
  tOr(key: string, fallback: string): string;
  money(fen: number): string;
  number(value: number): string;
  percent(fraction: number): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  ago(iso: string): string;
}

const I18nContext = createContext<ConsoleI18n | null>(null);
const STORAGE_KEY = 'hq-console.locale';
/** HQ's staff work on the chain's calendar (mainland China); the same zone the stores default to. */
const TIME_ZONE = 'Asia/Shanghai';

/** `?lang=` wins (links, tests), then the staff member's last choice on this browser, then zh-CN. */
function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return isLocale(stored) ? stored : defaultLocale;
}

export function ConsoleI18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.title');
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  }, [locale]);
  const value = useMemo<ConsoleI18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tOr: (key, fallback) => (isMessageKey(key) ? translate(locale, key) : fallback),
      money: (fen) => formatMoney(fen, locale),
      number: (v) => formatNumber(v, locale),
      percent: (f) => formatPercent(f, locale),
      date: (iso) => formatDate(iso, locale, TIME_ZONE),
      dateTime: (iso) => formatDateTime(iso, locale, TIME_ZONE),
      ago: (iso) => formatAgo(Math.max(0, Date.now() - Date.parse(iso)), locale),
    }),
    [locale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useConsoleI18n(): ConsoleI18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useConsoleI18n outside <ConsoleI18nProvider>');
  return i18n;
}
