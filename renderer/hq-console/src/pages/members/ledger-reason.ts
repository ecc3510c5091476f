import type { Locale } from '../../../../shared/locales.js';
import { isMessageKey, translate } from '../../i18n/catalogue.js';

/**
 * A ledger line's reason in words (members.reason.<code>). A code the console has no words for (a
 * kind added by a newer store) is shown as the code itself: it is data, and the profile must still open.
 */
export function ledgerReasonText(locale: Locale, reason: string): string {
  const key = `members.reason.${reason}`;
  return isMessageKey(key) ? translate(locale, key) : reason;
}
