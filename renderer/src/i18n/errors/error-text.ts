import type { ErrorInfo } from '../../../../electron/contract/index.js';
import type { Locale } from '../locales.js';
import { argumentsOf, formatMessage, type MessageParams } from '../message-format.js';
import { errorCatalogue, genericError, type ErrorRow } from './error-catalogue.js';

const COLUMN: Record<Locale, 0 | 1 | 2> = { 'zh-CN': 0, 'zh-TW': 1, en: 2 };

/** Only plain numbers and short strings from `details` may fill a message (never ids or objects). */
function paramsOf(details: ErrorInfo['details']): MessageParams {
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(details ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) params[name] = value;
  }
  return params;
}

/**
 * The sentence a person reads for an error, in their language. The server's `message` is for logs
 * and developers: it is never returned here. A message whose arguments the error does not carry
 * falls back to the generic sentence rather than showing "{balance}".
 */
export function errorText(locale: Locale, error: Pick<ErrorInfo, 'code' | 'retryable' | 'details'>): string {
  const generic: ErrorRow = error.retryable ? genericError.retryable : genericError.final;
  const row = errorCatalogue[error.code];
  const params = paramsOf(error.details);
  if (!row) return generic[COLUMN[locale]];
  const text = row[COLUMN[locale]];
  if (argumentsOf(text).some((name) => !(name in params))) return generic[COLUMN[locale]];
  return formatMessage(locale, text, params);
}
