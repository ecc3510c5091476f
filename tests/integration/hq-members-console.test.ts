import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHqAudit } from '../../edge-sync/hq/audit/hq-audit.js';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { HqRepository, type DeviceRecord } from '../../edge-sync/hq/hq-repository.js';
import type { HqApp } from '../../edge-sync/hq/http/hq-app.js';
import { membersConsoleRoutes } from '../../edge-sync/hq/members/members-console-routes.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { createConsoleTestApp, createStaffAndSignIn, openScratchHqDb, testClock, type ConsoleTestSession } from '../support/hq-console-session.js';

// The console's members, member bank and erasure endpoints (issue 13) through the real session guard,
// on a real HQ database (PostgreSQL where reachable): data of two stores, audited reads, chain scoping.

const clock = testClock('2026-11-20T08:00:00.000Z');
const AT = '2026-11-20T07:00:00.000Z';

async function device(repo: HqRepository, storeId: string, name: string): Promise<DeviceRecord> {
  await repo.ensureStore(storeId, 'chain-1', clock.now(), { store: name });
  const { token } = await repo.createProvisioningToken({ storeId, chainId: 'chain-1', now: clock.now(), ttlMs: 3_600_000 });
  const issued = await repo.provisionDevice({ token, storeId, deviceName: 'counter-1', now: clock.now(), originId: `origin-${storeId}` });
  return (await repo.getDevice(issued.deviceId)) as DeviceRecord;
}

const ev = (eventId: string, memberSeq: number, kind: WireEvent['kind'], payload: Record<string, unknown>): WireEvent =>
  ({ eventId, kind, memberId: 'm-1', memberSeq, schemaVersion: 1, occurredAt: AT, payload: { memberId: 'm-1', ...payload } }) as WireEvent;
const checkin = (id: string, seq: number) => ev(id, seq, 'checkin.recorded', { checkinId: id, method: 'phone', at: AT, localDate: '2026-11-20', streakDays: 1, pointsAwarded: 0 });
const pointsEvent = (id: string, seq: number, delta: number, extra: Record<string, unknown> = {}) =>
  ev(id, seq, 'points.changed', { entryId: seq, delta, kind: delta > 0 ? 'earn' : 'redeem', balanceAfter: 0, ref: null, reason: null, at: AT, ...extra });

