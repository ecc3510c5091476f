import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faceConfigSchema } from '../../electron/contract/face-config.js';
import { effectiveRules } from '../../electron/contract/loyalty-rules.js';
import { configSchema, defaultConfig } from '../../electron/core/config.js';
import { audit, readAudit } from '../../electron/services/audit/audit-log.js';
import { grantConsent } from '../../electron/services/consent/consent-service.js';
import { runMaintenance } from '../../electron/services/membership/maintenance.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

/** Issue 14 item 7: retention is on by default, one documented default per data class (docs/store-it.md). */
const DAY = 86_400_000;
let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
});
afterEach(() => f.close());

const auditCount = () => (f.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
const memberStatus = (id: string) => (f.db.prepare('SELECT status FROM members WHERE id = ?').get(id) as { status: string }).status;

describe('retention defaults (on out of the box)', () => {
  it('every data class has an explicit default period', () => {
    const config = defaultConfig();
    expect(config.retention.auditLogDays).toBe(1095);
    expect(effectiveRules(config.loyalty).retention.inactiveMemberEraseDays).toBe(1095); // check-ins and purchases go with the member
    expect(config.face.rejections.expireAfterDays).toBe(30); // "not me" probes
    expect(faceConfigSchema.parse({}).rejections.expireAfterDays).toBe(30);
    expect(config.backup).toMatchObject({ enabled: true, keep: 14 });
  });
});

describe('members inactive past the period are erased by the maintenance timer (check-ins, purchases, face data)', () => {
  it('keeps a member one day short of the period and erases them one day after; their consents stay as evidence', () => {
    const id = createMember(f.env, { opId: 'j1', name: '王芳', phone: nextPhone(), birthday: '1990-03-08' }, null).memberId;
    grantConsent(f.env, { opId: 'c1', memberId: id, kind: 'face', textVersion: 'face-v1' }, null);
    const consents = () => (f.db.prepare('SELECT count(*) AS n FROM consents WHERE member_id = ?').get(id) as { n: number }).n;
    expect(consents()).toBe(1);

    f.clock.advance(1094 * DAY);
    expect(runMaintenance(f.env).erasedByRetention).toBe(0);
    expect(memberStatus(id)).toBe('active');

    f.clock.advance(2 * DAY);
    expect(runMaintenance(f.env).erasedByRetention).toBe(1);
    expect(memberStatus(id)).toBe('erased');
    expect(f.erasedFaces).toEqual([id]);
    expect(consents()).toBe(1);
  });
});

describe('"not me" probes', () => {
  it('the maintenance timer purges them through the face store (the purge itself: face-rejections.test.ts)', () => {
    let purged = 0;
    const g = membershipFixture({ deps: { purgeExpiredFaceRejections: () => ++purged } });
    try {
      expect(runMaintenance(g.env).faceRejectionsExpired).toBe(1);
      expect(runMaintenance(g.env).faceRejectionsExpired).toBe(2);
    } finally {
      g.close();
    }
  });
});

describe('audit log retention', () => {
  it('deletes only rows older than the period, and records the run in the log itself', () => {
    audit(f.db, f.clock.now(), null, 'dashboard.read', null, { n: 1 });
    f.clock.advance(100 * DAY);
    audit(f.db, f.clock.now(), null, 'dashboard.read', null, { n: 2 });
    f.clock.advance(994 * DAY); // the first row is now 1094 days old
    expect(runMaintenance(f.env).auditRowsDeleted).toBe(0);
    expect(auditCount()).toBe(2);

    f.clock.advance(2 * DAY); // 1096 days: the first row goes, the second (996 days) stays
    expect(runMaintenance(f.env).auditRowsDeleted).toBe(1);
    const left = readAudit(f.db, { limit: 50 });
    expect(left.map((e) => [e.action, e.detail])).toEqual([
      ['retention.run', { dataClass: 'audit_log', days: 1095, deleted: 1 }],
      ['dashboard.read', { n: 2 }],
    ]);
    expect(left[0]!.at).toBe(f.clock.now().toISOString());
  });

  it('the trigger still refuses updates, and deletes of anything younger than 365 days before the newest row', () => {
    audit(f.db, f.clock.now(), null, 'dashboard.read', null, {});
    f.clock.advance(364 * DAY);
    audit(f.db, f.clock.now(), null, 'dashboard.read', null, {});
    expect(() => f.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => f.db.prepare("UPDATE audit_log SET detail = '{}'").run()).toThrow(/append-only/);
    expect(auditCount()).toBe(2);

    f.clock.advance(2 * DAY);
    audit(f.db, f.clock.now(), null, 'dashboard.read', null, {});
    // Only the first row is now 366 days older than the newest: the others are refused, and the
    // statement is all or nothing.
    expect(() => f.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(auditCount()).toBe(3);
    expect(f.db.prepare('DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)').run().changes).toBe(1);
    expect(auditCount()).toBe(2);
  });

  it('a configured period below the 365-day floor is refused by the config', () => {
    expect(() => configSchema.parse({ retention: { auditLogDays: 30 } })).toThrow(/auditLogDays|365/);
    expect(configSchema.parse({ retention: { auditLogDays: 400 } }).retention.auditLogDays).toBe(400);
  });
});
