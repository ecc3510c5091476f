import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkinByCode, checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { atRiskList, followupStats, recordFollowup } from '../../electron/services/churn/churn-service.js';
import { dashboard, periodRange } from '../../electron/services/dashboard/dashboard-service.js';
import { rebuildRollups } from '../../electron/services/dashboard/rollup-repository.js';
import { runMaintenance } from '../../electron/services/membership/maintenance.js';
import { createMember, issueMemberCode } from '../../electron/services/members/member-service.js';
import { mergeMembers } from '../../electron/services/membership/member-merge.js';
import { recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { membershipFixture, nextPhone, snapshot, type MembershipFixture } from './membership-fixture.js';

const DAY = 86_400_000;
const manager = { staffId: 'm1', role: 'manager' as const, displayName: '店长' };
let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture({ start: '2026-01-05T02:00:00Z' });
});
afterEach(() => f.close());

const join = (name: string) => createMember(f.env, { opId: `j-${name}`, name, phone: nextPhone() }, null).memberId;
const buy = (id: string, fen: number, op: string) => recordPurchase(f.env, { opId: op, memberId: id, items: [{ sku: 'A', name: '套餐', qty: 1, unitPriceFen: fen }] }, null);

describe('churn', () => {
  it('lists members inactive for 90 days by value and measures the 72-hour follow-up', () => {
    const big = join('王芳');
    const small = join('李强');
    const active = join('张敏');
    buy(big, 90_000, 'b1');
    buy(small, 3_000, 's1');
    f.clock.advance(95 * DAY);
    buy(active, 5_000, 'a1');
    const list = atRiskList(f.env, 10);
    expect(list.map((m) => m.memberId)).toEqual([big, small]);
    expect(list[0]).toMatchObject({ value12mFen: 90_000, isTopCustomer: true, overdue: true, respondedInTime: false, daysInactive: 95 });
    expect(list[1]!.isTopCustomer).toBe(false);
    expect(list[0]!.maskedPhone).toMatch(/^138\*{4}\d{4}$/);

    // Flagged 5 days ago: a follow-up now is late; one for a member flagged 1 day ago is in time.
    recordFollowup(f.env, { opId: 'f1', memberId: big, action: 'called', result: '已联系，周末到店' }, manager);
    const fresh = join('赵敏');
    buy(fresh, 2_000, 'fr1');
    f.clock.advance(91 * DAY);
    recordFollowup(f.env, { opId: 'f2', memberId: fresh, action: 'coupon_sent', result: '发送满50减10券' }, manager);
    const stats = followupStats(f.env);
    expect(stats.atRisk).toBe(4);
    expect(stats.respondedInTime).toBe(1);
    expect(stats.followedUp).toBe(2);
    expect(f.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'churn.followup'").pluck().get()).toBe(2);
    // The value is the rolling 12 months: the periodic job lets old spend fall out.
    f.clock.advance(300 * DAY);
    runMaintenance(f.env);
    expect(atRiskList(f.env, 10).every((m) => m.value12mFen === 0)).toBe(true);
  });
});

describe('dashboard', () => {
  it('computes active members, check-ins per hour, repurchase, churn and average ticket from the rollups', () => {
    const a = join('王芳');
    const b = join('李强');
    f.clock.set('2026-01-05T02:00:00Z'); // Monday 10:00 local
    buy(a, 3_000, 'a1');
    f.clock.set('2026-02-02T02:00:00Z'); // Monday 10:00 local
    buy(a, 4_000, 'a2'); // returning: bought in January
    checkinByPhone(f.env, { opId: 'ca', phone: f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(a) as string });
    f.clock.set('2026-02-03T11:30:00Z'); // Tuesday 19:30 local
    buy(b, 5_000, 'b1'); // new
    checkinByPhone(f.env, { opId: 'cb', phone: f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(b) as string });
    const week = dashboard(f.env, 'week', '2026-02-04');
    expect(week).toMatchObject({ from: '2026-02-02', to: '2026-02-08', activeMembers: 2, purchases: 2, revenueFen: 9_000, averageTicketFen: 4_500, purchasers: 2, repurchaseRate: 0.5, checkins: 2, churnRate: 0 });
    expect(week.checkinsPerHour[10]).toBe(1);
    expect(week.checkinsPerHour[19]).toBe(1);
    expect(week.series.map((s) => s.date)).toEqual(['2026-02-02', '2026-02-03']);

    const saleId = (f.db.prepare("SELECT id FROM purchases WHERE member_id = ? AND local_date = '2026-02-03'").pluck().get(b)) as string;
    refundPurchase(f.env, { opId: 'r', purchaseId: saleId, reason: '退货' }, manager);
    expect(dashboard(f.env, 'week', '2026-02-04').revenueFen).toBe(4_000);

    // The rollups can be rebuilt from the source tables and agree.
    const before = snapshot(f.db);
    rebuildRollups(f.db);
    expect(snapshot(f.db).activity_member_day).toEqual(before.activity_member_day);
    expect(snapshot(f.db).activity_day).toEqual(before.activity_day);
    expect(snapshot(f.db).activity_member_period).toEqual(before.activity_member_period);
    expect(before.activity_member_period!.length).toBeGreaterThan(0);

    f.clock.set('2026-06-01T02:00:00Z');
    expect(dashboard(f.env, 'month').churnRate).toBe(1);
  });

  it('periods are calendar day, Monday-Sunday week and month', () => {
    expect(periodRange('day', '2026-02-04')).toEqual({ from: '2026-02-04', to: '2026-02-04' });
    expect(periodRange('week', '2026-02-08')).toEqual({ from: '2026-02-02', to: '2026-02-08' });
    expect(periodRange('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
});

describe('merge', () => {
  it('moves points and history to the member kept and retires the duplicate', () => {
    const keep = join('王芳');
    const dup = join('王芳二');
    const oldCode = issueMemberCode(f.env, dup).code;
    buy(keep, 10_000, 'k1');
    buy(dup, 20_000, 'd1');
    const merged = mergeMembers(f.env, { opId: 'm', keepId: keep, mergeId: dup }, manager);
    expect(merged.pointsBalance).toBe(300);
    expect(f.db.prepare('SELECT status, merged_into, phone, points_balance FROM members WHERE id = ?').get(dup)).toEqual({ status: 'merged', merged_into: keep, phone: null, points_balance: 0 });
    expect(f.db.prepare('SELECT count(*) FROM purchases WHERE member_id = ?').pluck().get(keep)).toBe(2);
    expect(f.db.prepare('SELECT sum(purchases) FROM activity_member_day WHERE member_id = ?').pluck().get(keep)).toBe(2);
    expect(f.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'member.merged'").pluck().get()).toBe(1);
    expect(f.db.prepare('SELECT count(*) FROM activity_member_period WHERE member_id = ?').pluck().get(dup)).toBe(0);
    // A QR code issued to the duplicate before the merge checks in the member kept.
    expect(checkinByCode(f.env, { opId: 'qr', code: oldCode }).memberId).toBe(keep);
    expect(f.db.prepare("SELECT purchases FROM activity_member_period WHERE member_id = ? AND period = 'm:2026-01'").pluck().get(keep)).toBe(2);
  });
});
