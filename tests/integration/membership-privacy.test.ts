import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/contract/result.js';
import { readAudit } from '../../electron/services/audit/audit-log.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { dataOverview, eraseMember, erasureReceipt, grantConsent, hasFaceConsent, withdrawConsent } from '../../electron/services/consent/consent-service.js';
import { memberCard } from '../../electron/services/membership/member-card.js';
import { createMember, updateMember } from '../../electron/services/members/member-service.js';
import { recordPurchase } from '../../electron/services/purchases/purchase-service.js';
import { createStaff, signInWithPin } from '../../electron/services/staff/staff-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture();
});
afterEach(() => f.close());

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};
const manager = { staffId: 'm1', role: 'manager' as const, displayName: '店长' };

describe('consent', () => {
  it('records face consent with time, text version and device; withdrawal deletes the templates', () => {
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone(), birthday: '1990-01-01' }, null).memberId;
    expect(hasFaceConsent(f.env, id)).toBe(false);
    const granted = grantConsent(f.env, { opId: 'g', memberId: id, kind: 'face', textVersion: 'face-v1.2', device: 'kiosk-1' }, null);
    expect(granted).toMatchObject({ granted: true, textVersion: 'face-v1.2', device: 'kiosk-1', at: f.clock.now().toISOString(), hasGuardian: false });
    expect(hasFaceConsent(f.env, id)).toBe(true);
    const withdrawn = withdrawConsent(f.env, { opId: 'w', memberId: id, kind: 'face' }, null);
    expect(withdrawn.granted).toBe(false);
    expect(withdrawn.faceTemplatesDeleted).toBe(2);
    expect(f.erasedFaces).toEqual([id]);
    expect(hasFaceConsent(f.env, id)).toBe(false);
    expect(codeOf(() => withdrawConsent(f.env, { opId: 'w2', memberId: id, kind: 'face' }, null))).toBe('CONSENT_NOT_GRANTED');
    const kinds = f.db.prepare("SELECT payload FROM outbox WHERE kind = 'consent.changed' ORDER BY seq").all() as Array<{ payload: string }>;
    expect(kinds.map((k) => (JSON.parse(k.payload) as { action: string }).action)).toEqual(['grant', 'withdraw']);
  });

  it('requires a guardian for a member under 14', () => {
    const id = createMember(f.env, { opId: 'j', name: '小明', phone: nextPhone(), birthday: '2015-06-01' }, null).memberId;
    expect(codeOf(() => grantConsent(f.env, { opId: 'g1', memberId: id, kind: 'face', textVersion: 'face-v1' }, null))).toBe('GUARDIAN_REQUIRED');
    expect(hasFaceConsent(f.env, id)).toBe(false);
    const ok = grantConsent(f.env, { opId: 'g2', memberId: id, kind: 'face', textVersion: 'face-v1', guardian: { name: '王芳', relation: '母亲' } }, null);
    expect(ok.hasGuardian).toBe(true);
  });
});

describe('erasure', () => {
  it('deletes personal data and templates, leaves a receipt, tells HQ, and keeps the books balanced', () => {
    const phone = nextPhone();
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone, birthday: '1990-01-01', notes: '喜欢靠窗', allergies: '花生' }, null).memberId;
    grantConsent(f.env, { opId: 'g', memberId: id, kind: 'face', textVersion: 'face-v1' }, null);
    recordPurchase(f.env, { opId: 'p', memberId: id, items: [{ sku: 'A', name: '拿铁', qty: 1, unitPriceFen: 2800 }] }, null);
    const receipt = eraseMember(f.env, { opId: 'e', memberId: id, reason: '本人申请删除' }, manager);
    expect(receipt.faceTemplatesDeleted).toBe(2);
    expect(receipt.receiptCode).toMatch(/^ER-[0-9A-F]{10}$/);
    expect(erasureReceipt(f.env, id)).toEqual(receipt);
    const row = f.db.prepare('SELECT * FROM members WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({ name: null, phone: null, birthday: null, notes: '', allergies: '', status: 'erased' });
    const dump = ['members', 'audit_log', 'op_ids', 'consents', 'churn_followups', 'erasure_receipts'].map((t) => JSON.stringify(f.db.prepare(`SELECT * FROM ${t}`).all())).join();
    expect(dump).not.toContain(phone);
    expect(dump).not.toContain('花生');
    expect(dump).not.toContain('王芳');
    // Replaying the join now says the member is gone instead of returning their old data.
    expect(codeOf(() => createMember(f.env, { opId: 'j', name: '王芳', phone, birthday: '1990-01-01', notes: '喜欢靠窗', allergies: '花生' }, null))).toBe('MEMBER_ERASED');
    expect(codeOf(() => checkinByPhone(f.env, { opId: 'c', phone }))).toBe('MEMBER_NOT_FOUND');
    expect(hasFaceConsent(f.env, id)).toBe(false);
    // The sale still adds up (pseudonymous id), and HQ gets the erasure.
    expect(f.db.prepare('SELECT count(*) FROM purchases WHERE member_id = ?').pluck().get(id)).toBe(1);
    expect(f.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'member.erased' AND member_id = ?").pluck().get(id)).toBe(1);
    // A replayed erasure returns the same receipt.
    expect(eraseMember(f.env, { opId: 'e', memberId: id, reason: '本人申请删除' }, manager)).toEqual(receipt);
  });

  it('shows the count of people with face data against the filing threshold', () => {
    expect(dataOverview(f.env)).toMatchObject({ peopleWithFaceData: 123, filingThreshold: 100_000, mustFile: false });
  });
});

