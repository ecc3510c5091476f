import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HqApp, HqRole } from '../../edge-sync/hq/http/hq-app.js';
import { createDashboardRoutes, type DashboardResponse } from '../../edge-sync/hq/dashboard/dashboard-routes.js';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import type { DeviceRecord } from '../../edge-sync/hq/hq-repository.js';
import type { WireEvent } from '../../edge-sync/protocol/wire.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { createConsoleTestApp, createStaffAndSignIn } from '../support/hq-console-session.js';

let clock = new Date('2026-11-10T04:00:00.000Z');
const now = () => clock;
let hq: TestHq;
let app: HqApp;

/** A staff member of `chainId` with `role`, signed in for real (session cookie and CSRF token) at the current clock. */
type Injected = Awaited<ReturnType<HqApp['inject']>>;
async function consoleAs(role: HqRole, chainId = 'chain-a'): Promise<{ inject(o: { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object }): Promise<Injected> }> {
  const session = await createStaffAndSignIn(app, hq.db, { chainId, role, now });
  return { inject: async (o) => app.inject({ ...o, headers: session.headers() }) };
}

const ev = (id: string, kind: WireEvent['kind'], memberId: string, seq: number, payload: Record<string, unknown>): WireEvent =>
  ({ eventId: id, kind, memberId, memberSeq: seq, schemaVersion: 1, occurredAt: String(payload['at']), payload }) as WireEvent;
const joined = (id: string, m: string, at: string, tier = 'basic') => ev(id, 'member.created', m, 1, { memberId: m, memberCode: `C${id}`, name: '王芳', phone: '13800000000', birthday: '1990-03-04', tier, referredBy: null, at });
const checkin = (id: string, m: string, seq: number, day: string) => ev(id, 'checkin.recorded', m, seq, { checkinId: id, memberId: m, method: 'qr', at: `${day}T03:00:00.000Z`, localDate: day, streakDays: 1, pointsAwarded: 0 });
const purchase = (id: string, m: string, seq: number, day: string, paidFen: number) =>
  ev(id, 'purchase.recorded', m, seq, { purchaseId: id, memberId: m, at: `${day}T04:00:00.000Z`, localDate: day, totalFen: paidFen, discountFen: 0, couponId: null, couponFen: 0, pointsRedeemed: 0, redeemedFen: 0, paidFen, pointsEarned: 0, items: [] });
const refund = (id: string, m: string, seq: number, day: string, amountFen: number) =>
  ev(id, 'purchase.refunded', m, seq, { refundId: id, purchaseId: 'p', memberId: m, amountFen, pointsReversed: 0, pointsRestored: 0, reason: '退货', at: `${day}T05:00:00.000Z` });
const points = (id: string, m: string, seq: number, delta: number, day: string) =>
  ev(id, 'points.changed', m, seq, { entryId: seq, memberId: m, delta, kind: 'earn', balanceAfter: delta, ref: null, reason: null, at: `${day}T04:00:00.000Z` });

async function device(chainId: string, storeId: string): Promise<{ record: DeviceRecord; client: HqClient }> {
  const { token } = await hq.repo.createProvisioningToken({ storeId, chainId, now: clock, ttlMs: 3_600_000 });
  const issued = await hq.repo.provisionDevice({ token, storeId, deviceName: `till of ${storeId}`, now: clock, originId: `org-${storeId}` });
  const record = (await hq.repo.getDevice(issued.deviceId)) as DeviceRecord;
  const client = new HqClient({ baseUrl: hq.hq.url, credentials: () => ({ deviceId: issued.deviceId, deviceSecret: issued.secret, storeId }), now: () => clock.getTime() });
  return { record, client };
}

