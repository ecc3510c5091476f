// over-400-lines: one suite, one HQ: every attack of issue 12 against the same two stores and three devices
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalRequest, newNonce, signRequest } from '../../edge-sync/protocol/signing.js';
import { WIRE_VERSION, type WireEvent } from '../../edge-sync/protocol/wire.js';
import { ordinaryCorpus, realTemplate, templateLikeCorpus } from '../support/template-corpus.js';
import { dumpHq } from './support/hq-dump.js';
import { startTestHq, type TestHq } from './support/hq-fixture.js';
import { rawRequest, type RawResponse } from './support/signed-request.js';

/**
 * Issue 12: a properly provisioned but hostile device (store B's credential, correctly signed
 * requests) tries everything it can against store A's members and against HQ itself. Each attack
 * gets its own 4xx code and leaves every HQ table byte for byte as it was; genuine devices of both
 * stores keep syncing while it goes on. Runs on PostgreSQL (the fixture falls back to SQLite only
 * on a laptop without it, announced).
 */
const AT = '2026-11-20T08:00:00.000Z';

interface Device {
  name: string;
  storeId: string;
  deviceId: string;
  secret: string;
  originId: string;
  seq: Map<string, number>;
}

let hq: TestHq;
let a1: Device; // genuine, store A
let b1: Device; // genuine, store B
let x: Device; // hostile, store B
let spareTokenB: string;
let n = 0;
const eid = (p: string) => `${p}-${++n}`;

function nextSeq(d: Device, member: string): number {
  const s = (d.seq.get(member) ?? 0) + 1;
  d.seq.set(member, s);
  return s;
}

function event(d: Device, kind: WireEvent['kind'], memberId: string, payload: Record<string, unknown>, over: Partial<WireEvent> = {}): WireEvent {
  return { eventId: eid(d.name), kind, memberId, memberSeq: nextSeq(d, memberId), schemaVersion: 1, occurredAt: AT, payload, ...over } as WireEvent;
}
const created = (d: Device, m: string, name = `会员${m}`) =>
  event(d, 'member.created', m, { memberId: m, memberCode: `C${m}`, name, phone: '13800000000', birthday: null, tier: 'basic', referredBy: null, at: AT });
const points = (d: Device, m: string, delta: number, kind = delta >= 0 ? 'earn' : 'redeem') =>
  event(d, 'points.changed', m, { entryId: n + 1, memberId: m, delta, kind, balanceAfter: 0, ref: null, reason: null, at: AT });
const checkin = (d: Device, m: string) =>
  event(d, 'checkin.recorded', m, { checkinId: `ci-${n + 1}`, memberId: m, method: 'qr', at: AT, localDate: '2026-11-20', streakDays: 1, pointsAwarded: 0 });
/** Takes back the sequence numbers of refused events, as the real store would resend them under the same numbers. */
const unsend = (d: Device, events: Array<{ memberId: string | null }>) => {
  for (const e of events) if (e.memberId) d.seq.set(e.memberId, (d.seq.get(e.memberId) ?? 1) - 1);
};

function batchBody(d: Device, events: unknown[], over: Record<string, unknown> = {}): string {
  return JSON.stringify({ v: WIRE_VERSION, originId: d.originId, storeId: d.storeId, deviceId: d.deviceId, events, skipped: [], ...over });
}
function send(d: Device, body: string, auth: Partial<{ signature: string; deviceId: string; nonce: string; timestampMs: number }> = {}): Promise<RawResponse> {
  return rawRequest(hq.hq.url, 'POST', '/v1/events/batch', body, { deviceId: d.deviceId, secret: d.secret, ...auth });
}

async function provision(storeId: string, name: string, originId: string): Promise<Device> {
  const { token } = await hq.repo.createProvisioningToken({ storeId, chainId: 'chain-h', now: new Date(), ttlMs: 3_600_000 });
  const res = await rawRequest(hq.hq.url, 'POST', '/v1/provision', JSON.stringify({ v: 1, token, storeId, deviceName: name, appVersion: 'test', originId }));
  expect(res.status).toBe(201);
  return { name, storeId, deviceId: String(res.body['deviceId']), secret: String(res.body['deviceSecret']), originId, seq: new Map() };
}

async function accepted(d: Device, events: WireEvent[]): Promise<void> {
  const res = await send(d, batchBody(d, events));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body['accepted']).toEqual(events.map((e) => e.eventId));
}

/**
 * HQ's tables once the dashboard rollups have caught up with what was accepted before: the rollup
 * consumer applies queued batches in the background, which would otherwise change the dump during
 * an attack for reasons that have nothing to do with it. Only the "before" dump waits: an attack
 * that queued anything would still show in the "after" dump (as a queue row or its rollups).
 */
