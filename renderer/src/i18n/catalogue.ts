import type { Locale } from './locales.js';
import { zhCN, type MessageKey } from './messages/zh-CN.js';
import { zhTW } from './messages/zh-TW.js';
import { en } from './messages/en.js';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

/** zh-CN is the source catalogue; the others are typed against its keys, so a missing key fails the build. */
export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

const PLACEHOLDER = /\{(\w+)\}/g;

export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
}

/** Fills `{name}` placeholders; a missing parameter stays visible as `{name}` rather than vanishing. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = catalogues[locale][key] ?? catalogues['zh-CN'][key] ?? key;
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
