import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/contract/result.js';
import { auditFilter } from '../../electron/services/audit/audit-filter.js';
import { readAudit } from '../../electron/services/audit/audit-log.js';
import { eraseMember } from '../../electron/services/consent/consent-service.js';
import { adjustPoints } from '../../electron/services/loyalty/points-service.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { createStaff } from '../../electron/services/staff/staff-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

const HOUR = 3_600_000;
let f: MembershipFixture;
beforeEach(() => {
  // 2026-03-04 10:00 in Shanghai (the store's zone in the default config).
  f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
});
afterEach(() => f.close());

const list = (q: Parameters<typeof auditFilter>[0]) => readAudit(f.db, auditFilter(q, f.env.timeZone));

describe('audit log for the manager (audit.list)', () => {
  it('shows names, not ids, and filters by action, staff member and store-local dates', () => {
    const boss = createStaff(f.env, { name: '李静', role: 'manager', pin: '1234' }, null);
    const other = createStaff(f.env, { name: '小周', role: 'manager', pin: '5678' }, null);
    const bossSession = { staffId: boss.staffId, role: 'manager' as const, displayName: boss.name };
    const otherSession = { staffId: other.staffId, role: 'manager' as const, displayName: other.name };
    const wang = createMember(f.env, { opId: 'j1', name: '王芳', phone: nextPhone() }, null).memberId;
    adjustPoints(f.env, { opId: 'a1', memberId: wang, delta: 50, reason: '补录' }, bossSession);
    // 23:30 in Shanghai is still 4 March there, though 5 March has begun nowhere yet in UTC terms.
    f.clock.set(new Date('2026-03-04T15:30:00Z'));
    adjustPoints(f.env, { opId: 'a2', memberId: wang, delta: 20, reason: '补录' }, otherSession);
    f.clock.advance(1 * HOUR); // 00:30 on 5 March in Shanghai
    adjustPoints(f.env, { opId: 'a3', memberId: wang, delta: 10, reason: '补录' }, bossSession);

    const adjustments = list({ action: 'points.adjust', limit: 50 });
    expect(adjustments).toHaveLength(3);
    expect(adjustments[0]).toMatchObject({ staffName: '李静', memberName: '王芳', action: 'points.adjust' });
    expect(adjustments[0]!.memberCode).toMatch(/\S/);
    expect(list({ action: 'points.adjust', staffId: other.staffId, limit: 50 }).map((e) => e.staffName)).toEqual(['小周']);
    expect(list({ action: 'points.adjust', fromDate: '2026-03-04', toDate: '2026-03-04', limit: 50 })).toHaveLength(2);
    expect(list({ action: 'points.adjust', fromDate: '2026-03-05', limit: 50 })).toHaveLength(1);
    expect(list({ action: 'points.adjust', toDate: '2026-03-03', limit: 50 })).toHaveLength(0);
    expect(list({ action: 'member.create', limit: 50 }).map((e) => e.staffName)).toEqual([null]);

    // Erasure removes the name from every view of the log; only the opaque id remains.
    eraseMember(f.env, { opId: 'e1', memberId: wang, reason: '本人申请' }, bossSession);
    const after = list({ memberId: wang, limit: 50 });
    expect(after.length).toBeGreaterThan(3);
    expect(after.every((e) => e.memberName === null)).toBe(true);
    expect(JSON.stringify(after)).not.toContain('王芳');
  });

  it('refuses a reversed or impossible date range with its own code', () => {
    const code = (q: Parameters<typeof auditFilter>[0]) => {
      try {
        auditFilter(q, 'Asia/Shanghai');
        return 'accepted';
      } catch (e) {
        return e instanceof AppError ? e.code : String(e);
      }
    };
    expect(code({ fromDate: '2026-03-05', toDate: '2026-03-04', limit: 1 })).toBe('DATE_RANGE_INVALID');
    expect(code({ fromDate: '2026-02-30', limit: 1 })).toBe('DATE_RANGE_INVALID');
    expect(code({ fromDate: '2026-03-04', toDate: '2026-03-04', limit: 1 })).toBe('accepted');
  });
});
