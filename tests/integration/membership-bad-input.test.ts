import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/contract/handlers.js';
import { createDispatcher, type Dispatcher } from '../../electron/core/dispatcher.js';
import { serviceContextOf } from '../support/service-context.js';
import { createMembershipHandlers } from '../../electron/services/membership/membership-handlers.js';
import { membershipFixture, snapshot, type MembershipFixture } from './membership-fixture.js';
import { signInAs } from '../support/staff-sign-in.js';

/**
 * Every bad input from the issue, sent through the real contract boundary (schema validation,
 * access checks, handlers): each gets its specific error code and the database is unchanged,
 * compared table by table, row by row.
 */
let f: MembershipFixture;
let d: Dispatcher;
const origin = { clientId: 'cashier-1', transport: 'in-process' as const };
const call = (method: string, args: unknown) => d.invoke(method, args, origin);

beforeEach(async () => {
  f = membershipFixture();
  const ctx = serviceContextOf(f);
  const handlers = createMembershipHandlers(ctx, { eraseFaceData: () => 0 }) as unknown as Handlers;
  d = createDispatcher(handlers, ctx.log, { validateResults: true });
  expect((await call('staff.bootstrapManager', { name: '店长', pin: '2468' })).ok).toBe(true);
  expect((await signInAs(call, 'manager', '2468')).ok).toBe(true);
});
afterEach(() => f.close());

async function member(name: string, phone: string): Promise<string> {
  const r = await call('members.create', { opId: `join-${phone}`, name, phone, birthday: '1990-05-01' });
  expect(r.ok).toBe(true);
  return (r as { value: { memberId: string } }).value.memberId;
}

async function expectRejected(method: string, args: unknown, code: string): Promise<void> {
  const before = snapshot(f.db);
  const r = await call(method, args);
  expect(r.ok, `${method} should fail`).toBe(false);
  expect((r as { error: { code: string } }).error.code).toBe(code);
  expect(snapshot(f.db)).toEqual(before);
}

