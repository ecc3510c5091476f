import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/db/connection.js';
import { Downlink, type DownlinkChangeRef, type DownlinkCoupon, type DownlinkHooks, type ReapplyResult } from './downlink.js';
import { deferChange, deferredChangeCounts, listDeferredChanges } from './downlink-deferred.js';
import { HqClient } from './hq-client.js';

// Downlink forward compatibility: a change this app version cannot apply is kept aside, never a stall;
// an updated app applies it at its first pull, without overwriting anything newer. The pages go
// through the real HqClient (its envelope parsing) from a fake HQ feed held in memory.

const AT = '2026-11-20T09:00:00.000Z';
interface RawChange {
  seq: number;
  type: string;
  body: unknown;
}

let dir: string;
let db: Db;
let feed: RawChange[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-downlink-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
  feed = [];
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An HqClient whose HQ answers GET /v1/downlink from `feed`, as HQ pages it. */
function client(): HqClient {
  const fetchFeed = (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const after = Number(url.searchParams.get('after'));
    const limit = Number(url.searchParams.get('limit'));
    const rest = feed.filter((c) => c.seq > after).sort((a, b) => a.seq - b.seq);
    const page = rest.slice(0, limit);
    const body = { v: 1, changes: page, cursor: page.at(-1)?.seq ?? after, hasMore: rest.length > limit, hqTime: AT };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return new HqClient({ baseUrl: 'http://127.0.0.1:9', credentials: () => ({ deviceId: 'd-1', deviceSecret: 's'.repeat(40), storeId: 'store-1' }), fetch: fetchFeed, now: () => Date.parse(AT) });
}

/** Hooks that record what they were told. */
function recorder(extra: DownlinkHooks = {}) {
  const seen = { erased: [] as string[], coupons: [] as string[], deferred: [] as DownlinkChangeRef[][], reapplied: [] as ReapplyResult[] };
  const hooks: DownlinkHooks = {
    applyErasure: (memberId) => void seen.erased.push(memberId),
    applyCoupon: (c) => void seen.coupons.push(c.couponId),
    onDeferred: (changes) => void seen.deferred.push(changes),
    onReapplied: (r) => void seen.reapplied.push(r),
    ...extra,
  };
  return { seen, downlink: new Downlink(db, client(), hooks, () => new Date(AT)) };
}

const balance = (seq: number, memberId: string, pointsBalance: number, asOfHqSeq = seq): RawChange => ({ seq, type: 'member_balance', body: { memberId, pointsBalance, asOfHqSeq } });
const erasure = (seq: number, memberId: string): RawChange => ({ seq, type: 'erasure', body: { memberId, erasedAt: AT, requestedAtStore: null } });
const profile = (seq: number, memberId: string, displayName: string): RawChange => ({
  seq,
  type: 'member_profile',
  body: { memberId, displayName, phoneMasked: '138****0000', tierId: null, homeStoreId: 'store-1', updatedAt: AT },
});
const couponBody = (couponId: string, memberId: string): DownlinkCoupon => ({
  couponId,
  campaignId: 'camp-1',
  memberId,
  title: '满30减5',
  amountOffFen: 500,
  minSpendFen: 3000,
  validFrom: '2026-11-01T00:00:00.000Z',
  expiresAt: '2026-12-31T00:00:00.000Z',
});

const balanceOf = (memberId: string) => db.prepare('SELECT points_balance AS points, as_of_hq_seq AS asOf FROM hq_member_balances WHERE member_id = ?').get(memberId);
const profileOf = (memberId: string) => db.prepare("SELECT body FROM hq_chain_objects WHERE type = 'member_profile' AND object_key = ?").pluck().get(memberId) as string | undefined;
const erasedIds = () => db.prepare('SELECT member_id FROM hq_erasures_applied ORDER BY member_id').pluck().all();
/** As an older app version would have left it: deferred in an earlier process. */
const deferEarlier = (c: RawChange, reason = 'unknown type') => db.transaction(() => deferChange(db, c, reason, '2026-11-01T00:00:00.000Z'))();

describe('a page with a change this app does not know', () => {
  it('applies the known changes around it, advances the cursor and keeps the unknown one; a later page still applies', async () => {
    const future = { seq: 2, type: 'future_thing', body: { memberId: 'm-1', stamps: 3, note: '第二杯半价' } };
    feed.push(balance(1, 'm-1', 120), future, erasure(3, 'm-2'));
    const { seen, downlink } = recorder();

    expect(await downlink.pullAll()).toBe(2);
    expect(balanceOf('m-1')).toEqual({ points: 120, asOf: 1 });
    expect(seen.erased).toEqual(['m-2']);
    expect(erasedIds()).toEqual(['m-2']);
    expect(downlink.cursor()).toBe(3);
    const [kept] = listDeferredChanges(db);
    expect(listDeferredChanges(db)).toHaveLength(1);
    expect(kept).toMatchObject({ seq: 2, type: 'future_thing', reason: 'unknown type', receivedAt: AT });
    expect(JSON.parse(kept!.body)).toEqual(future.body); // as HQ sent it
    // Logged once for the page, naming seq and type only.
    expect(seen.deferred).toEqual([[{ seq: 2, type: 'future_thing' }]]);

    feed.push(balance(4, 'm-1', 80));
    expect(await downlink.pullAll()).toBe(1);
    expect(balanceOf('m-1')).toEqual({ points: 80, asOf: 4 });
    expect(downlink.cursor()).toBe(4);
    expect(deferredChangeCounts(db)).toEqual({ total: 1, byType: { future_thing: 1 } });
  });

  it('defers a coupon whose discount this app does not know instead of stalling, and passes on everything else', async () => {
    const { amountOffFen: _dropped, ...rest } = couponBody('cp-new', 'm-1');
    const newKind = { ...rest, buyOneGetOne: { itemId: 'latte', free: 1 } };
    feed.push({ seq: 1, type: 'coupon', body: newKind }, { seq: 2, type: 'coupon', body: couponBody('cp-old', 'm-1') }, balance(3, 'm-1', 50));
    const { seen, downlink } = recorder();

    expect(await downlink.pullAll()).toBe(2);
    expect(seen.coupons).toEqual(['cp-old']);
    expect(balanceOf('m-1')).toEqual({ points: 50, asOf: 3 });
    expect(downlink.cursor()).toBe(3);
    const [kept] = listDeferredChanges(db);
    expect(kept).toMatchObject({ seq: 1, type: 'coupon' });
    // The reason names the field, never a value of the body.
    expect(kept!.reason).toBe('body not understood: body: Unrecognized key: "buyOneGetOne"');
    expect(JSON.parse(kept!.body)).toEqual(newKind);
  });

  it('keeps a page pulled twice (crash before the cursor) deferred once, and defers a whole page of unknown changes', async () => {
    feed.push({ seq: 1, type: 'future_thing', body: { a: 1 } }, { seq: 2, type: 'other.future', body: null });
    const { downlink } = recorder();
    await downlink.pullAll();
    db.prepare("UPDATE sync_state SET value = '0' WHERE key = 'downlink_cursor'").run();
    await downlink.pullAll();
    expect(listDeferredChanges(db).map((c) => [c.seq, c.type, c.body])).toEqual([
      [1, 'future_thing', '{"a":1}'],
      [2, 'other.future', 'null'],
    ]);
    expect(downlink.cursor()).toBe(2);
  });

  it('deletes the deferred changes naming a member when their erasure comes down, but never a deferred erasure', async () => {
    feed.push(
      { seq: 1, type: 'future_thing', body: { memberId: 'm-9', favouriteDrink: 'oat latte' } },
      { seq: 2, type: 'future_thing', body: { memberId: 'm-10' } },
      { seq: 3, type: 'erasure', body: { memberId: 'm-9', erasedAt: AT, requestedAtStore: null, scope: 'all' } },
      erasure(4, 'm-9'),
    );
    const { downlink } = recorder();
    await downlink.pullAll();
    expect(listDeferredChanges(db).map((c) => [c.seq, c.type])).toEqual([
      [2, 'future_thing'],
      [3, 'erasure'],
    ]);
  });
});

describe('after an app update: deferred changes this app understands now', () => {
  it('are applied in seq order and removed at the first pull, before the next page', async () => {
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('downlink_cursor', '10')").run();
    deferEarlier({ seq: 4, type: 'coupon', body: couponBody('cp-deferred', 'm-1') });
    deferEarlier({ seq: 5, type: 'tier', body: { tierId: 'gold', name: 'Gold', rank: 2, minAnnualSpendFen: 100_000, pointsMultiplierPct: 150 } });
    deferEarlier({ seq: 6, type: 'future_thing', body: { x: 1 } });
    feed.push({ seq: 11, type: 'coupon', body: couponBody('cp-page', 'm-1') });
    const { seen, downlink } = recorder();

    expect(await downlink.pullAll()).toBe(3);
    expect(seen.coupons).toEqual(['cp-deferred', 'cp-page']);
    expect(downlink.objects('tier')).toEqual([{ tierId: 'gold', name: 'Gold', rank: 2, minAnnualSpendFen: 100_000, pointsMultiplierPct: 150 }]);
    expect(listDeferredChanges(db).map((c) => c.seq)).toEqual([6]); // still not understood: kept
    expect(seen.reapplied).toEqual([{ applied: [{ seq: 4, type: 'coupon' }, { seq: 5, type: 'tier' }], failed: [], stillDeferred: 1 }]);

    // Once per process: the next pull does not look at them again.
    await downlink.pullAll();
    expect(seen.reapplied).toHaveLength(1);
  });

  it('never overwrites a newer balance or profile with an older deferred one', async () => {
    feed.push(balance(9, 'm-1', 300), profile(12, 'm-1', '新名字'));
    await recorder().downlink.pullAll(); // applied by the older app, cursor past them
    deferEarlier(balance(5, 'm-1', 100));
    deferEarlier(profile(7, 'm-1', '旧名字'));
    deferEarlier(balance(8, 'm-3', 40)); // nothing newer for m-3: applied

    await recorder().downlink.pullAll();
    expect(balanceOf('m-1')).toEqual({ points: 300, asOf: 9 });
    expect(JSON.parse(profileOf('m-1')!)).toMatchObject({ displayName: '新名字' });
    expect(balanceOf('m-3')).toEqual({ points: 40, asOf: 8 });
    expect(listDeferredChanges(db)).toEqual([]);
  });

  it('lets an erasure win: nothing of an erased member comes back, and a deferred erasure is carried out', async () => {
    feed.push(erasure(20, 'm-gone'), profile(21, 'm-2', '王芳'), balance(22, 'm-2', 10));
    await recorder().downlink.pullAll();
    // As an older app left them: deferred before the erasure came (from a version before the erasure deleted such rows).
    deferEarlier(profile(3, 'm-gone', '要删除的人'));
    deferEarlier(balance(4, 'm-gone', 999));
    deferEarlier({ seq: 5, type: 'coupon', body: couponBody('cp-gone', 'm-gone') });
    deferEarlier(erasure(6, 'm-2'), 'body not understood: body: an older app');

    const { seen, downlink } = recorder();
    await downlink.pullAll();
    expect(profileOf('m-gone')).toBeUndefined();
    expect(balanceOf('m-gone')).toBeUndefined();
    expect(seen.coupons).toEqual([]);
    expect(seen.erased).toEqual(['m-2']);
    expect(profileOf('m-2')).toBeUndefined();
    expect(balanceOf('m-2')).toBeUndefined();
    expect(erasedIds()).toEqual(['m-2', 'm-gone']);
    expect(listDeferredChanges(db)).toEqual([]);
  });

  it('applies each deferred change whole or not at all: one that throws stays deferred, the others go', async () => {
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('downlink_cursor', '40')").run();
    deferEarlier({ seq: 1, type: 'coupon', body: couponBody('cp-breaks', 'm-1') });
    deferEarlier(balance(2, 'm-1', 70));
    const { seen, downlink } = recorder({
      applyCoupon: (c: DownlinkCoupon) => {
        db.prepare("INSERT INTO sync_state (key, value) VALUES ('half-applied', ?)").run(c.couponId);
        throw new Error('coupon store unavailable');
      },
    });
    await downlink.pullAll();
    expect(db.prepare("SELECT value FROM sync_state WHERE key = 'half-applied'").get()).toBeUndefined();
    expect(balanceOf('m-1')).toEqual({ points: 70, asOf: 2 });
    expect(listDeferredChanges(db).map((c) => c.seq)).toEqual([1]);
    expect(seen.reapplied[0]).toMatchObject({ applied: [{ seq: 2, type: 'member_balance' }], failed: [{ seq: 1, type: 'coupon' }] });
    // Tried again at the next pull while it keeps failing (a few times per process).
    await downlink.pullAll();
    expect(seen.reapplied).toHaveLength(2);
  });

  it('keeps a known change whose body still does not pass, with the reason of this version', async () => {
    deferEarlier({ seq: 3, type: 'member_balance', body: { memberId: 'm-1', pointsBalance: 'lots', asOfHqSeq: 3 } }, 'unknown type');
    await recorder().downlink.pullAll();
    const [kept] = listDeferredChanges(db);
    expect(kept?.reason).toMatch(/^body not understood: body\.pointsBalance: /);
    expect(balanceOf('m-1')).toBeUndefined();
  });
});
