import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkinByPhone } from '../../electron/services/checkin/checkin-service.js';
import { eraseMember, grantConsent, withdrawConsent } from '../../electron/services/consent/consent-service.js';
import { createMember, updateMember } from '../../electron/services/members/member-service.js';
import { recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { adjustPoints } from '../../electron/services/loyalty/points-service.js';
import { appendOutboxEvent } from '../../edge-sync/client/outbox-append.js';
import { findTemplateLikeData } from '../../edge-sync/protocol/biometric-scan.js';
import { wireEventSchema } from '../../edge-sync/protocol/wire.js';
import { membershipFixture, nextPhone, type MembershipFixture } from './membership-fixture.js';

let f: MembershipFixture;
beforeEach(() => {
  f = membershipFixture();
});
afterEach(() => f.close());

const manager = { staffId: 'm1', role: 'manager' as const, displayName: '店长' };

/** A face template as the face engine makes it: 512 float32 values. */
function fakeTemplate(): Float32Array {
  return Float32Array.from({ length: 512 }, (_, i) => Math.sin(i) * 0.1);
}

describe('no biometric data in anything queued for HQ', () => {
  it('every outbox payload the membership flows write is a valid wire event with nothing template-like in it', () => {
    // The flows that write events, including the ones closest to face data (face consent, erasure).
    const phone = nextPhone();
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone, birthday: '1990-01-01', notes: '喜欢靠窗', allergies: '花生' }, null).memberId;
    grantConsent(f.env, { opId: 'g', memberId: id, kind: 'face', textVersion: 'face-v1.2', device: 'kiosk-1' }, null);
    checkinByPhone(f.env, { opId: 'c', phone });
    const bought = recordPurchase(f.env, { opId: 'p', memberId: id, items: [{ sku: 'A', name: '拿铁', qty: 2, unitPriceFen: 2800 }] }, null);
    refundPurchase(f.env, { opId: 'r', purchaseId: bought.purchaseId, reason: '退一杯', amountFen: 2800 }, null);
    updateMember(f.env, { opId: 'u', memberId: id, changes: { name: '王芳芳', notes: '周三常来' } }, null);
    adjustPoints(f.env, { opId: 'a', memberId: id, delta: 50, reason: '补偿' }, manager);
    withdrawConsent(f.env, { opId: 'w', memberId: id, kind: 'face' }, null);
    const other = createMember(f.env, { opId: 'j2', name: '李雷', phone: nextPhone(), birthday: null }, null).memberId;
    eraseMember(f.env, { opId: 'e', memberId: other, reason: '本人申请删除' }, manager);

    const rows = f.db.prepare('SELECT event_id, kind, member_id, member_seq, schema_version, payload, occurred_at FROM outbox ORDER BY seq').all() as Array<{
      event_id: string;
      kind: string;
      member_id: string | null;
      member_seq: number | null;
      schema_version: number;
      payload: string;
      occurred_at: string;
    }>;
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ['member.created', 'consent.changed', 'checkin.recorded', 'purchase.recorded', 'purchase.refunded', 'member.updated', 'points.changed', 'member.erased']) {
      expect(kinds.has(k), `flow wrote no ${k}`).toBe(true);
    }
    for (const r of rows) {
      const payload = JSON.parse(r.payload) as unknown;
      // Key names too, here: nothing in a payload is called template/embedding/image/photo….
      expect(findTemplateLikeData(payload, { keys: true }), `${r.kind} ${r.payload.slice(0, 200)}`).toEqual([]);
      const wire = wireEventSchema.safeParse({
        eventId: r.event_id,
        kind: r.kind,
        memberId: r.member_id,
        memberSeq: r.member_seq,
        schemaVersion: r.schema_version,
        occurredAt: r.occurred_at,
        payload,
      });
      expect(wire.success, `${r.kind} is not a valid wire event`).toBe(true);
      // And the whole row as it would travel.
      expect(findTemplateLikeData(wire.data)).toEqual([]);
    }
  });

  it('the scanner finds a template however it is dressed up', () => {
    const t = fakeTemplate();
    const asBase64 = Buffer.from(t.buffer).toString('base64');
    const asHex = Buffer.from(t.buffer).toString('hex');
    const asLatin1 = Buffer.from(t.buffer).toString('latin1');
    const cases: unknown[] = [
      { v: Array.from(t) },
      { v: Array.from(t.slice(0, 16)) },
      { v: asBase64 },
      { v: asHex },
      { v: `data:image/jpeg;base64,${asBase64.slice(0, 40)}` },
      { v: Array.from(t).join(',') },
      { v: asLatin1 },
      { nested: [{ deeper: { v: Array.from(t.slice(0, 128)) } }] },
      { v: t },
    ];
    for (const c of cases) expect(findTemplateLikeData(c).length, JSON.stringify(c).slice(0, 80)).toBeGreaterThan(0);
    expect(findTemplateLikeData({ faceTemplate: 'x' }, { keys: true }).length).toBeGreaterThan(0);
    // Ordinary data passes: Chinese text, masked phones, ids, item lists, timestamps.
    expect(findTemplateLikeData({ name: '王芳', phone: '138****0000', items: [{ sku: 'A1', qty: 2 }], at: '2026-03-04T02:00:00.000Z', id: 'c7f3c9a2-0b1e-4b8f-9d55-2f0f1c9a0e11' })).toEqual([]);
  });

  it('appendOutboxEvent refuses a template smuggled into a free-text field, and the state change rolls back with it', () => {
    const id = createMember(f.env, { opId: 'j', name: '王芳', phone: nextPhone(), birthday: null }, null).memberId;
    const before = (f.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const smuggled = Buffer.from(fakeTemplate().buffer.slice(0, 512)).toString('base64');
    const write = f.db.transaction(() => {
      f.db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'x')").run();
      appendOutboxEvent(f.db, 'member.updated', { memberId: id, changed: { notes: smuggled }, at: new Date().toISOString() }, { memberId: id, occurredAt: new Date() });
    });
    expect(() => write()).toThrow(/template-like/);
    expect((f.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(before);
    expect(f.db.prepare("SELECT value FROM meta WHERE key = 'probe'").get()).toBeUndefined();
  });
});
