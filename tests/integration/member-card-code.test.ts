import { afterEach, describe, expect, it } from 'vitest';
import { checkinByCode } from '../../electron/services/checkin/checkin-service.js';
import { memberCardCode, revokeMemberCard } from '../../electron/services/members/member-card-code.js';
import { createMember, issueMemberCode, verifyMemberCode } from '../../electron/services/members/member-service.js';
import { cardCodeHash } from '../../edge-sync/protocol/member-bank-wire.js';
import { createMembershipApi } from '../../electron/services/membership/membership-api.js';
import { createLogger } from '../../electron/core/logger.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 14, P2: the QR on receipts expired after 300 s, so "show it to check in" never worked at
 * the next visit. The long-lived card code (MC1) works until staff revoke it, holds no personal
 * data, and is accepted wherever the short-lived phone code (MK1) is.
 */
let f: MembershipFixture;
afterEach(() => f?.close());
const manager = { staffId: 'mgr', role: 'manager' as const, displayName: '店长' };
const DAY = 86_400_000;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('member card code', () => {
  it('still checks in a year later, holds no personal data, and is the same code until revoked', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const phone = nextPhone();
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone, birthday: '1990-05-01' }, null).memberId;
    const card = memberCardCode(f.env, id);
    expect(card.code).toMatch(/^MC1\.[A-Za-z0-9_-]{16}\.1\.[A-Za-z0-9_-]{22}$/);
    for (const personal of [id, phone, phone.slice(-4), '王芳', '1990']) expect(card.code).not.toContain(personal);
    expect(memberCardCode(f.env, id).code).toBe(card.code);
    f.clock.advance(365 * DAY);
    expect(checkinByCode(f.env, { opId: 'qr-year', code: card.code }).memberId).toBe(id);
    // The receipts take the same code through the API other domains use.
    const api = createMembershipApi({ db: f.db, config: f.config, clock: f.clock, log: createLogger({ level: 'error', sink: () => {} }) });
    expect(api.memberCardCode(id)).toBe(card.code);
  });

  it('revocation by staff retires the old code (MEMBER_CODE_REVOKED), issues a new one, and is audited', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    const old = memberCardCode(f.env, id).code;
    const fresh = revokeMemberCard(f.env, id, manager).code;
    expect(fresh).not.toBe(old);
    expect(codeOf(() => verifyMemberCode(f.env, old))).toBe('MEMBER_CODE_REVOKED');
    expect(verifyMemberCode(f.env, fresh)).toBe(id);
    expect(memberCardCode(f.env, id).code).toBe(fresh);
    expect(f.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'member.card_revoked' AND member_id = ?").pluck().get(id)).toBe(1);
  });

  it('refuses forged and edited card codes, and short-lived phone codes still work and still expire', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    const [prefix, cardId, v, sig] = memberCardCode(f.env, id).code.split('.') as [string, string, string, string];
    expect(codeOf(() => verifyMemberCode(f.env, [prefix, cardId, v, 'A'.repeat(22)].join('.')))).toBe('MEMBER_CODE_INVALID');
    expect(codeOf(() => verifyMemberCode(f.env, [prefix, cardId, '2', sig].join('.')))).toBe('MEMBER_CODE_INVALID');
    expect(codeOf(() => verifyMemberCode(f.env, [prefix, 'B'.repeat(16), v, sig].join('.')))).toBe('MEMBER_CODE_INVALID');
    const phoneCode = issueMemberCode(f.env, id).code;
    expect(verifyMemberCode(f.env, phoneCode)).toBe(id);
    f.clock.advance(301_000);
    expect(codeOf(() => verifyMemberCode(f.env, phoneCode))).toBe('MEMBER_CODE_EXPIRED');
  });

  it('tells HQ of each new card by its SHA-256 only (member.card_issued), once; a card from before is announced when next shown', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    const announced = () => (f.db.prepare("SELECT payload FROM outbox WHERE kind = 'member.card_issued' ORDER BY seq").all() as Array<{ payload: string }>).map((r) => JSON.parse(r.payload) as { codeHash: string });
    const first = memberCardCode(f.env, id).code;
    memberCardCode(f.env, id);
    expect(announced().map((p) => p.codeHash)).toEqual([cardCodeHash(first)]);
    expect(JSON.stringify(announced())).not.toContain(first.split('.')[1]);
    const fresh = revokeMemberCard(f.env, id, manager).code;
    expect(announced().map((p) => p.codeHash)).toEqual([cardCodeHash(first), cardCodeHash(fresh)]);
    // A card issued before this version (never announced) goes out the next time it is shown or printed.
    f.db.prepare('UPDATE member_cards SET announced_at = NULL WHERE revoked_at IS NULL').run();
    memberCardCode(f.env, id);
    memberCardCode(f.env, id);
    expect(announced().map((p) => p.codeHash)).toEqual([cardCodeHash(first), cardCodeHash(fresh), cardCodeHash(fresh)]);
  });
});