describe('bad input gets a specific code and changes nothing', () => {
  it('unknown member', async () => {
    await expectRejected('members.getCard', { memberId: 'no-such-member' }, 'MEMBER_NOT_FOUND');
    await expectRejected('purchases.record', { opId: 'x1', memberId: 'no-such-member', items: [{ sku: 'A', name: '拿铁', qty: 1, unitPriceFen: 2800 }] }, 'MEMBER_NOT_FOUND');
    await expectRejected('checkin.byPhone', { opId: 'x2', phone: '13900000000' }, 'MEMBER_NOT_FOUND');
    await expectRejected('checkin.byPhone', { opId: 'x3', phone: '0000' }, 'MEMBER_NOT_FOUND');
  });

  it('malformed phone', async () => {
    for (const phone of ['12345', '1380013800', '23800138000', '138-0013-800x', '']) {
      await expectRejected('members.create', { opId: `p-${phone}`, name: '王芳', phone }, 'PHONE_INVALID');
    }
    await expectRejected('checkin.byPhone', { opId: 'p2', phone: '13800' }, 'PHONE_INVALID');
  });

  it('negative or fractional amounts', async () => {
    const id = await member('王芳', '13800138000');
    const line = (unitPriceFen: number, qty = 1) => ({ opId: `neg-${unitPriceFen}-${qty}`, memberId: id, items: [{ sku: 'A', name: '拿铁', qty, unitPriceFen }] });
    await expectRejected('purchases.record', line(-100), 'AMOUNT_INVALID');
    await expectRejected('purchases.record', line(12.5), 'AMOUNT_INVALID');
    await expectRejected('purchases.record', line(Number.MAX_SAFE_INTEGER), 'AMOUNT_INVALID');
    await expectRejected('purchases.record', line(100, 1.5), 'QUANTITY_INVALID');
    await expectRejected('purchases.record', line(100, -1), 'QUANTITY_INVALID');
    const ok = await call('purchases.record', line(2800));
    expect(ok.ok).toBe(true);
    const purchaseId = (ok as { value: { purchaseId: string } }).value.purchaseId;
    await expectRejected('purchases.refund', { opId: 'r1', purchaseId, amountFen: 1.5, reason: '退货' }, 'AMOUNT_INVALID');
    await expectRejected('purchases.refund', { opId: 'r2', purchaseId, amountFen: -5, reason: '退货' }, 'AMOUNT_INVALID');
    await expectRejected('purchases.refund', { opId: 'r3', purchaseId, amountFen: 999_999, reason: '退货' }, 'REFUND_EXCEEDS_PAID');
    await expectRejected('loyalty.adjustPoints', { opId: 'a1', memberId: id, delta: 1.5, reason: '补录积分' }, 'POINTS_INVALID');
  });

  it('redeeming more than the balance', async () => {
    const id = await member('王芳', '13800138000');
    await call('loyalty.adjustPoints', { opId: 'seed', memberId: id, delta: 300, reason: '开业赠送' });
    await expectRejected('purchases.record', { opId: 'big', memberId: id, items: [{ sku: 'A', name: '拿铁', qty: 1, unitPriceFen: 9000 }], redeemPoints: 301 }, 'INSUFFICIENT_POINTS');
    await expectRejected('loyalty.adjustPoints', { opId: 'neg', memberId: id, delta: -301, reason: '扣减' }, 'INSUFFICIENT_POINTS');
  });

  it('a replayed operation id with different content', async () => {
    const id = await member('王芳', '13800138000');
    await expectRejected('members.create', { opId: 'join-13800138000', name: '王芳芳', phone: '13800138000' }, 'IDEMPOTENCY_MISMATCH');
    const first = await call('purchases.record', { opId: 'sale-1', memberId: id, items: [{ sku: 'A', name: '拿铁', qty: 1, unitPriceFen: 2800 }] });
    expect(first.ok).toBe(true);
    await expectRejected('purchases.record', { opId: 'sale-1', memberId: id, items: [{ sku: 'A', name: '拿铁', qty: 2, unitPriceFen: 2800 }] }, 'IDEMPOTENCY_MISMATCH');
    // The same content replays to the same result and awards nothing again.
    const before = snapshot(f.db);
    const again = await call('purchases.record', { opId: 'sale-1', memberId: id, items: [{ sku: 'A', name: '拿铁', qty: 1, unitPriceFen: 2800 }] });
    expect(again).toEqual(first);
    expect(snapshot(f.db)).toEqual(before);
  });

  it('SQL-looking names', async () => {
    for (const name of ["Robert'); DROP TABLE members;--", '1 OR 1=1', "x' --", '<script>alert(1)</script>']) {
      await expectRejected('members.create', { opId: `n-${name}`, name, phone: '13900139000' }, 'NAME_INVALID');
    }
    // Real names of every script still pass.
    expect((await call('members.create', { opId: 'ok-1', name: '欧阳·娜娜', phone: '13900139001' })).ok).toBe(true);
    expect((await call('members.create', { opId: 'ok-2', name: "Anne-Marie O'Neil", phone: '13900139002' })).ok).toBe(true);
  });

  it('10 MB notes', async () => {
    const id = await member('王芳', '13800138000');
    const huge = 'x'.repeat(10 * 1024 * 1024);
    await expectRejected('members.update', { opId: 'u1', memberId: id, changes: { notes: huge } }, 'NOTES_TOO_LONG');
    await expectRejected('members.create', { opId: 'u2', name: '李娜', phone: '13800138001', notes: huge }, 'NOTES_TOO_LONG');
  });

  it('a cashier cannot make manager calls, and nobody without a session can read members', async () => {
    const id = await member('王芳', '13800138000');
    expect((await call('staff.create', { name: '收银员', role: 'cashier', pin: '1357' })).ok).toBe(true);
    await call('staff.signOut', {});
    await expectRejected('members.getCard', { memberId: id }, 'UNAUTHORIZED');
    await signInAs(call, 'cashier', '1357');
    await expectRejected('loyalty.adjustPoints', { opId: 'c1', memberId: id, delta: 100, reason: '补录' }, 'FORBIDDEN');
    await expectRejected('members.erase', { opId: 'c2', memberId: id, reason: '本人申请' }, 'FORBIDDEN');
  });
});
