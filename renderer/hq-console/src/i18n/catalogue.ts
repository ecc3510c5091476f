import type { Locale } from '../../../src/i18n/locales.js';
import { formatMessage, type MessageParams } from '../../../src/i18n/message-format.js';
import { en } from './messages/en.js';
import { zhCN, type ConsoleMessageKey } from './messages/zh-CN.js';
import { zhTW } from './messages/zh-TW.js';

export type { ConsoleMessageKey, MessageParams };

/** The console's own catalogues (the store's are for store screens); same locales, same message syntax. */
export const consoleCatalogues: Record<Locale, Record<ConsoleMessageKey, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function isMessageKey(key: string): key is ConsoleMessageKey {
  return Object.hasOwn(zhCN, key);
}

export function translate(locale: Locale, key: ConsoleMessageKey, params?: MessageParams): string {
  const text = consoleCatalogues[locale][key] ?? zhCN[key];
  return params ? formatMessage(locale, text, params) : text;
}
