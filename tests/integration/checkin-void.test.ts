import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../electron/contract/handlers.js';
import { checkinByFace } from '../../electron/services/checkin/checkin-service.js';
import { voidWrongMemberCheckin } from '../../electron/services/checkin/checkin-void.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { ledgerSum } from '../../electron/services/loyalty/ledger-repository.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

/** The cashier's "not this member" after a face check-in was awarded to the wrong member (issue 16). */
describe('voiding a check-in awarded to the wrong member', () => {
  let f: MembershipFixture;
  const rejected: Array<[string, string, string]> = [];
  const cashier: StaffSession = { staffId: 'staff-cashier', role: 'cashier', displayName: '收银员' };
  beforeEach(() => {
    rejected.length = 0;
    f = membershipFixture({
      deps: {
        rejectFaceMatch: (sessionId, memberId, staffId) => {
          rejected.push([sessionId, memberId, staffId]);
          return true;
        },
      },
    });
  });
  afterEach(() => f.close());

  const wrongFaceCheckin = () => {
    const m = createMember(f.env, { opId: `join-${nextPhone()}`, name: '张伟', phone: nextPhone(), birthday: null }, null);
    f.faceSessions.set('sess-1', m.memberId);
    return checkinByFace(f.env, { opId: 'c1', memberId: m.memberId, faceSessionId: 'sess-1' });
  };

  it('takes the points back, marks the check-in void, and records the face as "not this member"', () => {
    const c = wrongFaceCheckin();
    expect(c.pointsAwarded).toBe(10);
    const r = voidWrongMemberCheckin(f.env, { opId: 'v1', checkinId: c.checkinId, faceSessionId: 'sess-1' }, cashier);
    expect(r).toEqual({ checkinId: c.checkinId, memberId: c.memberId, pointsReversed: 10, rejectionRecorded: true });
    expect(ledgerSum(f.db, c.memberId)).toBe(0);
    expect(rejected).toEqual([['sess-1', c.memberId, 'staff-cashier']]);
    const row = f.db.prepare('SELECT member_id, staff_id, points_reversed FROM checkin_voids WHERE checkin_id = ?').get(c.checkinId);
    expect(row).toEqual({ member_id: c.memberId, staff_id: 'staff-cashier', points_reversed: 10 });
    // The reversal reaches HQ as a points change; the visit itself stays on record.
    const changed = f.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'points.changed'").get() as { n: number };
    expect(changed.n).toBe(2);
    expect(f.db.prepare('SELECT count(*) AS n FROM checkins WHERE id = ?').get(c.checkinId)).toEqual({ n: 1 });
  });

  it('is idempotent per op, refuses a second void and an unknown check-in, and works without a face session', () => {
    const c = wrongFaceCheckin();
    const first = voidWrongMemberCheckin(f.env, { opId: 'v1', checkinId: c.checkinId }, cashier);
    expect(first.rejectionRecorded).toBe(false);
    expect(voidWrongMemberCheckin(f.env, { opId: 'v1', checkinId: c.checkinId }, cashier).pointsReversed).toBe(10);
    expect(ledgerSum(f.db, c.memberId)).toBe(0);
    expect(() => voidWrongMemberCheckin(f.env, { opId: 'v2', checkinId: c.checkinId }, cashier)).toThrow(expect.objectContaining({ code: 'CHECKIN_ALREADY_VOIDED' }));
    expect(() => voidWrongMemberCheckin(f.env, { opId: 'v3', checkinId: 'nope' }, cashier)).toThrow(expect.objectContaining({ code: 'CHECKIN_NOT_FOUND' }));
    expect(rejected).toEqual([]);
  });
});
