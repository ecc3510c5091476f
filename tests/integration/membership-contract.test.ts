import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/contract/handlers.js';
import { managerCalls } from '../../electron/contract/manager.js';
import { checkinCalls } from '../../electron/contract/checkin.js';
import { loyaltyCalls } from '../../electron/contract/loyalty.js';
import { membersCalls } from '../../electron/contract/members.js';
import { purchasesCalls } from '../../electron/contract/purchases.js';
import { staffCalls } from '../../electron/contract/staff.js';
import { createDispatcher, type Dispatcher } from '../../electron/core/dispatcher.js';
import { createLogger } from '../../electron/core/logger.js';
import { EventBus } from '../../electron/core/event-bus.js';
import { serviceContextOf } from '../support/service-context.js';
import { createMembershipApi } from '../../electron/services/membership/membership-api.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { createMembershipHandlers } from '../../electron/services/membership/membership-handlers.js';
import { membershipFixture, type MembershipFixture } from './membership-fixture.js';

/** Every membership call once through the real boundary with result validation on: handlers and contract agree. */
let f: MembershipFixture;
let d: Dispatcher;
let events: EventBus;
const origin = { clientId: 'console', transport: 'in-process' as const };
const used = new Set<string>();
async function ok<T = Record<string, unknown>>(method: string, args: unknown): Promise<T> {
  used.add(method);
  const r = await d.invoke(method, args, origin);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeEach(() => {
  f = membershipFixture();
  events = new EventBus();
  const ctx = serviceContextOf(f, { events });
  const handlers = createMembershipHandlers(ctx, { confirmedFaceMember: (s) => f.faceSessions.get(s) ?? null, eraseFaceData: () => 1, countPeopleWithFaceData: () => 7 });
  d = createDispatcher(handlers as unknown as Handlers, ctx.log, { validateResults: true });
});
afterEach(() => f.close());

describe('membership contract', () => {
  it('every call returns what the contract promises', async () => {
    const seen: string[] = [];
    events.subscribe((name) => seen.push(name));
    await ok('staff.bootstrapManager', { name: '店长', pin: '1234' });
    const roster = await ok<Array<{ staffId: string }>>('staff.roster', {});
    await ok('staff.signIn', { staffId: roster[0]!.staffId, pin: '1234' });
    await ok('staff.whoAmI', {});
    const cashier = await ok<{ staffId: string }>('staff.create', { name: '收银', role: 'cashier', pin: '0000' });
    await ok('staff.update', { staffId: cashier.staffId, name: '收银员' });
    await ok('staff.list', {});
    const m = await ok<{ memberId: string }>('members.create', { opId: 'j1', name: '王芳', phone: '13800138001', birthday: '1990-03-08', notes: '少冰' });
    const m2 = await ok<{ memberId: string }>('members.create', { opId: 'j2', name: '王芳', phone: '13900139002', referrerPhone: '13800138001' });
    await ok('members.update', { opId: 'u1', memberId: m.memberId, changes: { allergies: '花生', tags: ['常客'] } });
    await ok('members.get', { memberId: m.memberId });
    await ok('members.search', { query: '王' });
    await ok('members.lookupByPhone', { phone: '8001' });
    f.faceSessions.set('s1', m.memberId);
    await ok('members.getGreeting', { faceSessionId: 's1' });
    await ok('checkin.byFace', { opId: 'c1', memberId: m.memberId, faceSessionId: 's1' });
    const code = await ok<{ code: string }>('members.issueCode', { memberId: m2.memberId });
    const resolved = await ok<{ memberId: string }>('members.resolveCode', { code: code.code });
    expect(resolved.memberId).toBe(m2.memberId);
    await ok('checkin.byCode', { opId: 'c2', code: code.code });
    // The long-lived card code (issue 14): read, revoked (rotated); the join screen's variant for staff.
    const card = await ok<{ code: string }>('members.getCardCode', { memberId: m2.memberId });
    const rotated = await ok<{ code: string }>('members.revokeCardCode', { memberId: m2.memberId });
    expect(rotated.code).not.toBe(card.code);
    expect((await ok<{ code: string }>('members.getJoinCardCode', { memberId: m2.memberId })).code).toBe(rotated.code);
    f.clock.advance(86_400_000);
    await ok('checkin.byPhone', { opId: 'c3', phone: '13800138001' });
    // The kiosk's phone path (issue 14): masked names with choice tokens, then two more digits.
    const choices = await ok<{ choices: Array<{ token: string }> }>('checkin.phoneChoices', { digits: '8001' });
    await ok('checkin.byPhoneChoice', { opId: 'c3b', token: choices.choices[0]!.token, confirmDigits: '13' });
    const wrong = await ok<{ checkinId: string }>('checkin.byStaff', { opId: 'c4', memberId: m2.memberId });
    await ok('checkin.void', { opId: 'v4', checkinId: wrong.checkinId, reason: '认错人' });
    const coupon = await ok<{ couponId: string }>('loyalty.issueCoupon', { opId: 'k1', memberId: m.memberId, title: '满30减5', amountOffFen: 500, minSpendFen: 3000, validDays: 30 });
    const items = [{ sku: 'LATTE', name: '拿铁', qty: 2, unitPriceFen: 2800 }];
    await ok('purchases.quote', { memberId: m.memberId, items, couponId: coupon.couponId });
    const sale = await ok<{ purchaseId: string; couponFen: number }>('purchases.record', { opId: 's1', memberId: m.memberId, items, couponId: coupon.couponId });
    expect(sale.couponFen).toBe(500);
    await ok('purchases.record', { opId: 's2', memberId: m2.memberId, items });
    await ok('purchases.refund', { opId: 'r1', purchaseId: sale.purchaseId, amountFen: 1000, reason: '少做一杯' });
    await ok('purchases.refundWithManagerPin', { opId: 'r2', purchaseId: sale.purchaseId, amountFen: 500, reason: '作废一杯', managerPin: '1234' });
    await ok('purchases.listForMember', { memberId: m.memberId });
    await ok('purchases.redeemable', { memberId: m.memberId });
    await ok('loyalty.adjustPoints', { opId: 'a1', memberId: m.memberId, delta: 50, reason: '补录积分' });
    await ok('loyalty.getHistory', { memberId: m.memberId });
    await ok('loyalty.getRules', {});
    await ok('members.getCard', { memberId: m.memberId });
    await ok('consent.grant', { opId: 'g1', memberId: m.memberId, kind: 'face', textVersion: 'face-v1' });
    await ok('consent.get', { memberId: m.memberId });
    await ok('consent.withdraw', { opId: 'w1', memberId: m.memberId, kind: 'face' });
    f.clock.advance(100 * 86_400_000);
    await ok('churn.list', {});
    await ok('churn.recordFollowup', { opId: 'f1', memberId: m.memberId, action: 'called', result: '周末到店' });
    await ok('churn.stats', {});
    await ok('churn.revealPhone', { memberId: m.memberId });
    await ok('dashboard.get', { period: 'month', date: '2026-03-04' });
    await ok('loyalty.runMaintenance', {});
    await ok('manager.dataOverview', {});
    const dup = await ok<{ memberId: string }>('members.create', { opId: 'j3', name: '王芳', phone: '13700137003' });
    await ok('members.browse', { visited: 'any', hasFace: false, query: '王芳' });
    await ok('members.merge', { opId: 'mg', keepId: m.memberId, mergeId: dup.memberId });
    await ok('members.erase', { opId: 'e1', memberId: m2.memberId, reason: '本人申请' });
    await ok('members.getErasureReceipt', { memberId: m2.memberId });
    await ok('audit.list', { limit: 50 });
    await ok('staff.signOut', {});

    const all = [membersCalls, checkinCalls, purchasesCalls, loyaltyCalls, staffCalls, managerCalls].flatMap((c) => Object.keys(c));
    expect(all.filter((name) => !used.has(name))).toEqual([]);
    expect(seen.filter((n) => n === 'members.checkedIn')).toHaveLength(5); // face, code, phone, phone choice, staff
    // Every outbox payload is in the wire schema and none carries a number array.
    const payloads = f.db.prepare('SELECT kind, payload FROM outbox').all() as Array<{ kind: string; payload: string }>;
    expect(new Set(payloads.map((p) => p.kind)).size).toBeGreaterThanOrEqual(10);
    for (const p of payloads) expect(p.payload).not.toMatch(/\[\s*-?\d/);
  });

  it('the API for other domains: scanner check-in by code and HQ-ordered erasure are idempotent', () => {
    const api = createMembershipApi({ db: f.db, config: f.config, clock: f.clock, log: createLogger({ level: 'error', sink: () => {} }) }, { eraseFaceData: () => 3 });
    const id = createMember(f.env, { opId: 'j', name: '李娜', phone: '13800138009' }, null).memberId;
    const { code } = api.issueMemberCode(id);
    expect(api.verifyMemberCode(code)).toBe(id);
    const first = api.checkinByCode(code, 'scan-1');
    expect(api.checkinByCode(code, 'scan-1')).toEqual(first);
    expect(f.db.prepare('SELECT count(*) FROM points_ledger').pluck().get()).toBe(1);
    expect(api.hasFaceConsent(id)).toBe(false);
    api.applyErasure(id);
    api.applyErasure(id);
    expect(f.db.prepare('SELECT count(*) FROM erasure_receipts').pluck().get()).toBe(1);
    expect(f.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'member.erased'").pluck().get()).toBe(1);
    expect(f.db.prepare('SELECT status FROM members WHERE id = ?').pluck().get(id)).toBe('erased');
  });
});