describe('staff and audit', () => {
  it('hashes PINs with scrypt, locks out a client after five wrong PINs, and audits reads and changes', () => {
    const mgr = createStaff(f.env, { name: '店长', role: 'manager', pin: '1234' }, null);
    const stored = f.db.prepare('SELECT pin_hash, pin_lookup FROM staff WHERE id = ?').get(mgr.staffId) as { pin_hash: string; pin_lookup: string };
    expect(stored.pin_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(JSON.stringify(stored)).not.toContain('1234');
    expect(codeOf(() => createStaff(f.env, { name: '收银', role: 'cashier', pin: '1234' }, null))).toBe('PIN_NOT_ALLOWED');

    const session = signInWithPin(f.env, '1234');
    expect(session).toEqual({ staffId: mgr.staffId, role: 'manager', displayName: '店长' });
    for (let i = 0; i < 4; i++) expect(codeOf(() => signInWithPin(f.env, '9999'))).toBe('PIN_INCORRECT');
    expect(codeOf(() => signInWithPin(f.env, '9999'))).toBe('STAFF_LOCKED_OUT');
    expect(codeOf(() => signInWithPin(f.env, '1234'))).toBe('STAFF_LOCKED_OUT'); // even the right PIN, while locked
    f.clock.advance(30_000 + 1);
    expect(signInWithPin(f.env, '1234').staffId).toBe(mgr.staffId);

    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, session).memberId;
    memberCard(f.env, id, session);
    updateMember(f.env, { opId: 'u', memberId: id, changes: { notes: '少冰' } }, session);
    const trail = readAudit(f.db, { memberId: id, limit: 10 }).map((e) => `${e.action}:${e.staffId}`);
    expect(trail).toEqual([`member.update:${mgr.staffId}`, `member.read:${mgr.staffId}`, `member.create:${mgr.staffId}`]);
    expect(() => f.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('the member card has what the cashier needs, with the phone masked', () => {
    const phone = '13812345678';
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone, birthday: '1991-03-09', allergies: '花生' }, null).memberId;
    recordPurchase(f.env, { opId: 'p', memberId: id, items: [{ sku: 'LATTE', name: '拿铁', qty: 2, unitPriceFen: 2800 }] }, null);
    const card = memberCard(f.env, id, manager);
    expect(card.member.maskedPhone).toBe('138****5678');
    expect(JSON.stringify(card)).not.toContain(phone);
    expect(card).toMatchObject({
      isBirthdayMonth: true,
      // ¥56 in her birthday month: the birthday-month benefit (200%) applies all month.
      member: { allergies: '花生', tier: 'basic', pointsBalance: 112 },
      progress: { spend12mFen: 5600, nextTier: 'silver', spendToNextFen: 50_001 - 5600 },
      favouriteItems: [{ sku: 'LATTE', name: '拿铁', qty: 2 }],
      recentVisits: ['2026-03-04'],
    });
  });
});

describe('staff writes with an operation id', () => {
  it('a double-tapped "create cashier" creates one account, and the op record never holds the PIN', () => {
    const first = createStaff(f.env, { opId: 'add-cashier', name: '小周', role: 'cashier', pin: '4321' }, manager);
    expect(createStaff(f.env, { opId: 'add-cashier', name: '小周', role: 'cashier', pin: '4321' }, manager)).toEqual(first);
    expect(f.db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(1);
    expect(codeOf(() => createStaff(f.env, { opId: 'add-cashier', name: '小周', role: 'cashier', pin: '4322' }, manager))).toBe('IDEMPOTENCY_MISMATCH');
    const stored = JSON.stringify(f.db.prepare('SELECT * FROM op_ids').all());
    expect(stored).not.toContain('4321');
  });
});