async function settledDump(): Promise<string> {
  await hq.repo.rollups.drain();
  return dumpHq(hq.db);
}

/** Sends the attack and checks its answer and that HQ changed nothing at all. */
async function refused(attack: () => Promise<RawResponse>, status: number, code: string): Promise<RawResponse> {
  const before = await settledDump();
  const res = await attack();
  expect([res.status, res.body.error?.code], JSON.stringify(res.body)).toEqual([status, code]);
  expect(await dumpHq(hq.db)).toBe(before);
  return res;
}

beforeAll(async () => {
  hq = await startTestHq({ deviceRate: { perSecond: 1000, burst: 1000 } });
  process.stdout.write(`[hostile-device] HQ on ${hq.dialect}\n`);
  a1 = await provision('store-a', 'a1', 'org-a1');
  b1 = await provision('store-b', 'b1', 'org-b1');
  x = await provision('store-b', 'x', 'org-x');
  spareTokenB = (await hq.repo.createProvisioningToken({ storeId: 'store-b', chainId: 'chain-h', now: new Date(), ttlMs: 3_600_000 })).token;
  // Each store's own members, points in the chain's bank, and legitimate cross-store visits.
  await accepted(a1, [created(a1, 'ma-1'), points(a1, 'ma-1', 500), created(a1, 'ma-2')]);
  await accepted(b1, [created(b1, 'mb-1')]);
  await accepted(x, [created(x, 'mx-1'), checkin(x, 'mx-1')]);
  await accepted(x, [checkin(x, 'ma-1'), points(x, 'ma-1', 100), points(x, 'ma-1', -50)]);
  expect(await hq.repo.memberBalance('chain-h', 'ma-1')).toBe(550);
}, 60_000);
afterAll(async () => {
  await hq?.close();
});

