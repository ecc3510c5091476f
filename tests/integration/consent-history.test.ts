/**
 * Consent history is evidence: rows cannot be deleted or rewritten, only erasure may clear the
 * guardian's personal data, and the erasure itself still works under that rule.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eraseMember, grantConsent } from '../../electron/services/consent/consent-service.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture();
});
afterEach(() => f.close());

describe('consents are append-only', () => {
  it('refuses deleting or rewriting a consent, and lets erasure clear only the guardian', () => {
    const id = createMember(f.env, { opId: 'j', name: '小明', phone: nextPhone(), birthday: '2016-05-01' }, null).memberId;
    grantConsent(f.env, { opId: 'c', memberId: id, kind: 'face', textVersion: 'face-v1', guardian: { name: '王芳', relation: '母亲' } }, null);
    const row = () => f.db.prepare('SELECT * FROM consents WHERE member_id = ?').get(id) as Record<string, unknown>;
    const before = row();

    expect(() => f.db.prepare('DELETE FROM consents WHERE member_id = ?').run(id)).toThrow(/append-only/);
    expect(() => f.db.prepare("UPDATE consents SET action = 'withdraw' WHERE member_id = ?").run(id)).toThrow(/append-only/);
    expect(() => f.db.prepare("UPDATE consents SET text_version = 'face-v0' WHERE member_id = ?").run(id)).toThrow(/append-only/);
    expect(() => f.db.prepare("UPDATE consents SET at = '2020-01-01T00:00:00Z' WHERE member_id = ?").run(id)).toThrow(/append-only/);
    // Clearing the guardian together with another column is still a rewrite.
    expect(() => f.db.prepare("UPDATE consents SET guardian_name = NULL, guardian_relation = NULL, device = 'x' WHERE member_id = ?").run(id)).toThrow(/append-only/);
    expect(row()).toEqual(before);

    eraseMember(f.env, { opId: 'e', memberId: id, reason: '家长要求' }, null);
    expect(row()).toEqual({ ...before, guardian_name: null, guardian_relation: null });
  });
});
