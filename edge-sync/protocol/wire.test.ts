import { describe, expect, it } from 'vitest';
import { canonicalRequest, signRequest, signaturesEqual } from './signing.js';
import { downlinkPageSchema, downlinkResponseSchema, parseDownlinkChange, uploadBatchAckSchema, uploadBatchRequestSchema, wireEventSchema } from './wire.js';

const event = {
  eventId: 'e-1',
  kind: 'checkin.recorded',
  memberId: 'm-1',
  memberSeq: 1,
  schemaVersion: 1,
  occurredAt: '2026-11-20T08:00:00.000Z',
  payload: { checkinId: 'c-1', memberId: 'm-1', method: 'qr', at: '2026-11-20T08:00:00.000Z', localDate: '2026-11-20', streakDays: 0, pointsAwarded: 0 },
};

describe('wire schemas', () => {
  it('accept a valid event and batch', () => {
    expect(wireEventSchema.safeParse(event).success).toBe(true);
    expect(uploadBatchRequestSchema.safeParse({ v: 1, originId: 'o', storeId: 's-1', deviceId: 'd', events: [event] }).success).toBe(true);
  });
  it('have no place for an image or template: extra keys anywhere are refused', () => {
    const tpl = Array.from({ length: 512 }, () => 0.1);
    expect(wireEventSchema.safeParse({ ...event, template: tpl }).success).toBe(false);
    expect(wireEventSchema.safeParse({ ...event, payload: { ...event.payload, template: tpl } }).success).toBe(false);
    expect(wireEventSchema.safeParse({ ...event, payload: { ...event.payload, image: 'data:image/jpeg;base64,AAAA' } }).success).toBe(false);
    expect(uploadBatchRequestSchema.safeParse({ v: 1, originId: 'o', storeId: 's-1', deviceId: 'd', events: [], photo: 'x' }).success).toBe(false);
    expect(uploadBatchAckSchema.safeParse({ v: 1, accepted: [], duplicates: [], deferred: [], rejected: [], hqTime: '2026-11-20T08:00:00.000Z', extra: 1 }).success).toBe(false);
    expect(
      downlinkResponseSchema.safeParse({
        v: 1,
        changes: [{ seq: 1, type: 'member_profile', body: { memberId: 'm', displayName: 'x', phoneMasked: '138****0000', tierId: null, homeStoreId: null, updatedAt: '2026-11-20T08:00:00.000Z', photo: 'x' } }],
        cursor: 1,
        hasMore: false,
        hqTime: '2026-11-20T08:00:00.000Z',
      }).success,
    ).toBe(false);
  });
  it('refuses unknown kinds, a member without sequence, and a payload of another kind', () => {
    expect(wireEventSchema.safeParse({ ...event, kind: 'face.enrolled' }).success).toBe(false);
    expect(wireEventSchema.safeParse({ ...event, memberSeq: null }).success).toBe(false);
    expect(wireEventSchema.safeParse({ ...event, kind: 'member.erased' }).success).toBe(false);
  });
});

describe('request signing', () => {
  it('binds method, path, time, nonce and body', () => {
    const base = canonicalRequest('POST', '/v1/events/batch', 1, 'n', '{}');
    const sig = signRequest('secret', base);
    expect(signaturesEqual(sig, signRequest('secret', canonicalRequest('POST', '/v1/events/batch', 1, 'n', '{}')))).toBe(true);
    for (const other of [
      canonicalRequest('GET', '/v1/events/batch', 1, 'n', '{}'),
      canonicalRequest('POST', '/v1/downlink', 1, 'n', '{}'),
      canonicalRequest('POST', '/v1/events/batch', 2, 'n', '{}'),
      canonicalRequest('POST', '/v1/events/batch', 1, 'm', '{}'),
      canonicalRequest('POST', '/v1/events/batch', 1, 'n', '{ }'),
    ]) {
      expect(signaturesEqual(sig, signRequest('secret', other))).toBe(false);
    }
    expect(signaturesEqual(sig, signRequest('other', base))).toBe(false);
  });
});