describe('console: members, member bank and erasure requests', () => {
  let db: HqDb;
  let close: () => Promise<void>;
  let app: HqApp;
  let auditor: ConsoleTestSession;
  let ops: ConsoleTestSession;
  let stranger: ConsoleTestSession;

  beforeAll(async () => {
    ({ db, close } = await openScratchHqDb());
    const repo = new HqRepository(db);
    const a = await device(repo, 'store-a', '南京西路店');
    const b = await device(repo, 'store-b', '徐家汇店');
    await repo.ingestBatch(a, {
      originId: 'origin-store-a',
      skipped: [],
      events: [
        ev('a1', 1, 'member.created', { memberCode: 'MABC234', name: '王芳', phone: '13800000001', birthday: '1990-05-12', tier: 'basic', referredBy: null, at: AT }),
        pointsEvent('a2', 2, 500),
        checkin('a3', 3),
        ev('a4', 4, 'tier.changed', { fromTier: 'basic', toTier: 'silver', reason: 'spend', at: AT }),
      ],
    }, clock.now());
    await repo.ingestBatch(b, { originId: 'origin-store-b', skipped: [], events: [checkin('b1', 1), pointsEvent('b2', 2, -600, { opId: 'op-b-1', offline: true })] }, clock.now());
    app = await createConsoleTestApp({ db, now: clock.now, routes: [membersConsoleRoutes] });
    auditor = await createStaffAndSignIn(app, db, { chainId: 'chain-1', role: 'auditor', now: clock.now });
    ops = await createStaffAndSignIn(app, db, { chainId: 'chain-1', role: 'operations', now: clock.now });
    stranger = await createStaffAndSignIn(app, db, { chainId: 'chain-2', role: 'chain_admin', now: clock.now });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  const get = (who: ConsoleTestSession, url: string) => app.inject({ method: 'GET', url, headers: who.headers() });
  const post = (who: ConsoleTestSession, url: string, payload?: Record<string, string>) => app.inject({ method: 'POST', url, headers: who.headers(), ...(payload === undefined ? {} : { payload }) });

  it('finds a member by phone or member number, masked for every role, and audits the search without what was typed', async () => {
    const byPhone = await get(auditor, '/console/api/members?q=13800000001');
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.json()).toEqual({ members: [{ memberId: 'm-1', displayName: '王芳', phoneMasked: '138****0001', tierId: 'silver', homeStoreId: 'store-a', homeStoreName: '南京西路店' }] });
    expect((await get(auditor, '/console/api/members?q=MABC234')).json().members).toHaveLength(1);
    expect((await get(auditor, '/console/api/members?q=13900000000')).json()).toEqual({ members: [] });
    expect((await get(stranger, '/console/api/members?q=13800000001')).json()).toEqual({ members: [] });
    const audit = await listHqAudit(db, { chainId: 'chain-1', action: 'member.searched', limit: 10 });
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('13800000001');
    expect(audit.map((r) => r.staffId)).toEqual([auditor.staffId, auditor.staffId, auditor.staffId]);
  });

  it('shows the member’s history from both stores (ledger, check-ins per store, tier history) and the review flag, audited; 404 for another chain', async () => {
    const res = await get(ops, '/console/api/members/m-1');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.profile).toMatchObject({ memberId: 'm-1', memberCode: 'MABC234', birthdayMonth: 5, joinedAt: AT, homeStoreId: 'store-a', homeStoreName: '南京西路店' });
    expect(d.balance).toBe(-100);
    // Every store id comes with the store's name (the console shows the name, the id as its tooltip).
    expect(d.ledger.map((l: { storeId: string; storeName: string | null; delta: number; reason: string }) => [l.storeId, l.storeName, l.delta, l.reason])).toEqual([
      ['store-b', '徐家汇店', -600, 'redeem'],
      ['store-a', '南京西路店', 500, 'earn'],
    ]);
    expect(d.checkInsByStore.map((c: { storeId: string; storeName: string | null; count: number }) => [c.storeId, c.storeName, c.count])).toEqual([
      ['store-a', '南京西路店', 1],
      ['store-b', '徐家汇店', 1],
    ]);
    expect(d.tierHistory).toEqual([{ at: AT, fromTierId: 'basic', toTierId: 'silver', storeId: 'store-a', storeName: '南京西路店' }]);
    expect(d.flags).toEqual([expect.objectContaining({ kind: 'negative_balance', storeId: 'store-b', storeName: '徐家汇店', balance: -100 })]);
    expect((await listHqAudit(db, { chainId: 'chain-1', action: 'member.viewed', limit: 5 })).map((r) => [r.staffId, r.subjectId])).toEqual([[ops.staffId, 'm-1']]);
    expect((await get(stranger, '/console/api/members/m-1')).statusCode).toBe(404);
    expect((await get(ops, '/console/api/bank/reviews')).json()).toEqual({ reviews: [{ memberId: 'm-1', balance: -100, at: clock.now().toISOString(), storeId: 'store-b', storeName: '徐家汇店', status: 'open' }] });
    expect((await get(stranger, '/console/api/bank/reviews')).json()).toEqual({ reviews: [] });
  });

  it('files and completes an erasure request; auditors may only read; the member is gone afterwards', async () => {
    expect((await post(auditor, '/console/api/erasure-requests', { memberId: 'm-1' })).statusCode).toBe(403);
    expect((await post(stranger, '/console/api/erasure-requests', { memberId: 'm-1' })).statusCode).toBe(404);
    const filed = await post(ops, '/console/api/erasure-requests', { memberId: 'm-1', reason: 'asked by phone' });
    expect(filed.statusCode).toBe(200);
    const { eventId, receiptId, dueAt } = filed.json();
    expect(Date.parse(dueAt) - clock.now().getTime()).toBe(7 * 24 * 3600_000);
    expect((await post(ops, '/console/api/erasure-requests', { memberId: 'm-1' })).statusCode).toBe(409);
    const pending = (await get(auditor, '/console/api/erasure-requests?status=pending')).json().requests;
    expect(pending).toEqual([expect.objectContaining({ eventId, memberId: 'm-1', requestedAtStore: 'hq', requestedAtStoreName: null, homeStoreId: 'store-a', homeStoreName: '南京西路店', receiptId, status: 'pending', decidedAt: null })]);
    expect((await post(auditor, `/console/api/erasure-requests/${encodeURIComponent(eventId)}/complete`)).statusCode).toBe(403);
    clock.advance(60_000);
    const done = await post(ops, `/console/api/erasure-requests/${encodeURIComponent(eventId)}/complete`);
    expect(done.json()).toEqual({ status: 'carried_out', receiptId });
    expect((await post(ops, `/console/api/erasure-requests/${encodeURIComponent(eventId)}/complete`)).statusCode).toBe(409);
    expect((await get(ops, '/console/api/members/m-1')).statusCode).toBe(404);
    expect((await get(ops, '/console/api/members?q=13800000001')).json()).toEqual({ members: [] });
    const carried = (await get(ops, '/console/api/erasure-requests?status=carried_out')).json().requests;
    expect(carried).toEqual([expect.objectContaining({ eventId, status: 'carried_out', decidedAt: clock.now().toISOString() })]);
    expect((await listHqAudit(db, { chainId: 'chain-1', subjectId: 'm-1', limit: 20 })).map((r) => r.action)).toContain('erasure_request.completed');
  });
});
