import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/contract/result.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { voidCheckin } from '../../electron/services/checkin/checkin-void.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { memberPurchases, refundWithManagerPin } from '../../electron/services/purchases/purchase-corrections.js';
import { recordPurchase } from '../../electron/services/purchases/purchase-service.js';
import { bootstrapManager, createStaff } from '../../electron/services/staff/staff-service.js';
import { membershipFixture, nextPhone, snapshot, type MembershipFixture } from './membership-fixture.js';

/** Void and refund at the till with a manager's PIN, and "not this member" voiding a wrongly awarded check-in. */
let f: MembershipFixture;
const cashier = { staffId: 'c1', role: 'cashier' as const, displayName: '收银' };
beforeEach(() => {
  f = membershipFixture();
  bootstrapManager(f.env, { name: '店长', pin: '1234' });
  const manager = { staffId: 'boot', role: 'manager' as const, displayName: '店长' };
  createStaff(f.env, { name: '收银', role: 'cashier', pin: '0000' }, manager);
});
afterEach(() => f.close());

const balance = (id: string) => f.db.prepare('SELECT points_balance FROM members WHERE id = ?').pluck().get(id) as number;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};

describe('refund with a manager PIN at the till', () => {
  it('a cashier PIN or a wrong PIN changes nothing; the manager PIN refunds in full and the list shows it', () => {
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    const sale = recordPurchase(f.env, { opId: 'p', memberId: id, items: [{ sku: 'item:latte', name: '拿铁', qty: 2, unitPriceFen: 2800 }] }, cashier);
    const before = snapshot(f.db);
    expect(codeOf(() => refundWithManagerPin(f.env, { opId: 'r1', purchaseId: sale.purchaseId, reason: '作废', managerPin: '0000' }))).toBe('MANAGER_PIN_REQUIRED');
    expect(codeOf(() => refundWithManagerPin(f.env, { opId: 'r2', purchaseId: sale.purchaseId, reason: '作废', managerPin: '9999' }))).toBe('PIN_INCORRECT');
    // Only the sign-in records (audit, lockout counter) changed: no refund, no points.
    const after = snapshot(f.db);
    expect(after.refunds).toEqual(before.refunds);
    expect(after.points_ledger).toEqual(before.points_ledger);
    expect(after.purchases).toEqual(before.purchases);

    const refund = refundWithManagerPin(f.env, { opId: 'r3', purchaseId: sale.purchaseId, reason: '作废', managerPin: '1234' });
    expect(refund).toMatchObject({ amountFen: 5600, status: 'refunded', pointsReversed: sale.pointsEarned });
    expect(balance(id)).toBe(0);
    const staffId = f.db.prepare('SELECT staff_id FROM refunds WHERE id = ?').pluck().get(refund.refundId);
    expect(staffId).not.toBe(cashier.staffId);
    const [listed] = memberPurchases(f.env, id, 10);
    expect(listed).toMatchObject({ purchaseId: sale.purchaseId, status: 'refunded', refundedFen: 5600, items: [{ sku: 'item:latte', qty: 2, unitPriceFen: 2800 }] });
    expect(codeOf(() => refundWithManagerPin(f.env, { opId: 'r4', purchaseId: sale.purchaseId, reason: '再退', managerPin: '1234' }))).toBe('ALREADY_REFUNDED');
  });
});

describe('"not this member" voids a wrongly awarded check-in', () => {
  it('removes the check-in with its points and counts, once; a replay returns the first result', () => {
    const id = createMember(f.env, { opId: 'j', name: '李娜', phone: nextPhone() }, null).memberId;
    const checkin = checkinByPhone(f.env, { opId: 'c', phone: f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(id) as string });
    expect(checkin.pointsAwarded).toBeGreaterThan(0);
    const awarded = checkin.pointsAwarded + checkin.birthdayBonusPoints;
    expect(balance(id)).toBe(awarded);
    const dayCheckins = () => f.db.prepare('SELECT coalesce(sum(checkins), 0) FROM activity_day').pluck().get() as number;
    expect(dayCheckins()).toBe(1);

    const voided = voidCheckin(f.env, { opId: 'v', checkinId: checkin.checkinId, reason: '刷脸认错人' }, cashier);
    expect(voided).toEqual({ checkinId: checkin.checkinId, memberId: id, pointsReversed: awarded, pointsNotRecovered: 0 });
    expect(balance(id)).toBe(0);
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
    expect(dayCheckins()).toBe(0);
    expect(f.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'checkin.void'").pluck().get()).toBe(1);
    // HQ is told in the same transaction, without the cashier's words (they stay in the audit log).
    const told = f.db.prepare("SELECT member_id, payload FROM outbox WHERE kind = 'checkin.voided'").all() as Array<{ member_id: string; payload: string }>;
    expect(told).toHaveLength(1);
    expect(told[0]!.member_id).toBe(id);
    expect(JSON.parse(told[0]!.payload)).toEqual({ checkinId: checkin.checkinId, memberId: id, localDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), pointsReversed: awarded, at: f.clock.now().toISOString() });
    expect(told[0]!.payload).not.toContain('刷脸认错人');
    expect(voidCheckin(f.env, { opId: 'v', checkinId: checkin.checkinId, reason: '刷脸认错人' }, cashier)).toEqual(voided);
    expect(f.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'checkin.voided'").pluck().get()).toBe(1);
    expect(codeOf(() => voidCheckin(f.env, { opId: 'v2', checkinId: checkin.checkinId, reason: '再来' }, cashier))).toBe('CHECKIN_NOT_FOUND');
    expect(codeOf(() => voidCheckin(f.env, { opId: 'v3', checkinId: 'x', reason: '' }, cashier))).toBe('REASON_REQUIRED');
    // The member can check in again today (the wrong check-in no longer blocks the day).
    const again = checkinByPhone(f.env, { opId: 'c2', phone: f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(id) as string });
    expect(again.alreadyCheckedIn).toBe(false);
  });

  it('points already spent are reported as not recovered, and the balance never goes below zero', () => {
    const id = createMember(f.env, { opId: 'j', name: '赵敏', phone: nextPhone() }, null).memberId;
    const phone = f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(id) as string;
    const checkin = checkinByPhone(f.env, { opId: 'c', phone });
    const awarded = checkin.pointsAwarded + checkin.birthdayBonusPoints;
    f.db.transaction(() => f.db.prepare("INSERT INTO points_ledger (member_id, delta, kind, created_at) VALUES (?, ?, 'redeem', ?)").run(id, -(awarded - 3), f.clock.now().toISOString()))();
    const voided = voidCheckin(f.env, { opId: 'v', checkinId: checkin.checkinId, reason: '认错人' }, cashier);
    expect(voided.pointsReversed).toBe(3);
    expect(voided.pointsNotRecovered).toBe(awarded - 3);
    expect(balance(id)).toBe(0);
  });
});
