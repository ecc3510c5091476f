import { describe, expect, it } from 'vitest';
import { LEDGER_REASONS } from '../../../../../edge-sync/hq/members/members-schemas.js';
import { locales } from '../../../../shared/locales.js';
import { ledgerReasonText } from './ledger-reason.js';

describe('ledger reasons on the member profile', () => {
  it('every reason HQ can send has words in each language, never the raw code', () => {
    // The store's ten ledger kinds plus HQ's redeem_online and unknown.
    expect(LEDGER_REASONS.length).toBe(12);
    for (const locale of locales) {
      const raw = LEDGER_REASONS.filter((reason) => ledgerReasonText(locale, reason) === reason);
      expect(raw, locale).toEqual([]);
    }
    expect(ledgerReasonText('zh-CN', 'earn')).toBe('消费积分');
    expect(ledgerReasonText('zh-TW', 'redeem_online')).toBe('兌換（總部授權）');
    expect(ledgerReasonText('en', 'merge_out')).toBe('Merged out');
  });

  it('a code it does not know (a newer store) is shown as the code', () => {
    expect(ledgerReasonText('en', 'gift_card')).toBe('gift_card');
    expect(ledgerReasonText('zh-CN', '')).toBe('');
  });
});
