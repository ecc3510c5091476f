import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/contract/result.js';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { FaceRepository } from '../../electron/services/face/face-repository.js';
import { browse, type BrowseInput } from '../../electron/services/members/member-browse.js';
import { explainBrowse } from '../../electron/services/members/member-browse-repository.js';
import { setMemberTier } from '../../electron/services/members/member-repository.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

const DAY = 86_400_000;
let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture({ start: '2026-03-04T02:00:00Z' });
});
afterEach(() => f.close());

const join = (name: string, phone = nextPhone()) => ({ id: createMember(f.env, { opId: `j-${name}`, name, phone }, null).memberId, phone });
const visit = (phone: string, op: string) => checkinByPhone(f.env, { opId: op, phone });
const names = (input: Partial<BrowseInput>) => browse(f.env, { visited: 'any', page: 0, pageSize: 25, ...input }).members.map((m) => m.name);
const enrolFace = (memberId: string) =>
  new FaceRepository(f.db).addTemplates([{ memberId, modelVersion: 'm', keyId: 'k', sealed: Buffer.from([1]), source: 'photo', quality: null, createdAt: f.clock.now().toISOString() }], 5);

describe('members.browse (the manager member list)', () => {
  it('filters by tier, last visit, face data and search text, most recently seen first', () => {
    const old = join('王芳');
    visit(old.phone, 'v-old');
    f.clock.advance(40 * DAY);
    const recent = join('李娜');
    visit(recent.phone, 'v-recent');
    f.clock.advance(2 * DAY);
    const fresh = join('张伟', '13911112222');
    visit(fresh.phone, 'v-fresh');
    join('赵敏'); // never visited
    setMemberTier(f.db, recent.id, 'gold', f.clock.now().toISOString());
    enrolFace(fresh.id);

    expect(names({})).toEqual(['张伟', '李娜', '王芳', '赵敏']);
    expect(names({ tier: 'gold' })).toEqual(['李娜']);
    expect(names({ visited: 'within7' })).toEqual(['张伟', '李娜']);
    expect(names({ visited: 'over30' })).toEqual(['王芳']);
    expect(names({ visited: 'over90' })).toEqual([]);
    expect(names({ visited: 'never' })).toEqual(['赵敏']);
    expect(names({ hasFace: true })).toEqual(['张伟']);
    expect(names({ hasFace: false })).toEqual(['李娜', '王芳', '赵敏']);
    expect(names({ query: '李' })).toEqual(['李娜']);
    expect(names({ query: '139 1111 2222' })).toEqual(['张伟']);
    expect(names({ query: '2222' })).toEqual(['张伟']);
    expect(names({ query: '  ' })).toHaveLength(4);
    expect(names({ tier: 'gold', hasFace: true })).toEqual([]);
    const page = browse(f.env, { visited: 'any', page: 0, pageSize: 25 });
    expect(page.members.find((m) => m.name === '张伟')).toMatchObject({ hasFace: true, maskedPhone: '139****2222' });
  });

  it('pages with a total, and names a bad filter with its own code', () => {
    for (const name of ['甲', '乙', '丙', '丁', '戊', '己', '庚']) join(name);
    const first = browse(f.env, { visited: 'any', page: 0, pageSize: 3 });
    const last = browse(f.env, { visited: 'any', page: 2, pageSize: 3 });
    expect(first.total).toBe(7);
    expect(first.members).toHaveLength(3);
    expect(last.members).toHaveLength(1);
    const all = [0, 1, 2].flatMap((page) => browse(f.env, { visited: 'any', page, pageSize: 3 }).members.map((m) => m.memberId));
    expect(new Set(all).size).toBe(7);
    const code = (fn: () => unknown) => {
      try {
        fn();
        return 'no error';
      } catch (e) {
        return e instanceof AppError ? e.code : String(e);
      }
    };
    expect(code(() => browse(f.env, { tier: 'platinum-typo', visited: 'any', page: 0, pageSize: 3 }))).toBe('TIER_UNKNOWN');
    expect(code(() => browse(f.env, { query: 'x'.repeat(41), visited: 'any', page: 0, pageSize: 3 }))).toBe('QUERY_INVALID');
  });

  it('uses an index for the tier filter and the last-visit order (no scan of every member)', () => {
    const withTier = explainBrowse(f.db, { tier: 'gold' }).join(' | ');
    expect(withTier).toContain('members_status_tier_last_visit');
    expect(withTier).not.toMatch(/SCAN m\b(?! USING)/);
    expect(explainBrowse(f.db, {}).join(' | ')).toMatch(/USING INDEX members_status_(tier_)?last_visit/);
  });
});
