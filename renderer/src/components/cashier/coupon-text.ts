import type { MessageKey } from '../../i18n/catalogue.js';
import type { MessageParams } from '../../i18n/message-format.js';
import type { ResultOf } from '../../../../electron/contract/index.js';

export type CardCoupon = ResultOf<'members.getCard'>['coupons'][number];

interface Words {
  t(key: MessageKey, params?: MessageParams): string;
  money(fen: number): string;
  date(iso: string): string;
}

/** What the coupon takes off, in the screen's language: "¥5.00 off", "10% off", "10% off, up to ¥50.00". */
export function couponOffText(c: CardCoupon, { t, money }: Words): string {
  if (c.kind === 'percent') {
    const percent = c.percentOff ?? 0;
    return c.maxOffFen !== null ? t('cashier.coupon.percentOffCapped', { percent, cap: money(c.maxOffFen) }) : t('cashier.coupon.percentOff', { percent });
  }
  return t('cashier.coupon.amountOff', { amount: money(c.amountOffFen ?? 0) });
}

/** The card's line for a coupon: title, what it takes off, its minimum spend, and its start date while it is not usable yet. */
export function couponLineText(c: CardCoupon, words: Words): string {
  const off = couponOffText(c, words);
  const line = c.minSpendFen > 0 ? words.t('cashier.card.couponLine', { title: c.title, off, min: words.money(c.minSpendFen) }) : words.t('cashier.card.couponLineNoMin', { title: c.title, off });
  return !c.isUsableNow && c.validFrom !== null ? `${line} · ${words.t('cashier.card.couponFrom', { date: words.date(c.validFrom) })}` : line;
}
