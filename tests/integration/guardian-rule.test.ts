import { afterEach, describe, expect, it } from 'vitest';
import { consentState, grantConsent, hasFaceConsent } from '../../electron/services/consent/consent-service.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { membershipFixture, nextPhone, snapshot, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 14, P3 / item 8: the guardian rule for under-14s held only when the optional birthday was
 * given, so a child who left it blank consented alone. Face consent now needs a birthday (and a
 * guardian under 14) or an explicit attestation of being 14 or older — in the service itself.
 */
let f: MembershipFixture;
afterEach(() => f?.close());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('guardian rule without a birthday', () => {
  it('refuses face consent with no birthday, no guardian and no attestation, and changes nothing', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '小明', phone: nextPhone() }, null).memberId;
    const before = snapshot(f.db);
    expect(codeOf(() => grantConsent(f.env, { opId: 'g1', memberId: id, kind: 'face', textVersion: 'face-v1' }, null))).toBe('AGE_ATTESTATION_REQUIRED');
    expect(codeOf(() => grantConsent(f.env, { opId: 'g2', memberId: id, kind: 'face', textVersion: 'face-v1', adultAttested: false }, null))).toBe('AGE_ATTESTATION_REQUIRED');
    expect(snapshot(f.db)).toEqual(before);
    expect(hasFaceConsent(f.env, id)).toBe(false);
  });

  it('accepts an explicit adult attestation, audited as such', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone() }, null).memberId;
    const state = grantConsent(f.env, { opId: 'g', memberId: id, kind: 'face', textVersion: 'face-v1', adultAttested: true }, null);
    expect(state).toMatchObject({ granted: true, hasGuardian: false });
    const details = f.db.prepare("SELECT detail FROM audit_log WHERE action = 'consent.grant' AND member_id = ?").pluck().get(id) as string;
    expect(JSON.parse(details)).toMatchObject({ adultAttested: true });
  });

  it('accepts a guardian without a birthday; a birthday under 14 still needs the guardian even with an attestation', () => {
    f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
    const noBirthday = createMember(f.env, { opId: 'j1', name: '小红', phone: nextPhone() }, null).memberId;
    expect(grantConsent(f.env, { opId: 'g1', memberId: noBirthday, kind: 'face', textVersion: 'face-v1', guardian: { name: '王芳', relation: '母亲' } }, null).hasGuardian).toBe(true);
    const child = createMember(f.env, { opId: 'j2', name: '小刚', phone: nextPhone(), birthday: '2016-05-01' }, null).memberId;
    expect(codeOf(() => grantConsent(f.env, { opId: 'g2', memberId: child, kind: 'face', textVersion: 'face-v1', adultAttested: true }, null))).toBe('GUARDIAN_REQUIRED');
    const adult = createMember(f.env, { opId: 'j3', name: '刘洋', phone: nextPhone(), birthday: '1990-05-01' }, null).memberId;
    expect(grantConsent(f.env, { opId: 'g3', memberId: adult, kind: 'face', textVersion: 'face-v1' }, null).granted).toBe(true);
    // Marketing consent is not about face data: no attestation needed.
    expect(grantConsent(f.env, { opId: 'g4', memberId: noBirthday, kind: 'marketing', textVersion: 'mkt-v1' }, null).granted).toBe(true);
    expect(consentState(f.env, child, 'face').granted).toBe(false);
  });
});
