import type { Locale } from './locales.js';
import { zhCN, type MessageKey } from './messages/zh-CN.js';
import { zhTW } from './messages/zh-TW.js';
import { en } from './messages/en.js';
import { argumentsOf, formatMessage, type MessageParams } from './message-format.js';

export type { MessageKey };
export type { MessageParams };

/** zh-CN is the source catalogue; the others are typed against its keys, so a missing key fails the build. */
export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/** The arguments a message uses (`{name}` and `{name, plural, …}`); every locale must use the same ones. */
export function placeholdersOf(text: string): string[] {
  return argumentsOf(text);
}

/** Fills `{name}` placeholders and ICU plurals; a missing parameter stays visible as `{name}` rather than vanishing. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = catalogues[locale][key] ?? catalogues['zh-CN'][key] ?? key;
  if (!params) return text;
  return formatMessage(locale, text, params);
}
