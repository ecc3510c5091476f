import { describe, expect, it } from 'vitest';
import { canonicalRequest, signRequest, signaturesEqual } from './signing.js';
import { downlinkResponseSchema, uploadBatchAckSchema, uploadBatchRequestSchema, wireEventSchema } from './wire.js';

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
