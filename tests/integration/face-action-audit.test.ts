import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../electron/contract/handlers.js';
import { serviceContextOf } from '../support/service-context.js';
import { audit, readAudit } from '../../electron/services/audit/audit-log.js';
import { createFaceHandlers } from '../../electron/services/face/face-handlers.js';
import type { FaceService } from '../../electron/services/face/face-service.js';
import { createMembershipHandlers } from '../../electron/services/membership/membership-handlers.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 14: every face action leaves an audit row in the store's real (SQLite) append-only log, with
 * ids and counts only. The face engine is a stand-in here: what is under test is that the handlers
 * record each action and that no template or image reaches the row.
 */
let f: MembershipFixture;
let memberId: string;
const manager: StaffSession = { staffId: 'staff-1', role: 'manager', displayName: '店长' };
const call = (session: StaffSession | null) => ({ clientId: 'c1', transport: 'in-process' as const, session, startSession() {}, endSession() {} });
// A template-like vector: if any of it reached the audit log, the test below would find it.
const TEMPLATE = Array.from({ length: 8 }, (_, i) => 0.123456 + i / 1000);
const enrolResult = { memberId: '', templatesAdded: 3, templatesTotal: 3, imagesUsed: 3, skipped: [], modelVersion: 'm', template: TEMPLATE };

function faceStub(): FaceService {
  return {
    enrollFromSession: async (_s: string, id: string) => ({ ...enrolResult, memberId: id }),
    enrollFromPhotos: async (id: string) => ({ ...enrolResult, memberId: id, templatesAdded: 2 }),
    rejectMatch: () => ({ recorded: true, rejectionsForMember: 1 }),
    clearRejections: () => 4,
    deleteTemplatesForMember: () => 5,
    getConfirmedMatch: () => null,
    countTemplates: () => 0,
  } as unknown as FaceService;
}

function faceHandlers() {
  return createFaceHandlers({ face: faceStub(), isJustJoined: () => false }, () => {}, (session, action, id, detail) =>
    audit(f.db, f.clock.now(), session, action, id, detail),
  );
}

const rowsOf = (action: string) => readAudit(f.db, { action, limit: 50 });

beforeEach(() => {
  f = membershipFixture();
  memberId = createMember(f.env, { opId: 'j1', name: '王芳', phone: nextPhone() }, null).memberId;
});
afterEach(() => f.close());

describe('every face action is audited (issue 14)', () => {
  it('face enrolment from a session and from photos', async () => {
    const h = faceHandlers();
    await h['face.enrollFromSession']({ sessionId: 's1', memberId }, call(manager));
    await h['face.enrollFromPhotos']({ memberId, imagesBase64: ['AAAA'] }, call(manager));
    const rows = rowsOf('face.enrol');
    expect(rows.map((r) => [r.staffId, r.memberId, r.detail])).toEqual([
      ['staff-1', memberId, { source: 'photo', templatesAdded: 2 }],
      ['staff-1', memberId, { source: 'session', templatesAdded: 3 }],
    ]);
  });

  it('template deletion', async () => {
    await faceHandlers()['face.deleteMemberFaceData']({ memberId }, call(manager));
    expect(rowsOf('face.templates_delete').map((r) => [r.staffId, r.memberId, r.detail])).toEqual([['staff-1', memberId, { templatesDeleted: 5 }]]);
  });

  it('"not me" at the counter, and clearing the "not me" records', async () => {
    const h = faceHandlers();
    await h['face.rejectMatch']({ sessionId: 's9', memberId }, call(manager));
    await h['face.clearRejections']({ memberId }, call(manager));
    expect(rowsOf('face.reject_match').map((r) => [r.staffId, r.memberId, r.detail])).toEqual([['staff-1', memberId, { sessionId: 's9' }]]);
    expect(rowsOf('face.clear_rejections').map((r) => [r.memberId, r.detail])).toEqual([[memberId, { cleared: 4 }]]);
  });

  it('a refused action leaves no row, and no row carries a template', async () => {
    const h = faceHandlers();
    // At the kiosk (no staff) only the member being shown can be rejected: refused, so not audited as done.
    await expect(Promise.resolve().then(() => h['face.rejectMatch']({ sessionId: 's9', memberId }, call(null)))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(rowsOf('face.reject_match')).toEqual([]);
    await h['face.enrollFromSession']({ sessionId: 's1', memberId }, call(manager));
    const all = f.db.prepare('SELECT detail FROM audit_log').all() as Array<{ detail: string }>;
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) expect(r.detail).not.toContain('0.123');
  });

  it('reading the audit log is itself audited', async () => {
    const ctx = serviceContextOf(f);
    const handlers = createMembershipHandlers(ctx, { confirmedFaceMember: () => null, eraseFaceData: () => 0, countPeopleWithFaceData: () => 0 });
    const listed = await handlers['audit.list']({ memberId, limit: 50 } as Parameters<(typeof handlers)['audit.list']>[0], call(manager));
    expect(listed.map((e) => e.action)).toEqual(['member.create']);
    expect(rowsOf('audit.read').map((r) => [r.staffId, r.memberId, r.detail])).toEqual([['staff-1', memberId, { action: null, results: 1 }]]);
  });
});
