import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/contract/handlers.js';
import { createDispatcher, type Dispatcher } from '../../electron/core/dispatcher.js';
import { createLogger } from '../../electron/core/logger.js';
import { serviceContextOf } from '../support/service-context.js';
import type { BankPort } from '../../electron/services/bank/member-bank-store.js';
import { createMembershipApi } from '../../electron/services/membership/membership-api.js';
import { createMembershipHandlers } from '../../electron/services/membership/membership-handlers.js';
import { HqCallError } from '../../edge-sync/client/hq-client.js';
import type { BankMember } from '../../edge-sync/protocol/member-bank-wire.js';
import { membershipFixture, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 13, item 5 (store side): a member of store A is found at store B by whole phone number,
 * printed member number or A's MC1 card code. Unknown here → HQ (faked here; the real HQ round trip
 * is member-bank-lookup-hq.test.ts) → linked here without a phone in clear or a face → served. HQ
 * down → MEMBER_NOT_FOUND_HQ_UNREACHABLE; unknown everywhere → MEMBER_NOT_FOUND; every HQ lookup is
 * audited here too; four digits never leave the store; the kiosk keeps its rate limit and masking.
 */
const A_MEMBER: BankMember = { memberId: 'ma-1', memberCode: 'MABCD2345', displayName: '王芳', phoneMasked: '138****0001', tierId: null, homeStoreId: 'store-a', pointsBalance: 500 };
const A_PHONE = '13812340001';
/** A card code signed by store A's key: store B cannot verify it, only HQ can find it. */
const A_CARD = 'MC1.AAAAAAAAAAAAAAAA.1.BBBBBBBBBBBBBBBBBBBBBB';

