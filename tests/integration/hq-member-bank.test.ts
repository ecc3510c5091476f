import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOutboxEvent } from '../../edge-sync/client/outbox-append.js';
import { HqCallError } from '../../edge-sync/client/hq-client.js';
import { listHqAudit } from '../../edge-sync/hq/audit/hq-audit.js';
import { memberBankDeviceRoutes } from '../../edge-sync/hq/members/bank-device-routes.js';
import type { Db } from '../../electron/db/connection.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { makeStore, type TestStore } from '../fault/support/store-fixture.js';

// The member bank at HQ (issue 13), over HTTP against a real HQ (PostgreSQL where reachable, as every
// HQ test): lookup across stores by phone and member number, online authorisation (atomic,
// idempotent), the later events recognised by op id, offline redemptions within the allowance.

const AT = '2026-11-20T08:00:00.000Z';
let entry = 0;

function createMember(db: Db, memberId: string, phone: string, memberCode: string): void {
  db.transaction(() =>
    appendOutboxEvent(db, 'member.created', { memberId, memberCode, name: '王芳', phone, birthday: null, tier: 'basic', referredBy: null, at: AT }, { memberId, occurredAt: new Date(AT) }),
  )();
}

function points(db: Db, memberId: string, delta: number, extra: { opId?: string; offline?: boolean } = {}): void {
  db.transaction(() =>
    appendOutboxEvent(
      db,
      'points.changed',
      { entryId: ++entry, memberId, delta, kind: delta > 0 ? 'earn' : 'redeem', balanceAfter: 0, ref: null, reason: null, at: AT, ...extra },
      { memberId, occurredAt: new Date(AT) },
    ),
  )();
}

describe('member bank at HQ', () => {
  let hq: TestHq;
  let a: TestStore;
  let b: TestStore;

  beforeAll(async () => {
    hq = await startTestHq({ deviceRoutes: [memberBankDeviceRoutes] });
    a = await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: 'store-a' });
    b = await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: 'store-b' });
    createMember(a.db, 'm-1', '13800000001', 'MABC234');
    points(a.db, 'm-1', 500);
    await a.uploader.drain();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await hq?.close();
  });

  it('finds store A’s member at store B by phone and by member number, keeps only keyed hashes, and audits each lookup', async () => {
    const byPhone = await b.client.lookupMember({ phone: '13800000001' });
    expect(byPhone.member).toMatchObject({ memberId: 'm-1', memberCode: 'MABC234', phoneMasked: '138****0001', homeStoreId: 'store-a', pointsBalance: 500 });
    expect((await b.client.lookupMember({ memberCode: 'mabc234' })).member?.memberId).toBe('m-1');
    expect((await b.client.lookupMember({ phone: '13900000009' })).member).toBeNull();
    const keys = await hq.db.query<{ key_hash: string }>('SELECT key_hash FROM member_lookup_keys');
    expect(keys.length).toBe(2);
    for (const k of keys) expect(k.key_hash).not.toContain('13800000001');
    const audit = await listHqAudit(hq.db, { chainId: 'chain-1', action: 'member.looked_up', limit: 10 });
    expect(audit.map((r) => [r.storeId, r.subjectId, r.detail['by'], r.detail['found']])).toEqual([
      ['store-b', null, 'phone', false],
      ['store-b', 'm-1', 'member_code', true],
      ['store-b', 'm-1', 'phone', true],
    ]);
  });

  it('authorises exactly one of two concurrent redemptions that together exceed the balance; a retry gets the first answer', async () => {
    const [fromA, fromB] = await Promise.all([
      a.client.authoriseRedemption({ opId: 'op-a-1', memberId: 'm-1', points: 400, reason: 'purchase' }),
      b.client.authoriseRedemption({ opId: 'op-b-1', memberId: 'm-1', points: 400, reason: 'purchase' }),
    ]);
    expect([fromA.status, fromB.status].sort()).toEqual(['authorised', 'insufficient']);
    expect(await hq.repo.memberBalance('chain-1', 'm-1')).toBe(100);
    const winner = fromA.status === 'authorised' ? { store: a, answer: fromA, opId: 'op-a-1' } : { store: b, answer: fromB, opId: 'op-b-1' };
    const again = await winner.store.client.authoriseRedemption({ opId: winner.opId, memberId: 'm-1', points: 400, reason: 'purchase' });
    expect(again).toMatchObject({ status: 'authorised', balance: 100, changeSeq: winner.answer.changeSeq });
    expect(await hq.repo.memberBalance('chain-1', 'm-1')).toBe(100);
    const reused = await winner.store.client.authoriseRedemption({ opId: winner.opId, memberId: 'm-1', points: 10, reason: 'purchase' }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(HqCallError);
    expect((reused as HqCallError).code).toBe('OP_ID_MISMATCH');

    // The store's own points.changed for the authorised redemption arrives later: recognised, not debited again.
    points(winner.store.db, 'm-1', -400, { opId: winner.opId });
    await winner.store.uploader.drain();
    expect(winner.store.store.counts()).toMatchObject({ pending: 0, parked: 0 });
    expect(await hq.repo.memberBalance('chain-1', 'm-1')).toBe(100);
    const op = await hq.db.query<{ event_id: string | null }>('SELECT event_id FROM bank_redemptions WHERE op_id = $1', [winner.opId]);
    expect(op[0]?.event_id).not.toBeNull();
  });

  it('accepts an offline redemption within the allowance and flags the negative balance; refuses one beyond it and an op id HQ never authorised', async () => {
    points(b.db, 'm-1', -300, { opId: 'op-b-offline-1', offline: true });
    await b.uploader.drain();
    expect(b.store.counts()).toMatchObject({ pending: 0, parked: 0 });
    expect(await hq.repo.memberBalance('chain-1', 'm-1')).toBe(-200);
    const reviews = await hq.db.query<{ member_id: string; store_id: string; balance: number; status: string }>('SELECT member_id, store_id, balance, status FROM bank_reviews');
    expect(reviews).toEqual([{ member_id: 'm-1', store_id: 'store-b', balance: -200, status: 'open' }]);

    points(b.db, 'm-1', -400, { opId: 'op-b-offline-2', offline: true }); // would reach -600, beyond the 500 allowance
    await b.uploader.drain();
    await b.uploader.drain(); // the skip notice of the parked event
    points(b.db, 'm-1', -10, { opId: 'op-b-never-authorised' });
    await b.uploader.drain();
    expect(b.store.counts()).toMatchObject({ pending: 0, parked: 2 });
    const parked = b.store.listParked(10).map((p) => p.lastError).join(' | ');
    expect(parked).toContain('INSUFFICIENT_BALANCE');
    expect(parked).toContain('OP_ID_MISMATCH');
    expect(await hq.repo.memberBalance('chain-1', 'm-1')).toBe(-200);
  });

  it('forgets the lookup keys and redemptions when the member is erased', async () => {
    await hq.repo.eraseMember('chain-1', 'm-1', null, new Date(AT));
    expect((await b.client.lookupMember({ phone: '13800000001' })).member).toBeNull();
    for (const table of ['member_lookup_keys', 'bank_redemptions', 'bank_reviews']) {
      expect(await hq.db.query(`SELECT 1 AS x FROM ${table} WHERE member_id = $1`, ['m-1'])).toEqual([]);
    }
  });
});