beforeAll(async () => {
  hq = await startTestHq({ now });
  // Points are worth 150 fen per 100 for gold members here (as a chain's rules could say), 100 otherwise.
  app = await createConsoleTestApp({ db: hq.db, now, routes: [createDashboardRoutes({ pointsValue: async () => ({ byTier: { gold: 150 }, defaultFenPer100Points: 100 }) })] });
  // Stores have names (the console shows them, ids as tooltips); provisioning alone would name them by id.
  await hq.repo.ensureStore('a-north', 'chain-a', clock, { store: '北门店' });
  await hq.repo.ensureStore('a-south', 'chain-a', clock, { store: '南门店' });
  const north = await device('chain-a', 'a-north');
  const south = await device('chain-a', 'a-south');
  const other = await device('chain-b', 'b-one');
  // Week of Mon 2026-11-02 and the next one. m1 (north) buys twice in week 1 and comes back in week 2; m2 (south) once in week 1 only.
  await hq.repo.ingestBatch(north.record, { originId: 'org-a-north', events: [joined('n1', 'm1', '2026-11-01T02:00:00.000Z', 'gold'), purchase('n2', 'm1', 2, '2026-11-02', 10_000), purchase('n3', 'm1', 3, '2026-11-04', 30_000), refund('n4', 'm1', 4, '2026-11-04', 4_000), points('n5', 'm1', 5, 400, '2026-11-04'), checkin('n6', 'm1', 6, '2026-11-10')], skipped: [] }, clock);
  await hq.repo.ingestBatch(south.record, { originId: 'org-a-south', events: [joined('s1', 'm2', '2026-11-02T02:00:00.000Z'), purchase('s2', 'm2', 2, '2026-11-03', 20_000), points('s3', 'm2', 3, 200, '2026-11-03')], skipped: [] }, clock);
  // Another chain, same days, bigger numbers: must never show in chain-a.
  await hq.repo.ingestBatch(other.record, { originId: 'org-b-one', events: [joined('b1', 'x1', '2026-11-01T02:00:00.000Z'), purchase('b2', 'x1', 2, '2026-11-02', 999_000)], skipped: [] }, clock);
  // The rollups are applied behind ingestion (dashboard/rollup-queue.ts): what was ingested is counted once the queue is drained.
  await hq.repo.rollups.drain();
  // Device status through the real signed endpoint.
  await north.client.deviceStatus({ appVersion: '1.4.0', modelVersion: 'arcface-r100@2', pendingEvents: 3, parkedEvents: 1, oldestPendingSeconds: 42, faceDataPeople: 1200, rulesVersion: 7, rulesRefusal: { version: 8, message: 'tier gold: threshold must increase' } });
  await south.client.deviceStatus({ appVersion: '1.3.9', modelVersion: null, pendingEvents: 0, parkedEvents: 0, oldestPendingSeconds: null, faceDataPeople: 300, rulesVersion: 7 });
  await other.client.deviceStatus({ appVersion: '9.9.9', modelVersion: null, pendingEvents: 0, parkedEvents: 0, oldestPendingSeconds: null, faceDataPeople: 99_999, rulesVersion: null });
});
afterAll(async () => {
  await app?.close();
  await hq?.close();
});