describe('a hostile store device against another store and against HQ (issue 12)', () => {
  it('cannot take over, rename, re-tier or merge away another store’s member (403 NOT_HOME_STORE)', async () => {
    for (const make of [
      () => created(x, 'ma-1', '改名'),
      () => event(x, 'member.updated', 'ma-1', { memberId: 'ma-1', changed: { name: '改名' }, at: AT }),
      () => event(x, 'tier.changed', 'ma-1', { memberId: 'ma-1', fromTier: null, toTier: 'gold', reason: 'x', at: AT }),
      () => event(x, 'member.merged', 'mx-1', { keptId: 'mx-1', mergedId: 'ma-1', pointsMoved: 550, at: AT }),
      () => points(x, 'ma-1', 10, 'adjust'),
    ]) {
      const e = make();
      await refused(() => send(x, batchBody(x, [e])), 403, 'NOT_HOME_STORE');
      unsend(x, [e]);
    }
  });

  it('cannot announce a card code for another store’s member (403 NOT_HOME_STORE), nor send a code where its hash belongs (400)', async () => {
    const card = (d: Device, m: string, codeHash: string) => event(d, 'member.card_issued', m, { memberId: m, codeHash, keyVersion: 1, at: AT });
    // A card B announced for A's member would make HQ's lookup hand A's member to whoever holds B's card.
    const foreign = card(x, 'ma-1', 'A'.repeat(43));
    await refused(() => send(x, batchBody(x, [foreign])), 403, 'NOT_HOME_STORE');
    unsend(x, [foreign]);
    for (const codeHash of ['MC1.AAAAAAAAAAAAAAAA.1.BBBBBBBBBBBBBBBBBBBBBB', 'A'.repeat(44), 'A'.repeat(42) + '=']) {
      const bad = card(a1, 'ma-2', codeHash);
      await refused(() => send(a1, batchBody(a1, [bad])), 400, 'MALFORMED');
      unsend(a1, [bad]);
    }
    await accepted(a1, [card(a1, 'ma-2', 'B'.repeat(43))]);
  });

  it('cannot mint or drain points beyond the bounds and the chain balance', async () => {
    let e = points(x, 'ma-1', 1_000_000_000);
    await refused(() => send(x, batchBody(x, [e])), 400, 'MALFORMED');
    unsend(x, [e]);
    e = points(x, 'ma-1', 20_000);
    await refused(() => send(x, batchBody(x, [e])), 422, 'POINTS_LIMIT');
    unsend(x, [e]);
    e = points(x, 'ma-1', -5_000);
    await refused(() => send(x, batchBody(x, [e])), 422, 'INSUFFICIENT_BALANCE');
    unsend(x, [e]);
    const many = Array.from({ length: 6 }, () => points(x, 'ma-1', 9_000));
    await refused(() => send(x, batchBody(x, many)), 422, 'POINTS_LIMIT');
    unsend(x, many);
  });

  it('cannot send under another origin, steal its ordering, or take its event ids', async () => {
    const notice = { eventId: eid('steal'), memberId: 'ma-1', memberSeq: 3, reason: 'parked' };
    await refused(() => send(x, batchBody(x, [], { originId: 'org-a1', skipped: [notice] })), 403, 'ORIGIN_MISMATCH');
    const e = checkin(x, 'ma-2');
    await refused(() => send(x, batchBody(x, [e], { originId: 'org-a1' })), 403, 'ORIGIN_MISMATCH');
    // A1's first event id, under X's own origin: as an event and as a sequence notice.
    await refused(() => send(x, batchBody(x, [{ ...e, eventId: 'a1-1' }])), 409, 'EVENT_ID_TAKEN');
    await refused(() => send(x, batchBody(x, [], { skipped: [{ eventId: 'a1-2', memberId: 'ma-1', memberSeq: 2, reason: 'x' }] })), 409, 'EVENT_ID_TAKEN');
    unsend(x, [e]);
    // Provisioning a new device of store B under store A's origin.
    await refused(
      () => rawRequest(hq.hq.url, 'POST', '/v1/provision', JSON.stringify({ v: 1, token: spareTokenB, storeId: 'store-b', deviceName: 'x2', appVersion: 't', originId: 'org-a1' })),
      403,
      'ORIGIN_MISMATCH',
    );
  });

  it('cannot reuse an event id for different content (409 EVENT_ID_REUSED), while a true resend stays a duplicate', async () => {
    const first = checkin(x, 'mx-1');
    await accepted(x, [first]);
    const changed = { ...first, payload: { ...first.payload, method: 'staff' } };
    await refused(() => send(x, batchBody(x, [changed])), 409, 'EVENT_ID_REUSED');
    const twiceInOne = checkin(x, 'mx-1');
    await refused(() => send(x, batchBody(x, [twiceInOne, { ...twiceInOne, memberSeq: (twiceInOne.memberSeq ?? 0) + 1, occurredAt: '2026-11-21T08:00:00.000Z' }])), 409, 'EVENT_ID_REUSED');
    unsend(x, [twiceInOne]);
    const again = await send(x, batchBody(x, [first]));
    expect(again.body['duplicates']).toEqual([first.eventId]);
  });

  it('gets 400 naming the field for out-of-range numbers, dates and a mismatched envelope, never 500', async () => {
    const cases: Array<[string, (e: WireEvent) => unknown]> = [
      ['events.0.schemaVersion', (e) => ({ ...e, schemaVersion: 2147483648 })],
      ['events.0.payload.delta', (e) => ({ ...e, payload: { ...e.payload, delta: 3e9 } })],
      ['events.0.occurredAt', (e) => ({ ...e, occurredAt: '0000-01-01T00:00:00Z' })],
      ['events.0.memberSeq', (e) => ({ ...e, memberSeq: 2 ** 31 })],
      ['events.0.memberId', (e) => ({ ...e, memberId: 'ma-1' })],
      ['events.0.kind', (e) => ({ ...e, kind: 'face.enrolled' })],
    ];
    for (const [field, mutate] of cases) {
      const e = points(x, 'mx-1', 1);
      const res = await refused(() => send(x, batchBody(x, [mutate(e)])), 400, 'MALFORMED');
      expect(res.body.error?.message).toContain(field);
      unsend(x, [e]);
    }
    const cursor = await refused(() => rawRequest(hq.hq.url, 'GET', '/v1/downlink?after=1e20', null, { deviceId: x.deviceId, secret: x.secret }), 400, 'MALFORMED');
    expect(cursor.body.error?.message).toContain('after');
  });

  it('cannot impersonate, replay, or name another store or device', async () => {
    const e = checkin(x, 'mx-1');
    await refused(() => send(x, batchBody(x, [e], { storeId: 'store-a' })), 403, 'FORBIDDEN');
    await refused(() => send(x, batchBody(x, [e], { deviceId: a1.deviceId })), 403, 'FORBIDDEN');
    await refused(() => send(x, batchBody(a1, [e]), { deviceId: a1.deviceId }), 401, 'BAD_SIGNATURE');
    await refused(() => send(x, batchBody(x, [e]), { deviceId: 'dev_00000000-0000-0000-0000-000000000000' }), 401, 'UNAUTHENTICATED');
    const ts = Date.now();
    const nonce = newNonce();
    const body = batchBody(x, [e]);
    expect((await send(x, body, { nonce, timestampMs: ts })).status).toBe(200);
    await refused(() => send(x, body, { nonce, timestampMs: ts }), 409, 'REPLAYED');
  });

  it('cannot smuggle a real face template through free text, in any encoding of the corpus (422 BIOMETRIC_SUSPECTED)', async () => {
    const corpus = templateLikeCorpus(await realTemplate());
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    for (const entry of corpus) {
      const changed = 'text' in entry ? { notes: entry.text } : 'list' in entry ? { tags: entry.list } : { preferences: entry.record };
      const e = event(x, 'member.updated', 'mx-1', { memberId: 'mx-1', changed, at: AT });
      const res = await refused(() => send(x, batchBody(x, [e])), 422, 'BIOMETRIC_SUSPECTED');
      expect(res.body.error?.message, entry.name).toContain(e.eventId);
      unsend(x, [e]);
    }
    // Ordinary notes, tags and preferences of the control corpus go through.
    const ordinary = ordinaryCorpus.map((entry) => {
      const changed = 'text' in entry ? { notes: entry.text } : 'list' in entry ? { tags: entry.list } : { preferences: entry.record };
      return event(x, 'member.updated', 'mx-1', { memberId: 'mx-1', changed, at: AT });
    });
    await accepted(x, ordinary);
  }, 60_000);

  it('turns an erasure asked for at a non-home store into a recorded, visible request with a deadline', async () => {
    const e = event(x, 'member.erased', 'ma-1', { memberId: 'ma-1', receiptId: 'rcpt-1', reason: '顾客要求', faceTemplatesDeleted: 0, at: AT });
    await accepted(x, [e]);
    expect(await hq.repo.memberBalance('chain-h', 'ma-1')).toBe(550);
    expect((await hq.repo.listEvents({ memberId: 'ma-1' })).length).toBeGreaterThan(0);
    const [request] = await hq.repo.listErasureRequests('chain-h');
    expect(request).toMatchObject({ memberId: 'ma-1', requestedAtStore: 'store-b', homeStoreId: 'store-a', receiptId: 'rcpt-1', status: 'pending' });
    // Nobody acted: at the deadline HQ carries it out itself.
    expect(await hq.repo.carryOutDueErasureRequests(new Date(Date.parse(request?.dueAt ?? '') - 1000))).toBe(0);
    expect(await hq.repo.carryOutDueErasureRequests(new Date(Date.parse(request?.dueAt ?? '')))).toBe(1);
    expect(await hq.repo.memberBalance('chain-h', 'ma-1')).toBe(0);
    expect((await hq.repo.listErasureRequests('chain-h'))[0]).toMatchObject({ status: 'done', decidedBy: 'hq-deadline' });
  });

  it('keeps genuine devices flowing during a bad-signature flood claiming their id and repeated attacks', async () => {
    let stop = false;
    const floodStatuses = new Map<number, number>();
    const flood = async () => {
      while (!stop) {
        const res = await send(a1, batchBody(a1, [checkin(x, 'ma-2')]), { signature: 'ab'.repeat(32) });
        floodStatuses.set(res.status, (floodStatuses.get(res.status) ?? 0) + 1);
      }
    };
    const attacks = async () => {
      while (!stop) {
        const e = points(x, 'ma-2', 20_000);
        await send(x, batchBody(x, [e]));
        unsend(x, [e]);
      }
    };
    const lags: number[] = [];
    const genuine = async (d: Device, member: string) => {
      for (let i = 0; i < 25; i++) {
        const events = [checkin(d, member), checkin(d, member)];
        const t0 = performance.now();
        const res = await send(d, batchBody(d, events));
        lags.push(performance.now() - t0);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body['accepted']).toEqual(events.map((e) => e.eventId));
      }
    };
    const noise = [flood(), flood(), flood(), attacks()];
    try {
      await Promise.all([genuine(a1, 'ma-2'), genuine(b1, 'mb-1')]);
    } finally {
      stop = true;
      await Promise.all(noise);
    }
    // The flood was refused (401, then 429 for its address), never charged to the genuine device.
    expect([...floodStatuses.keys()].every((s) => s === 401 || s === 429)).toBe(true);
    expect(floodStatuses.get(429) ?? 0).toBeGreaterThan(0);
    lags.sort((p, q) => p - q);
    process.stdout.write(`[hostile-device] genuine batches ${lags.length}, sync lag p95 ${Math.round(lags[Math.floor(lags.length * 0.95)] ?? 0)} ms during the attack\n`);
  }, 120_000);

  it('limits a flood of random device ids per source address (401, then 429) and changes nothing', async () => {
    const before = await settledDump();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const e = checkin(x, 'mx-1');
      unsend(x, [e]);
      statuses.push((await send(x, batchBody(x, [e]), { deviceId: `dev_random_${i}` })).status);
    }
    expect(statuses.every((st) => st === 401 || st === 429)).toBe(true);
    expect(statuses).toContain(429);
    expect(await dumpHq(hq.db)).toBe(before);
    // The genuine devices are not charged for it.
    await accepted(b1, [checkin(b1, 'mb-1')]);
  });
});