let f: MembershipFixture;
let d: Dispatcher;
let hqMode: 'online' | 'down' | 'refused';
let provisioned: boolean;
const asked: unknown[] = [];
const counter = { clientId: 'counter', transport: 'in-process' as const };
const kiosk = { clientId: 'kiosk-1', transport: 'in-process' as const };
type Envelope = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; retryable: boolean; details?: Record<string, unknown> } };
const call = async (method: string, args: unknown, origin = counter) => (await d.invoke(method, args, origin)) as Envelope;
const errorOf = (e: Envelope) => (e.ok ? null : e.error.code);
function value(e: Envelope): Record<string, unknown> {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}`);
  return e.value;
}

const port: BankPort = {
  async lookupMember(key) {
    asked.push(key);
    if (hqMode === 'down') throw new HqCallError('network', 'connect ECONNREFUSED 127.0.0.1:8443');
    if (hqMode === 'refused') throw new HqCallError('http', 'device revoked', 401, 'UNAUTHENTICATED');
    const hit = 'phone' in key ? key.phone === '13812340001' : key.memberCode === A_MEMBER.memberCode || key.memberCode === A_CARD;
    return { v: 1, member: hit ? A_MEMBER : null, hqTime: '2026-03-04T02:00:00.000Z' };
  },
  async authoriseRedemption() {
    throw new Error('not used here');
  },
};

const remoteLookups = (): Array<Record<string, unknown>> =>
  (f.db.prepare("SELECT member_id, staff_id, detail FROM audit_log WHERE action = 'member.remote_lookup' ORDER BY id").all() as Array<{ member_id: string | null; staff_id: string | null; detail: string }>).map((r) => ({
    memberId: r.member_id,
    byStaff: r.staff_id !== null,
    ...(JSON.parse(r.detail) as Record<string, unknown>),
  }));

beforeEach(async () => {
  f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
  f.config.kioskPhone = { attempts: 4, windowSeconds: 600, cooldownSeconds: 30, choiceSeconds: 60 };
  hqMode = 'online';
  provisioned = true;
  asked.length = 0;
  const ctx = serviceContextOf(f);
  const handlers = createMembershipHandlers(ctx, { eraseFaceData: () => 0, bankPort: () => (provisioned ? port : null) }) as unknown as Handlers;
  d = createDispatcher(handlers, ctx.log, { validateResults: true });
  value(await call('staff.bootstrapManager', { name: '店长', pin: '1234' }));
  const roster = value(await call('staff.roster', {})) as unknown as Array<{ staffId: string }>;
  value(await call('staff.signIn', { staffId: roster[0]?.staffId, pin: '1234' }));
});
afterEach(() => f.close());

describe('cashier lookup falls through to HQ (issue 13)', () => {
  it('finds a member of store A by whole phone number, links them without phone or face, and shows their home store', async () => {
    const found = value(await call('members.lookupByPhone', { phone: A_PHONE }));
    expect(found).toMatchObject({ memberId: 'ma-1', name: '王芳', maskedPhone: '*******0001', pointsBalance: 500 });
    expect(asked).toEqual([{ phone: A_PHONE }]);
    // The profile HQ sent, no phone in clear, the chain balance; the whole number only as a keyed hash.
    expect(f.db.prepare('SELECT phone, phone_last4 FROM members WHERE id = ?').get('ma-1')).toEqual({ phone: null, phone_last4: '0001' });
    const link = f.db.prepare('SELECT home_store_id, phone_hash, confirm_hash FROM member_links WHERE member_id = ?').get('ma-1') as Record<string, string>;
    expect(link.home_store_id).toBe('store-a');
    expect(link.phone_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(link)).not.toContain(A_PHONE);

    const card = value(await call('members.getCard', { memberId: 'ma-1' }));
    expect(card.homeStore).toEqual({ storeId: 'store-a', faceDataHere: false });
    expect(remoteLookups()).toEqual([{ memberId: 'ma-1', byStaff: true, by: 'phone', channel: 'cashier', outcome: 'found', homeStoreId: 'store-a' }]);
    // No member.created for someone else's member: the profile belongs to the home store.
    expect(f.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'member.created'").pluck().get()).toBe(0);

    // The next visit finds them here, without HQ (also when HQ is down).
    hqMode = 'down';
    expect(value(await call('members.lookupByPhone', { phone: A_PHONE })).memberId).toBe('ma-1');
    expect(asked).toHaveLength(1);
  });

  it('finds them by printed member number (search) and by store A’s card code (scan)', async () => {
    const byNumber = value(await call('members.search', { query: 'mabcd2345', limit: 20 })) as unknown as Array<{ memberId: string }>;
    expect(byNumber.map((m) => m.memberId)).toEqual(['ma-1']);
    expect(value(await call('members.resolveCode', { code: A_CARD })).memberId).toBe('ma-1');
    expect(asked).toEqual([{ memberCode: 'MABCD2345' }, { memberCode: A_CARD }]);
    expect(remoteLookups().map((r) => [r.by, r.outcome])).toEqual([
      ['member_code', 'found'],
      ['card', 'found'],
    ]);
    // A name search never goes to HQ.
    value(await call('members.search', { query: '李', limit: 20 }));
    expect(asked).toHaveLength(2);
  });

  it('says "HQ unreachable, member not found locally" when HQ is down, and audits the attempt', async () => {
    hqMode = 'down';
    const r = await call('members.lookupByPhone', { phone: A_PHONE });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'MEMBER_NOT_FOUND_HQ_UNREACHABLE', retryable: true, details: { reason: 'unreachable' } });
    expect(errorOf(await call('members.resolveCode', { code: A_CARD }))).toBe('MEMBER_NOT_FOUND_HQ_UNREACHABLE');
    hqMode = 'refused';
    const refused = await call('members.search', { query: 'MABCD2345', limit: 20 });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'MEMBER_NOT_FOUND_HQ_UNREACHABLE', retryable: false, details: { reason: 'refused' } });
    expect(remoteLookups().map((r) => r.outcome)).toEqual(['unreachable', 'unreachable', 'refused']);
    expect(f.db.prepare('SELECT count(*) FROM member_links').pluck().get()).toBe(0);
  });

  it('unknown everywhere is MEMBER_NOT_FOUND (and an empty search); without HQ nothing is asked', async () => {
    expect(errorOf(await call('members.lookupByPhone', { phone: '13900000009' }))).toBe('MEMBER_NOT_FOUND');
    expect(value(await call('members.search', { query: 'MZZZZ2222', limit: 20 }))).toEqual([]);
    expect(errorOf(await call('members.resolveCode', { code: 'MC1.CCCCCCCCCCCCCCCC.1.DDDDDDDDDDDDDDDDDDDDDD' }))).toBe('MEMBER_CODE_INVALID');
    expect(remoteLookups().map((r) => [r.by, r.outcome])).toEqual([
      ['phone', 'not_found'],
      ['member_code', 'not_found'],
      ['card', 'not_found'],
    ]);
    provisioned = false;
    asked.length = 0;
    expect(errorOf(await call('members.lookupByPhone', { phone: A_PHONE }))).toBe('MEMBER_NOT_FOUND');
    expect(asked).toEqual([]);
  });

  it('erasing the linked member here clears the keyed hashes of their number with the rest', async () => {
    value(await call('members.lookupByPhone', { phone: A_PHONE }));
    value(await call('members.erase', { opId: 'erase-1', memberId: 'ma-1', reason: 'asked at store B' }));
    expect(f.db.prepare('SELECT phone_hash, confirm_hash FROM member_links WHERE member_id = ?').get('ma-1')).toEqual({ phone_hash: null, confirm_hash: null });
    hqMode = 'down';
    expect(errorOf(await call('members.lookupByPhone', { phone: A_PHONE }))).toBe('MEMBER_NOT_FOUND_HQ_UNREACHABLE');
  });

  it('sends nothing HQ refuses from a non-home store: no tier change, expiry, profile edit or manual points for a linked member', async () => {
    value(await call('members.lookupByPhone', { phone: A_PHONE }));
    const tiers = (value(await call('loyalty.getRules', {})).rules as { tiers: Array<{ id: string }> }).tiers;
    // Their home store made them the second tier; nothing they did here would keep it by this store's figures alone.
    f.db.prepare('UPDATE members SET tier = ? WHERE id = ?').run(tiers[1]?.id, 'ma-1');
    value(await call('checkin.byPhone', { opId: 'k-1', phone: A_PHONE }, kiosk));
    value(await call('purchases.record', { opId: 'buy-1', memberId: 'ma-1', items: [{ sku: 'BIG', name: 'big order', qty: 1, unitPriceFen: 5_000_000 }] }));
    f.clock.advance(3 * 365 * 24 * 3600_000);
    value(await call('loyalty.runMaintenance', {}));
    expect(f.db.prepare('SELECT tier FROM members WHERE id = ?').pluck().get('ma-1')).toBe(tiers[1]?.id);
    expect(errorOf(await call('members.update', { opId: 'u-1', memberId: 'ma-1', changes: { notes: 'likes window seats' } }))).toBe('MEMBER_HOME_ELSEWHERE');
    expect(errorOf(await call('loyalty.adjustPoints', { opId: 'adj-1', memberId: 'ma-1', delta: 100, reason: 'goodwill' }))).toBe('MEMBER_HOME_ELSEWHERE');
    const sent = f.db.prepare("SELECT kind, payload FROM outbox WHERE member_id = 'ma-1'").all() as Array<{ kind: string; payload: string }>;
    expect(new Set(sent.map((e) => e.kind))).toEqual(new Set(['checkin.recorded', 'purchase.recorded', 'points.changed']));
    const pointKinds = sent.filter((e) => e.kind === 'points.changed').map((e) => (JSON.parse(e.payload) as { kind: string }).kind);
    expect(pointKinds.every((k) => ['earn', 'checkin', 'redeem', 'refund'].includes(k))).toBe(true);
  });

  it('never sends four digits to HQ', async () => {
    expect(errorOf(await call('members.lookupByPhone', { phone: '0001' }))).toBe('MEMBER_NOT_FOUND');
    expect(errorOf(await call('checkin.phoneChoices', { digits: '0001' }, kiosk))).toBe('MEMBER_NOT_FOUND');
    expect(asked).toEqual([]);
  });
});

describe('kiosk phone check-in at store B for a member of store A (issue 13)', () => {
  it('checks in by whole number through HQ: a normal check-in event for that member id', async () => {
    const r = value(await call('checkin.byPhone', { opId: 'k-1', phone: A_PHONE }, kiosk));
    expect(r).toMatchObject({ memberId: 'ma-1', method: 'phone', alreadyCheckedIn: false });
    const events = f.db.prepare("SELECT member_id, payload FROM outbox WHERE kind = 'checkin.recorded'").all() as Array<{ member_id: string; payload: string }>;
    expect(events.map((e) => [e.member_id, (JSON.parse(e.payload) as { memberId: string }).memberId])).toEqual([['ma-1', 'ma-1']]);
    expect(remoteLookups()).toEqual([{ memberId: 'ma-1', byStaff: false, by: 'phone', channel: 'kiosk', outcome: 'found', homeStoreId: 'store-a' }]);
  });

  it('keeps the kiosk rate limit in front of HQ: a passer-by trying numbers is cooled down before HQ is asked again', async () => {
    for (const phone of ['13900000001', '13900000002', '13900000003', '13900000004']) {
      expect(errorOf(await call('checkin.byPhone', { opId: `p-${phone}`, phone }, kiosk))).toBe('MEMBER_NOT_FOUND');
    }
    expect(asked).toHaveLength(4);
    expect(errorOf(await call('checkin.byPhone', { opId: 'p-5', phone: A_PHONE }, kiosk))).toBe('KIOSK_COOLDOWN');
    expect(asked).toHaveLength(4);
  });

  it('once linked by whole number, four digits offer the masked name and the two-digit confirmation works (also with HQ down)', async () => {
    value(await call('checkin.byPhone', { opId: 'k-1', phone: A_PHONE }, kiosk));
    hqMode = 'down';
    f.clock.advance(24 * 3600_000);
    const choices = value(await call('checkin.phoneChoices', { digits: '0001' }, kiosk)).choices as Array<{ token: string; maskedName: string }>;
    expect(choices).toHaveLength(1);
    expect(choices[0]?.maskedName).not.toBe('王芳');
    expect(errorOf(await call('checkin.byPhoneChoice', { opId: 'k-2', token: choices[0]?.token, confirmDigits: '99' }, kiosk))).toBe('PHONE_CONFIRM_MISMATCH');
    const again = value(await call('checkin.phoneChoices', { digits: '0001' }, kiosk)).choices as Array<{ token: string }>;
    const r = value(await call('checkin.byPhoneChoice', { opId: 'k-3', token: again[0]?.token, confirmDigits: '34' }, kiosk));
    expect(r).toMatchObject({ memberId: 'ma-1', alreadyCheckedIn: false });
  });

  it('checks in by store A’s card code at the kiosk; face enrolment at B starts from B’s own consent form (nothing copied)', async () => {
    expect(value(await call('checkin.byCode', { opId: 'k-card', code: A_CARD }, kiosk))).toMatchObject({ memberId: 'ma-1', method: 'qr' });
    expect(remoteLookups().map((r) => [r.by, r.channel, r.outcome])).toEqual([['card', 'kiosk', 'found']]);
    expect((value(await call('members.getCard', { memberId: 'ma-1' })).homeStore as { faceDataHere: boolean }).faceDataHere).toBe(false);
    const consent = value(await call('consent.grant', { opId: 'c-face', memberId: 'ma-1', kind: 'face', textVersion: 'face-v1', adultAttested: true }));
    expect(consent).toMatchObject({ granted: true });
    expect(f.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'consent.changed' AND member_id = 'ma-1'").pluck().get()).toBe(1);
  });

  it('the hardware scanner checks in store A’s card code through HQ too (membership API)', async () => {
    const api = createMembershipApi({ db: f.db, config: f.config, clock: f.clock, log: createLogger({ level: 'error', sink: () => {} }) });
    expect((await api.checkinByCodeAnywhere(A_CARD, 'scan:1', port)).memberId).toBe('ma-1');
    await expect(api.checkinByCodeAnywhere(A_CARD.replace('BBBB', 'CCCC'), 'scan:2', null)).rejects.toMatchObject({ code: 'MEMBER_CODE_INVALID' });
  });

  it('a member linked without their number (by card) is not offered on four digits: nothing to confirm them with', async () => {
    value(await call('members.resolveCode', { code: A_CARD }));
    expect(errorOf(await call('checkin.phoneChoices', { digits: '0001' }, kiosk))).toBe('MEMBER_NOT_FOUND');
  });
});
