import { describe, expect, it } from 'vitest';
import { counterReducer, emptyCounter, type CounterState, type Identified } from './counter-queue.js';
import { confidenceLevel } from './confidence-level.js';
import { addItem, changeQty, emptyDraft, fenToYuanText, isOrderOpen, maxRedeemablePoints, otherLine, spendablePoints } from './order-draft.js';
import { isMemberCode } from '../components/cashier/MemberLookup.js';

const wang: Identified = { memberId: 'm-wang', via: 'staff', confidence: null };
const li: Identified = { memberId: 'm-li', via: 'face', confidence: 0.81 };
const chen: Identified = { memberId: 'm-chen', via: 'phone', confidence: null };

function run(...actions: Parameters<typeof counterReducer>[1][]): CounterState {
  return actions.reduce(counterReducer, emptyCounter);
}

describe('the counter queue', () => {
  it('an arrival with nobody at the till opens at once', () => {
    const s = run({ type: 'arrived', who: li, isOrderOpen: false });
    expect(s.current?.memberId).toBe('m-li');
    expect(s.current?.confidence).toBe(0.81);
    expect(s.next).toEqual([]);
  });

  it('an arrival during an open order waits as "next" and never replaces the member at the till', () => {
    const s = run({ type: 'open', who: wang, isOrderOpen: false }, { type: 'arrived', who: li, isOrderOpen: true }, { type: 'arrived', who: chen, isOrderOpen: true });
    expect(s.current?.memberId).toBe('m-wang');
    expect(s.next.map((w) => w.memberId)).toEqual(['m-li', 'm-chen']);
    expect(s.next.every((w) => !w.isHeld)).toBe(true);
  });

  it('an arrival while the current order is empty replaces the member (nothing to lose)', () => {
    const s = run({ type: 'open', who: wang, isOrderOpen: false }, { type: 'arrived', who: li, isOrderOpen: false });
    expect(s.current?.memberId).toBe('m-li');
  });

  it('the same member confirmed again keeps the till and refreshes the card', () => {
    const first = run({ type: 'arrived', who: li, isOrderOpen: false });
    const again = counterReducer(first, { type: 'arrived', who: { ...li, via: 'face', confidence: 0.9 }, isOrderOpen: true });
    expect(again.current?.memberId).toBe('m-li');
    expect(again.current?.confidence).toBe(0.9);
    expect(again.current?.seq).toBeGreaterThan(first.current?.seq ?? 0);
    expect(again.next).toEqual([]);
  });

  it('a repeated arrival of someone already waiting does not queue them twice', () => {
    const s = run({ type: 'open', who: wang, isOrderOpen: false }, { type: 'arrived', who: li, isOrderOpen: true }, { type: 'arrived', who: li, isOrderOpen: true });
    expect(s.next).toHaveLength(1);
  });

  it('serving the next member holds the unfinished order of the one left, first in line', () => {
    const s = run({ type: 'open', who: wang, isOrderOpen: false }, { type: 'arrived', who: li, isOrderOpen: true }, { type: 'arrived', who: chen, isOrderOpen: true }, { type: 'serve', isOrderOpen: true });
    expect(s.current?.memberId).toBe('m-li');
    expect(s.next.map((w) => [w.memberId, w.isHeld])).toEqual([
      ['m-wang', true],
      ['m-chen', false],
    ]);
    const back = counterReducer(s, { type: 'serve', memberId: 'm-wang', isOrderOpen: false });
    expect(back.current?.memberId).toBe('m-wang');
    expect(back.next.map((w) => w.memberId)).toEqual(['m-chen']);
  });

  it("the cashier's own lookup opens at once; an empty order is not held", () => {
    const s = run({ type: 'open', who: wang, isOrderOpen: false }, { type: 'open', who: chen, isOrderOpen: false });
    expect(s.current?.memberId).toBe('m-chen');
    expect(s.next).toEqual([]);
  });

  it('serve with nobody waiting, dismiss and clear', () => {
    const s = run({ type: 'open', who: wang, isOrderOpen: false }, { type: 'serve', isOrderOpen: false });
    expect(s.current?.memberId).toBe('m-wang');
    const q = run({ type: 'open', who: wang, isOrderOpen: false }, { type: 'arrived', who: li, isOrderOpen: true }, { type: 'dismiss', memberId: 'm-li' }, { type: 'clear' });
    expect(q.current).toBeNull();
    expect(q.next).toEqual([]);
  });
});

