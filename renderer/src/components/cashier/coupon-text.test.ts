import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/catalogue.js';
import { formatDate, formatMoney } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { couponLineText, couponOffText, type CardCoupon } from './coupon-text.js';

const words = (locale: Locale) => ({
  t: (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(locale, key, params),
  money: (fen: number) => formatMoney(fen, locale),
  date: (iso: string) => formatDate(iso, locale, 'Asia/Shanghai'),
});
const percent: CardCoupon = {
  couponId: 'c1',
  title: '会员券',
  kind: 'percent',
  amountOffFen: null,
  percentOff: 15,
  maxOffFen: 2_000,
  minSpendFen: 5_000,
  validFrom: '2026-03-08T16:00:00.000Z', // 03-09 00:00 in Shanghai
  expiresAt: null,
  isUsableNow: false,
};

describe('the cashier card words for a coupon', () => {
  it('names the percentage, its cap, the minimum spend and, while not yet usable, the start day, in each language', () => {
    for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) {
      const line = couponLineText(percent, words(locale));
      expect(line, locale).toContain('15%');
      expect(line, locale).toContain(formatMoney(2_000, locale));
      expect(line, locale).toContain(formatMoney(5_000, locale));
      expect(line, locale).toContain(formatDate(percent.validFrom!, locale, 'Asia/Shanghai'));
      expect(line, locale).not.toMatch(/\{[a-z]+\}/); // every placeholder filled
    }
    expect(couponLineText(percent, words('en'))).toBe(`会员券: 15% off, up to ${formatMoney(2_000, 'en')} (min. spend ${formatMoney(5_000, 'en')}) · usable from ${formatDate(percent.validFrom!, 'en', 'Asia/Shanghai')}`);
  });

  it('an amount coupon keeps its amount; no cap, no minimum and a usable coupon say nothing of them', () => {
    const amount: CardCoupon = { ...percent, kind: 'amount', amountOffFen: 500, percentOff: null, maxOffFen: null, minSpendFen: 0, validFrom: null, isUsableNow: true };
    expect(couponOffText(amount, words('zh-CN'))).toBe(`减 ${formatMoney(500, 'zh-CN')}`);
    expect(couponLineText(amount, words('en'))).toBe(`会员券: ${formatMoney(500, 'en')} off`);
    expect(couponLineText({ ...percent, maxOffFen: null, minSpendFen: 0, isUsableNow: true }, words('zh-TW'))).toBe('会员券：減 15%');
  });
});