describe('console dashboard, stores, devices and tokens (issue 13)', () => {
  it('the weekly chain dashboard: net revenue, average ticket, repurchase and churn rates, tiers, points liability and face data, from this chain only', async () => {
    const ops = await consoleAs('operations');
    const res = await ops.inject({ method: 'GET', url: '/console/api/dashboard?grain=week&from=2026-11-02&to=2026-11-15' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as DashboardResponse;
    expect(d.scope).toEqual({ storeId: null, storeName: null });
    expect(d.series).toEqual([
      // Week 1: 3 tickets, 60,000 paid − 4,000 refunded; m1 bought twice (repeat), m2 once; both joined by its end.
      { period: '2026-11-02', members: 2, activeMembers: 2, checkIns: 0, revenueFen: 56_000, tickets: 3, averageTicketFen: 18_667, repurchaseRate: 0.5, churnRate: 0 },
      // Week 2: only m1 came back: half of week 1's active members churned.
      { period: '2026-11-09', members: 2, activeMembers: 1, checkIns: 1, revenueFen: 0, tickets: 0, averageTicketFen: 0, repurchaseRate: 0, churnRate: 0.5 },
    ]);
    expect(d.tierDistribution).toEqual([{ tierId: 'basic', members: 1 }, { tierId: 'gold', members: 1 }]);
    // 400 gold points at 150 fen per 100, 200 basic points at 100.
    expect(d.pointsLiability).toEqual({ outstandingPoints: 600, valueFen: 800 });
    expect(d.faceData).toEqual({ people: 1500, threshold: 100_000, byStore: [{ storeId: 'a-north', storeName: '北门店', people: 1200 }, { storeId: 'a-south', storeName: '南门店', people: 300 }] });
  });

  it('one store by day; a store of another chain is 404, and chain-b staff see only chain-b', async () => {
    const auditor = await consoleAs('auditor');
    const store = (await auditor.inject({ method: 'GET', url: '/console/api/dashboard?grain=day&storeId=a-south&from=2026-11-01&to=2026-11-03' })).json() as DashboardResponse;
    expect(store.series.map((p) => [p.period, p.members, p.revenueFen])).toEqual([['2026-11-01', 0, 0], ['2026-11-02', 1, 0], ['2026-11-03', 1, 20_000]]);
    expect(store.scope).toEqual({ storeId: 'a-south', storeName: '南门店' });
    expect(store.faceData.byStore).toEqual([{ storeId: 'a-south', storeName: '南门店', people: 300 }]);
    expect((await auditor.inject({ method: 'GET', url: '/console/api/dashboard?storeId=b-one' })).statusCode).toBe(404);
    expect((await auditor.inject({ method: 'GET', url: '/console/api/stores/b-one/devices' })).statusCode).toBe(404);
    const b = (await (await consoleAs('auditor', 'chain-b')).inject({ method: 'GET', url: '/console/api/dashboard?grain=month&from=2026-11-01&to=2026-11-30' })).json() as DashboardResponse;
    expect(b.series).toHaveLength(1);
    expect(b.series[0]).toMatchObject({ members: 1, revenueFen: 999_000 });
    expect(b.faceData.people).toBe(99_999);
  });

  it('stores and devices pages show what the devices reported', async () => {
    const ops = await consoleAs('operations');
    const stores = (await ops.inject({ method: 'GET', url: '/console/api/stores' })).json() as { stores: Array<Record<string, unknown>> };
    expect(stores.stores.map((s) => s['storeId'])).toEqual(['a-north', 'a-south']);
    expect(stores.stores[0]).toMatchObject({ devices: 1, pendingEvents: 3, parkedEvents: 1, syncLagSeconds: 42, appVersions: ['1.4.0'], modelVersions: ['arcface-r100@2'], rulesVersion: 7, rulesRefusal: { version: 8, message: 'tier gold: threshold must increase' }, faceDataPeople: 1200, lastContactAt: clock.toISOString() });
    const devices = (await ops.inject({ method: 'GET', url: '/console/api/stores/a-south/devices' })).json() as { devices: Array<Record<string, unknown>> };
    expect(devices.devices).toHaveLength(1);
    expect(devices.devices[0]).toMatchObject({ deviceName: 'till of a-south', appVersion: '1.3.9', modelVersion: null, pendingEvents: 0, syncLagSeconds: 0, revokedAt: null });
  });

  it('provisioning tokens: created and listed without the token, a revoked or expired one no longer provisions through /v1/provision; roles are enforced', async () => {
    const admin = await consoleAs('chain_admin');
    const made = await admin.inject({ method: 'POST', url: '/console/api/stores/a-north/tokens', payload: { ttlHours: 2, maxUses: 2, note: 'new till' } });
    expect(made.statusCode, made.body).toBe(200);
    const { tokenId, token } = made.json() as { tokenId: string; token: string };
    const provision = (t: string) => fetch(new URL('/v1/provision', hq.hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v: 1, token: t, storeId: 'a-north', deviceName: 'till 2', appVersion: '1.4.0' }) });
    expect((await provision(token)).status).toBe(201);
    const listed = (await admin.inject({ method: 'GET', url: '/console/api/stores/a-north/tokens' })).body;
    expect(listed).not.toContain(token);
    expect(JSON.parse(listed).tokens.find((t: { tokenId: string }) => t.tokenId === tokenId)).toMatchObject({ uses: 1, maxUses: 2, revokedAt: null, note: 'new till' });

    expect((await admin.inject({ method: 'DELETE', url: `/console/api/stores/a-north/tokens/${tokenId}` })).json()).toEqual({ ok: true });
    const refused = await provision(token);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringMatching(/revoked/) });
    const audit = await hq.db.query<{ action: string }>("SELECT action FROM hq_audit_log WHERE chain_id = 'chain-a' AND subject_id = $1 ORDER BY audit_id", [tokenId]);
    expect(audit.map((a) => a.action)).toEqual(['provisioning_token.created', 'provisioning_token.revoked']);

    const short = (await admin.inject({ method: 'POST', url: '/console/api/stores/a-north/tokens', payload: { ttlHours: 1, maxUses: 1 } })).json() as { token: string };
    clock = new Date(clock.getTime() + 3_600_000 + 1);
    const expired = await provision(short.token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('TOKEN_EXPIRED');

    const ops = await consoleAs('operations');
    expect((await ops.inject({ method: 'POST', url: '/console/api/stores/a-north/tokens', payload: { ttlHours: 1, maxUses: 1 } })).statusCode).toBe(403);
    expect((await ops.inject({ method: 'GET', url: '/console/api/stores/a-north/tokens' })).statusCode).toBe(403);
    expect((await (await consoleAs('auditor')).inject({ method: 'GET', url: '/console/api/stores/a-north/tokens' })).statusCode).toBe(200);
    expect((await (await consoleAs('chain_admin', 'chain-b')).inject({ method: 'DELETE', url: `/console/api/stores/a-north/tokens/${tokenId}` })).statusCode).toBe(404);
  });
});
