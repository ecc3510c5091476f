import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkinByCode, checkinByFace, checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { createMember, issueMemberCode, verifyMemberCode } from '../../electron/services/members/member-service.js';
import { ledgerSum } from '../../electron/services/loyalty/ledger-repository.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

const DAY = 86_400_000;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('check-in', () => {
  let f: MembershipFixture;
  beforeEach(() => {
    f = membershipFixture();
  });
  afterEach(() => f.close());

  const join = (name = '王芳', phone = nextPhone(), birthday: string | null = '1990-07-15') =>
    createMember(f.env, { opId: `join-${phone}`, name, phone, birthday }, null);

  it('gives identical benefits by face, phone and QR code', () => {
    const a = join('张伟');
    const b = join('李娜');
    const c = join('刘洋');
    f.faceSessions.set('sess-a', a.memberId);
    const byFace = checkinByFace(f.env, { opId: 'c1', memberId: a.memberId, faceSessionId: 'sess-a' });
    const phoneB = f.db.prepare('SELECT phone FROM members WHERE id = ?').pluck().get(b.memberId) as string;
    const byPhone = checkinByPhone(f.env, { opId: 'c2', phone: phoneB });
    const byCode = checkinByCode(f.env, { opId: 'c3', code: issueMemberCode(f.env, c.memberId).code });
    for (const r of [byFace, byPhone, byCode]) {
      expect(r.alreadyCheckedIn).toBe(false);
      expect(r.pointsAwarded).toBe(10);
      expect(r.streakDays).toBe(1);
      expect(r.balanceAfter).toBe(10);
    }
    expect([byFace.method, byPhone.method, byCode.method]).toEqual(['face', 'phone', 'qr']);
    const kinds = f.db.prepare("SELECT kind, count(*) AS n FROM outbox WHERE kind = 'checkin.recorded' GROUP BY kind").get() as { n: number };
    expect(kinds.n).toBe(3);
  });

  it('counts once per day, builds a streak that earns double, and never awards a replay twice', () => {
    const m = join();
    const first = checkinByPhone(f.env, { opId: 'd1', phone: m.maskedPhone!.slice(-4) });
    const again = checkinByPhone(f.env, { opId: 'd1-second-tap', phone: m.maskedPhone!.slice(-4) });
    expect(again.alreadyCheckedIn).toBe(true);
    expect(again.pointsAwarded).toBe(0);
    const replay = checkinByPhone(f.env, { opId: 'd1', phone: m.maskedPhone!.slice(-4) });
    expect(replay).toEqual(first);
    f.clock.advance(DAY);
    const day2 = checkinByPhone(f.env, { opId: 'd2', phone: m.maskedPhone!.slice(-4) });
    expect(day2.streakDays).toBe(2);
    expect(day2.pointsAwarded).toBe(20);
    f.clock.advance(2 * DAY);
    const broken = checkinByPhone(f.env, { opId: 'd4', phone: m.maskedPhone!.slice(-4) });
    expect(broken.streakDays).toBe(1);
    expect(broken.pointsAwarded).toBe(10);
    expect(ledgerSum(f.db, m.memberId)).toBe(40);
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(3);
  });

  it('uses the store-local day, not UTC', () => {
    const m = join();
    f.clock.set('2026-03-04T15:30:00Z'); // 23:30 in Shanghai
    checkinByPhone(f.env, { opId: 'late', phone: m.maskedPhone!.slice(-4) });
    f.clock.set('2026-03-04T16:30:00Z'); // 00:30 next day in Shanghai, same UTC day
    const next = checkinByPhone(f.env, { opId: 'early', phone: m.maskedPhone!.slice(-4) });
    expect(next.alreadyCheckedIn).toBe(false);
    expect(next.streakDays).toBe(2);
  });

  it('greets in the birthday month once and adds the birthday bonus once a year', () => {
    const m = join('陈静', nextPhone(), '1988-03-20');
    const r = checkinByPhone(f.env, { opId: 'b1', phone: m.maskedPhone!.slice(-4) });
    expect(r.greeting.isBirthdayMonth).toBe(true);
    expect(r.greeting.showBirthdayGreeting).toBe(true);
    expect(r.birthdayBonusPoints).toBe(200);
    f.clock.advance(DAY);
    const r2 = checkinByPhone(f.env, { opId: 'b2', phone: m.maskedPhone!.slice(-4) });
    expect(r2.birthdayBonusPoints).toBe(0);
    expect(r2.greeting.showBirthdayGreeting).toBe(false);
    expect(r2.greeting.isBirthdayMonth).toBe(true);
  });

  it('asks to choose when several members share the last four digits', () => {
    const a = join('赵敏', '13912345678');
    const b = join('周杰', '13712345678');
    let details: unknown;
    try {
      checkinByPhone(f.env, { opId: 'amb', phone: '5678' });
    } catch (e) {
      expect((e as { code: string }).code).toBe('MEMBER_AMBIGUOUS');
      details = (e as { details: unknown }).details;
    }
    const candidates = (details as { candidates: Array<{ memberId: string; maskedName: string; maskedPhone: string }> }).candidates;
    expect(candidates.map((c) => c.memberId).sort()).toEqual([a.memberId, b.memberId].sort());
    expect(JSON.stringify(candidates)).not.toContain('13912345678');
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
    const chosen = checkinByPhone(f.env, { opId: 'amb', phone: '5678', memberId: b.memberId });
    expect(chosen.memberId).toBe(b.memberId);
  });

  it('rejects expired, forged and edited member codes with specific codes', () => {
    const m = join();
    const { code } = issueMemberCode(f.env, m.memberId);
    expect(verifyMemberCode(f.env, code)).toBe(m.memberId);
    const parts = code.split('.');
    const forged = [parts[0], parts[1], parts[2], 'AAAAAAAAAAAAAAAAAAAAAA'].join('.');
    expect(codeOf(() => verifyMemberCode(f.env, forged))).toBe('MEMBER_CODE_INVALID');
    expect(codeOf(() => verifyMemberCode(f.env, [parts[0], parts[1], 'zzzzzz', parts[3]].join('.')))).toBe('MEMBER_CODE_INVALID');
    expect(codeOf(() => verifyMemberCode(f.env, 'hello'))).toBe('MEMBER_CODE_INVALID');
    f.clock.advance(301_000);
    expect(codeOf(() => checkinByCode(f.env, { opId: 'qr-late', code }))).toBe('MEMBER_CODE_EXPIRED');
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
  });

  it('refuses a face check-in the face engine did not confirm', () => {
    const a = join();
    const b = join();
    f.faceSessions.set('s1', a.memberId);
    expect(codeOf(() => checkinByFace(f.env, { opId: 'f1', memberId: a.memberId, faceSessionId: 'nope' }))).toBe('FACE_SESSION_INVALID');
    expect(codeOf(() => checkinByFace(f.env, { opId: 'f2', memberId: b.memberId, faceSessionId: 's1' }))).toBe('FACE_MEMBER_MISMATCH');
    expect(f.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
  });

  it('fails a replayed operation id with different content', () => {
    const a = join();
    const b = join();
    checkinByPhone(f.env, { opId: 'same', phone: a.maskedPhone!.slice(-4) });
    expect(codeOf(() => checkinByPhone(f.env, { opId: 'same', phone: b.maskedPhone!.slice(-4) }))).toBe('IDEMPOTENCY_MISMATCH');
    expect(ledgerSum(f.db, b.memberId)).toBe(0);
  });
});
