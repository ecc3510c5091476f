import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Downlink } from '../../edge-sync/client/downlink.js';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import { memberBankView } from '../../edge-sync/client/member-bank.js';
import { memberBankDeviceRoutes } from '../../edge-sync/hq/members/bank-device-routes.js';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig } from '../../electron/core/config.js';
import { createLogger } from '../../electron/core/logger.js';
import { lookupThroughBank, reconcileFromDownlink } from '../../electron/services/bank/member-bank-store.js';
import { redeemThroughBank } from '../../electron/services/bank/bank-redemption.js';
import { cachedBalance } from '../../electron/services/loyalty/ledger-repository.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { createMembershipEnv, type MembershipEnv } from '../../electron/services/membership-kernel/membership-env.js';
import { recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { makeStore, type TestStore } from '../fault/support/store-fixture.js';

// Issue 13, "Member bank" in Done when: two independent store service stacks (each its own SQLite
// database, its own provisioned HQ device credentials, its own uploader and downlink) talking to
// one real HQ over HTTP (PostgreSQL where reachable). Not two OS processes: the store services run
// in this process, each on its own database — what the HQ sees is exactly two stores.

interface Stack {
  store: TestStore;
  env: MembershipEnv;
  downlink: Downlink;
}

const clock = fixedClock('2026-03-04T02:00:00Z');

function stack(store: TestStore): Stack {
  const env = createMembershipEnv({ db: store.db, config: defaultConfig(), clock, log: createLogger({ level: 'error', sink: () => {} }) });
  return { store, env, downlink: new Downlink(store.db, store.client, {}, () => clock.now()) };
}

/** Upload everything, then pull and bring local balances to the chain's: one sync cycle. */
async function sync(s: Stack): Promise<void> {
  for (let round = 0; round < 5 && s.store.store.counts().pending > 0; round++) await s.store.uploader.drain();
  await s.downlink.pullAll();
  reconcileFromDownlink(s.store.db, clock.now());
}

describe('member bank across two stores (online, concurrent, offline)', () => {
  let hq: TestHq;
  let a: Stack;
  let b: Stack;

  beforeAll(async () => {
    hq = await startTestHq({ deviceRoutes: [memberBankDeviceRoutes] });
    a = stack(await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: 'store-a' }));
    b = stack(await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: 'store-b' }));
  });
  afterAll(async () => {
    await a?.store.close();
    await b?.store.close();
    await hq?.close();
  });

  it('earn 500 at A, redeem 300 at B, refund at A: HQ and both stores show the same balance after sync', async () => {
    const m = createMember(a.env, { opId: 'join-1', name: '王芳', phone: '13800000001' }, null).memberId;
    const sale = recordPurchase(a.env, { opId: 'sale-1', memberId: m, items: [{ sku: 'F1', name: 'frame', qty: 1, unitPriceFen: 50_000 }] }, null);
    expect(sale.pointsEarned).toBe(500);
    await sync(a);

    const found = await lookupThroughBank(b.env, b.store.client, { phone: '13800000001' });
    expect(found).toMatchObject({ memberId: m, homeStoreId: 'store-a', pointsBalance: 500, phoneMasked: '138****0001' });
    expect(b.store.db.prepare('SELECT phone FROM members WHERE id = ?').get(m)).toEqual({ phone: null });
    expect(cachedBalance(b.store.db, m)).toBe(500);

    const redeemed = await redeemThroughBank(b.env, b.store.client, { opId: 'redeem-b-1', memberId: m, points: 300, reason: 'purchase' });
    expect(redeemed).toMatchObject({ mode: 'online', chainBalance: 200, balanceAfter: 200 });
    await sync(b);
    expect(await hq.repo.memberBalance('chain-1', m)).toBe(200); // the event named the op id: not debited twice

    await sync(a);
    expect(cachedBalance(a.store.db, m)).toBe(200);
    const refund = refundPurchase(a.env, { opId: 'refund-1', purchaseId: sale.purchaseId, reason: 'returned' }, null);
    expect(refund).toMatchObject({ pointsReversed: 200, pointsNotRecovered: 300 });
    await sync(a);
    await sync(b);
    await sync(a);
    const figures = [await hq.repo.memberBalance('chain-1', m), cachedBalance(a.store.db, m), cachedBalance(b.store.db, m)];
    expect(figures).toEqual([0, 0, 0]);
    expect(memberBankView(b.store.db, m, clock.now()).hqBalance).toBe(0);
  });

  it('concurrent redemptions at A and B of more than the balance: exactly one succeeds', async () => {
    const m = createMember(a.env, { opId: 'join-2', name: '李娜', phone: '13800000002' }, null).memberId;
    recordPurchase(a.env, { opId: 'sale-2', memberId: m, items: [{ sku: 'F2', name: 'frame', qty: 1, unitPriceFen: 50_000 }] }, null);
    await sync(a);
    await lookupThroughBank(b.env, b.store.client, { phone: '13800000002' });
    const outcomes = await Promise.allSettled([
      redeemThroughBank(a.env, a.store.client, { opId: 'race-a', memberId: m, points: 300, reason: 'purchase' }),
      redeemThroughBank(b.env, b.store.client, { opId: 'race-b', memberId: m, points: 300, reason: 'purchase' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as { code: string }).code).toBe('INSUFFICIENT_POINTS');
    await sync(a);
    await sync(b);
    await sync(a);
    expect([await hq.repo.memberBalance('chain-1', m), cachedBalance(a.store.db, m), cachedBalance(b.store.db, m)]).toEqual([200, 200, 200]);
  });

  it('B offline redeems within its allowance (beyond it refused), then reconciles; a balance that went negative is flagged, not rewritten', async () => {
    const m = createMember(a.env, { opId: 'join-3', name: '张伟', phone: '13800000003' }, null).memberId;
    recordPurchase(a.env, { opId: 'sale-3', memberId: m, items: [{ sku: 'F3', name: 'frame', qty: 1, unitPriceFen: 30_000 }] }, null);
    await sync(a);
    await lookupThroughBank(b.env, b.store.client, { phone: '13800000003' });
    // Meanwhile A spends 200 of the 300 online; B has not synced since.
    await redeemThroughBank(a.env, a.store.client, { opId: 'spend-a', memberId: m, points: 200, reason: 'purchase' });
    await sync(a);

    const unreachable = new HqClient({ baseUrl: 'http://127.0.0.1:9', credentials: () => b.store.credentials.get(), timeoutMs: 2_000 });
    const offline = await redeemThroughBank(b.env, unreachable, { opId: 'offline-b-1', memberId: m, points: 250, reason: 'purchase' }, { offlineAllowance: 260 });
    expect(offline).toMatchObject({ mode: 'offline', allowanceLeft: 10, chainBalance: null });
    const beyond = await redeemThroughBank(b.env, unreachable, { opId: 'offline-b-2', memberId: m, points: 20, reason: 'purchase' }, { offlineAllowance: 260 }).catch((e: unknown) => e);
    expect((beyond as { code: string; details: { offline: boolean } }).code).toBe('INSUFFICIENT_POINTS');
    expect((beyond as { details: { offline: boolean } }).details.offline).toBe(true);

    await sync(b); // HQ reachable again
    expect(await hq.repo.memberBalance('chain-1', m)).toBe(-150);
    const reviews = await hq.db.query<{ member_id: string; store_id: string; balance: number }>('SELECT member_id, store_id, balance FROM bank_reviews WHERE member_id = $1', [m]);
    expect(reviews).toEqual([{ member_id: m, store_id: 'store-b', balance: -150 }]);
    await sync(a);
    // Stores never show a negative balance; HQ's ledger keeps every entry and the review says why.
    expect([cachedBalance(a.store.db, m), cachedBalance(b.store.db, m)]).toEqual([0, 0]);
    const ledger = await hq.db.query<{ delta: number }>('SELECT delta FROM points_ledger WHERE member_id = $1 ORDER BY entry_id', [m]);
    expect(ledger.map((r) => Number(r.delta))).toEqual([300, -200, -250]);
  });
});