describe('bounds before the database (issue 12)', () => {
  const points = {
    ...event,
    kind: 'points.changed',
    payload: { entryId: 1, memberId: 'm-1', delta: 10, kind: 'earn', balanceAfter: 10, ref: null, reason: null, at: '2026-11-20T08:00:00.000Z' },
  };
  const firstIssue = (value: unknown) => {
    const r = uploadBatchRequestSchema.safeParse({ v: 1, originId: 'o', storeId: 's-1', deviceId: 'd', events: [value] });
    return r.success ? null : `${r.error.issues[0]?.path.join('.')}`;
  };
  it('accepts the in-range event', () => {
    expect(firstIssue(points)).toBeNull();
  });
  it.each([
    ['schemaVersion 2^31', { ...points, schemaVersion: 2147483648 }, 'events.0.schemaVersion'],
    ['memberSeq 2^31', { ...points, memberSeq: 2147483648 }, 'events.0.memberSeq'],
    ['delta 3e9', { ...points, payload: { ...points.payload, delta: 3e9 } }, 'events.0.payload.delta'],
    ['entryId 2^31', { ...points, payload: { ...points.payload, entryId: 2 ** 31 } }, 'events.0.payload.entryId'],
    ['balanceAfter 2^31', { ...points, payload: { ...points.payload, balanceAfter: 2 ** 31 } }, 'events.0.payload.balanceAfter'],
    ['year 0000', { ...points, occurredAt: '0000-01-01T00:00:00Z' }, 'events.0.occurredAt'],
    ['year 2101', { ...points, payload: { ...points.payload, at: '2101-01-01T00:00:00Z' } }, 'events.0.payload.at'],
    ['local day 1999', { ...event, payload: { ...event.payload, localDate: '1999-12-31' } }, 'events.0.payload.localDate'],
    ['local day 2026-02-30', { ...event, payload: { ...event.payload, localDate: '2026-02-30' } }, 'events.0.payload.localDate'],
    ['envelope member differs from the payload', { ...points, memberId: 'm-2' }, 'events.0.memberId'],
    ['a 65-character id', { ...points, eventId: 'e'.repeat(65) }, 'events.0.eventId'],
  ])('refuses %s, naming the field', (_name, value, field) => {
    expect(firstIssue(value)).toBe(field);
  });
});

describe('downlink envelope (forward compatibility)', () => {
  const page = (changes: unknown[], extra: object = {}) => ({ v: 1, changes, cursor: 3, hasMore: false, hqTime: '2026-11-20T08:00:00.000Z', ...extra });
  const balance = { seq: 1, type: 'member_balance', body: { memberId: 'm-1', pointsBalance: 5, asOfHqSeq: 1 } };
  const future = { seq: 2, type: 'future_thing', body: { anything: [1, 2], at: 'later' } };
  const badCoupon = { seq: 3, type: 'coupon', body: { couponId: 'c', newKind: true } };

  it('lets a store read a page with a type it does not know or a body it cannot read; each change is then checked alone', () => {
    const parsed = downlinkPageSchema.parse(page([balance, future, badCoupon]));
    expect(parsed.changes.map(parseDownlinkChange).map((r) => (r.ok ? r.change.type : r.reason))).toEqual([
      'member_balance',
      'unknown type',
      'body not understood: body.campaignId: Invalid input: expected string, received undefined',
    ]);
  });

  it('keeps the envelope strict: versions, extra keys, type names, page size', () => {
    expect(downlinkPageSchema.safeParse(page([balance], { v: 2 })).success).toBe(false);
    expect(downlinkPageSchema.safeParse(page([balance], { photo: 'x' })).success).toBe(false);
    expect(downlinkPageSchema.safeParse(page([{ ...balance, photo: 'x' }])).success).toBe(false);
    expect(downlinkPageSchema.safeParse(page([{ ...balance, seq: 0 }])).success).toBe(false);
    expect(downlinkPageSchema.safeParse(page([{ ...future, type: 'Future Thing' }])).success).toBe(false);
    expect(downlinkPageSchema.safeParse(page(Array.from({ length: 1001 }, (_, i) => ({ ...future, seq: i + 1 })))).success).toBe(false);
  });

  it("HQ's answer passes on a type it does not know, but still checks every type it knows", () => {
    expect(downlinkResponseSchema.safeParse(page([balance, future])).success).toBe(true);
    const refused = downlinkResponseSchema.safeParse(page([balance, badCoupon]));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['changes', 1, 'body', 'campaignId']);
  });
});