describe('order drafts, confidence words and member codes', () => {
  it('an order is open once anything is typed or chosen', () => {
    expect(isOrderOpen(undefined)).toBe(false);
    expect(isOrderOpen(emptyDraft())).toBe(false);
    expect(isOrderOpen({ ...emptyDraft(), lines: [otherLine()] })).toBe(false);
    expect(isOrderOpen({ ...emptyDraft(), lines: [{ ...otherLine(), name: '拿铁' }] })).toBe(true);
    expect(isOrderOpen(addItem(emptyDraft(), { itemId: 'LATTE', recordedName: '拿铁', priceFen: 2800 }))).toBe(true);
    expect(isOrderOpen({ ...emptyDraft(), redeem: '100' })).toBe(true);
    expect(isOrderOpen({ ...emptyDraft(), couponId: 'c1' })).toBe(true);
  });

  it('words the similarity relative to the threshold', () => {
    expect(confidenceLevel(0.83, 0.5)).toBe('high');
    expect(confidenceLevel(0.6, 0.5)).toBe('medium');
    expect(confidenceLevel(0.52, 0.5)).toBe('low');
    expect(confidenceLevel(0.83, 0.7)).toBe('medium');
    expect(confidenceLevel(0.66)).toBe('high');
  });

  it('recognises a scanned member code, not a name or a phone number', () => {
    expect(isMemberCode('MK1.0f7c2a.t2x9k0.AbC-_12xYz')).toBe(true);
    expect(isMemberCode(' MK1.a.b.c ')).toBe(true);
    // The long-lived member card code printed on receipts opens the member too (issue 14's card code).
    expect(isMemberCode('MC1.k3J9x2.1.Zq8-_w')).toBe(true);
    expect(isMemberCode('MK1.a.b')).toBe(false);
    expect(isMemberCode('13800138000')).toBe(false);
    expect(isMemberCode('MABCDEFGH')).toBe(false);
  });
});

describe('what "not this member" needs', () => {
  it('the face session and the check-in of the same person are merged onto the member at the till', () => {
    const s = run(
      { type: 'arrived', who: { ...li, sessionId: 'sess-1' }, isOrderOpen: false },
      { type: 'arrived', who: { memberId: 'm-li', via: 'face', confidence: null, checkinId: 'chk-1' }, isOrderOpen: true },
    );
    expect(s.current).toMatchObject({ memberId: 'm-li', via: 'face', confidence: 0.81, sessionId: 'sess-1', checkinId: 'chk-1' });
  });
});

describe('tap-to-add from the catalogue', () => {
  const latte = { itemId: 'LATTE', recordedName: '拿铁', priceFen: 2800 };
  it('a second tap adds one to the line; − to zero removes it', () => {
    const once = addItem(emptyDraft(), latte);
    const twice = addItem(once, latte);
    expect(twice.lines).toHaveLength(1);
    expect(twice.lines[0]).toMatchObject({ itemId: 'LATTE', name: '拿铁', qty: '2', price: '28.00' });
    const key = twice.lines[0]!.key;
    expect(changeQty(twice, key, -1).lines[0]?.qty).toBe('1');
    expect(changeQty(changeQty(twice, key, -1), key, -1).lines).toEqual([]);
  });
  it('formats fen as the yuan text the price parser reads back', () => {
    expect(fenToYuanText(2800)).toBe('28.00');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(123456)).toBe('1234.56');
  });
  it('redeems all points when they are worth less than what is due, otherwise just enough', () => {
    expect(maxRedeemablePoints(300, 300, 5000)).toBe(300);
    expect(maxRedeemablePoints(1000, 1000, 450)).toBe(450);
    expect(maxRedeemablePoints(1000, 500, 450)).toBe(900);
    expect(maxRedeemablePoints(0, 0, 450)).toBe(0);
    expect(maxRedeemablePoints(100, 100, 0)).toBe(0);
  });
  it("with the member bank on, max uses the bank's figure: the chain's balance online, the offline allowance left offline", () => {
    // Card: 1000 points worth ¥10 (1 fen a point); ¥50 due, so without a cap all 1000 would go.
    const max = (bank: Parameters<typeof spendablePoints>[1]) => maxRedeemablePoints(1000, 1000, 5000, spendablePoints(1000, bank));
    expect(max(null)).toBe(1000);
    expect(max({ basis: 'local', spendable: 1000 })).toBe(1000);
    // Online: the chain's balance the bank badge stands for, here below the card's (HQ booked a redemption elsewhere).
    expect(max({ basis: 'online', spendable: 800 })).toBe(800);
    // Offline: only what the store may still redeem without HQ (hq.offlineRedemptionAllowance minus unsynced offline redemptions).
    expect(max({ basis: 'offline', spendable: 300 })).toBe(300);
    expect(max({ basis: 'offline', spendable: 0 })).toBe(0);
    // The cap only ever lowers the figure: with ¥2 due, 200 points cover it whatever the allowance.
    expect(maxRedeemablePoints(1000, 1000, 200, spendablePoints(1000, { basis: 'offline', spendable: 300 }))).toBe(200);
  });
});
