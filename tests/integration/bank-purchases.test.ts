import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Downlink } from '../../edge-sync/client/downlink.js';
import { HqClient } from '../../edge-sync/client/hq-client.js';
import { memberBankDeviceRoutes } from '../../edge-sync/hq/members/bank-device-routes.js';
import { fixedClock } from '../../electron/core/clock.js';
import { defaultConfig } from '../../electron/core/config.js';
import { createLogger } from '../../electron/core/logger.js';
import { createBankRuntime, type BankRuntime } from '../../electron/services/bank/bank-purchase.js';
import { openIntent } from '../../electron/services/bank/bank-intents.js';
import { lookupThroughBank, type BankPort } from '../../electron/services/bank/member-bank-store.js';
import { cachedBalance } from '../../electron/services/loyalty/ledger-repository.js';
import { issueCoupon } from '../../electron/services/loyalty/points-service.js';
import { createMember } from '../../electron/services/members/member-service.js';
import { createMembershipEnv, type MembershipEnv } from '../../electron/services/membership-kernel/membership-env.js';
import { recordPurchase, refundPurchase } from '../../electron/services/purchases/purchase-service.js';
import { startTestHq, type TestHq } from '../fault/support/hq-fixture.js';
import { makeStore, type TestStore } from '../fault/support/store-fixture.js';

// Issue 13: the till redeems through the member bank. Two store stacks against one real HQ over
// HTTP (PostgreSQL where reachable): purchases.record's bank path (bank-purchase.ts) — HQ authorises
// first, the purchase records HQ's answer, a refusal shows the chain balance, HQ unreachable books
// within the offline allowance, a failed commit or a crash after HQ said yes gives the points back.

const clock = fixedClock('2026-03-04T02:00:00Z');
const frame = (fen: number) => [{ sku: 'F1', name: 'frame', qty: 1, unitPriceFen: fen }];

interface Stack {
  store: TestStore;
  env: MembershipEnv;
  downlink: Downlink;
  bank: BankRuntime;
  calls: string[];
}

function stack(store: TestStore, port?: BankPort): Stack {
  const env = createMembershipEnv({ db: store.db, config: defaultConfig(), clock, log: createLogger({ level: 'error', sink: () => {} }) });
  const calls: string[] = [];
  const counted: BankPort = {
    lookupMember: (k) => store.client.lookupMember(k),
    authoriseRedemption: (a) => {
      calls.push(a.opId);
      return (port ?? store.client).authoriseRedemption(a);
    },
  };
  return { store, env, downlink: new Downlink(store.db, store.client, {}, () => clock.now()), bank: createBankRuntime(env, { enabled: true, offlineAllowance: 100, port: () => counted }), calls };
}

async function sync(s: Stack): Promise<void> {
  for (let round = 0; round < 5 && s.store.store.counts().pending > 0; round++) await s.store.uploader.drain();
  await s.downlink.pullAll();
  await s.bank.afterPull();
}

const intentsOf = (s: Stack, purchaseOp: string) => s.store.db.prepare('SELECT op_id, status FROM bank_intents WHERE purchase_op_id = ? ORDER BY attempt').all(purchaseOp);

describe('purchases redeem through the member bank', () => {
  let hq: TestHq;
  let a: Stack;
  let b: Stack;
  let m = '';

  beforeAll(async () => {
    hq = await startTestHq({ deviceRoutes: [memberBankDeviceRoutes] });
    a = stack(await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: 'store-a' }));
    b = stack(await makeStore({ repo: hq.repo, hqUrl: hq.hq.url, storeId: 'store-b' }));
    m = createMember(a.env, { opId: 'join', name: '王芳', phone: '13800000011' }, null).memberId;
    recordPurchase(a.env, { opId: 'earn', memberId: m, items: frame(100_000) }, null); // 1,000 points
    await sync(a);
    await lookupThroughBank(b.env, b.store.client, { phone: '13800000011' });
  });
  afterAll(async () => {
    await a?.store.close();
    await b?.store.close();
    await hq?.close();
  });

  it('HQ authorises first under an op id derived from the purchase; a retry is answered from the store, HQ is not asked twice', async () => {
    const sale = await b.bank.recordPurchase({ opId: 'buy-b-1', memberId: m, items: frame(50_000), redeemPoints: 300 }, null);
    expect(sale.pointsRedeemed).toBe(300);
    expect(b.calls).toEqual(['buy-b-1:redeem']);
    expect(intentsOf(b, 'buy-b-1')).toEqual([{ op_id: 'buy-b-1:redeem', status: 'done' }]);
    expect(await b.bank.recordPurchase({ opId: 'buy-b-1', memberId: m, items: frame(50_000), redeemPoints: 300 }, null)).toEqual(sale);
    expect(b.calls).toHaveLength(1);
    await sync(b);
    await sync(a);
    const chain = await hq.repo.memberBalance('chain-1', m);
    expect(chain).toBe(1_000 - 300 + sale.pointsEarned); // the debit booked once: by HQ, not again from the event
    expect([cachedBalance(a.store.db, m), cachedBalance(b.store.db, m)]).toEqual([chain, chain]);
    // Refunded at B: the 300 redeemed come back and what it earned is reversed, through points events HQ books from any store.
    const refund = refundPurchase(b.env, { opId: 'refund-b-1', purchaseId: sale.purchaseId, reason: 'returned' }, null);
    expect(refund).toMatchObject({ pointsRestored: 300, pointsReversed: sale.pointsEarned });
    await sync(b);
    await sync(a);
    expect([await hq.repo.memberBalance('chain-1', m), cachedBalance(a.store.db, m), cachedBalance(b.store.db, m)]).toEqual([1_000, 1_000, 1_000]);
  });

  it("a refusal by HQ shows the chain's balance; nothing is recorded", async () => {
    const chain = await hq.repo.memberBalance('chain-1', m);
    const refused = await b.bank.recordPurchase({ opId: 'buy-b-2', memberId: m, items: frame(900_000), redeemPoints: chain + 1 }, null).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INSUFFICIENT_POINTS', details: { chainBalance: chain, online: true } });
    expect(intentsOf(b, 'buy-b-2')).toEqual([{ op_id: 'buy-b-2:redeem', status: 'refused' }]);
    expect(b.store.db.prepare("SELECT 1 FROM op_ids WHERE op_id = 'buy-b-2'").get()).toBeUndefined();
  });

  it('a purchase that fails to commit after HQ authorised gives the points back at once', async () => {
    const before = await hq.repo.memberBalance('chain-1', m);
    const { couponId } = issueCoupon(b.env, { opId: 'coupon', memberId: m, title: 'gift', amountOffFen: 1_000 }, null);
    // HQ says yes, then the coupon is used elsewhere before this purchase commits: the commit fails.
    const racing: BankPort = {
      lookupMember: (k) => b.store.client.lookupMember(k),
      authoriseRedemption: async (req) => {
        const answer = await b.store.client.authoriseRedemption(req);
        b.store.db.prepare("UPDATE coupons SET status = 'used' WHERE id = ?").run(couponId);
        return answer;
      },
    };
    const racer = stack(b.store, racing);
    const failed = await racer.bank.recordPurchase({ opId: 'buy-b-3', memberId: m, items: frame(50_000), redeemPoints: 200, couponId }, null).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'COUPON_USED' });
    expect(intentsOf(b, 'buy-b-3')).toEqual([{ op_id: 'buy-b-3:redeem', status: 'compensated' }]);
    await sync(b);
    expect(await hq.repo.memberBalance('chain-1', m)).toBe(before);
    expect(cachedBalance(b.store.db, m)).toBe(before);
  });

  it('a crash after HQ authorised (intent pending, no purchase) is resolved on the next cycle: the points come back; a retry gets a fresh op id', async () => {
    const before = await hq.repo.memberBalance('chain-1', m);
    const intent = openIntent(b.store.db, 'buy-b-4', m, 150, clock.now().toISOString());
    await b.store.client.authoriseRedemption({ opId: intent.op_id, memberId: m, points: 150, reason: 'purchase' }); // …then the process died
    expect(await hq.repo.memberBalance('chain-1', m)).toBe(before - 150);
    await sync(b); // resolves the intent, uploads the compensation on the next round
    await sync(b);
    expect(intentsOf(b, 'buy-b-4')).toEqual([{ op_id: 'buy-b-4:redeem', status: 'compensated' }]);
    expect(await hq.repo.memberBalance('chain-1', m)).toBe(before);
    expect(cachedBalance(b.store.db, m)).toBe(before);
    const retried = await b.bank.recordPurchase({ opId: 'buy-b-4', memberId: m, items: frame(50_000), redeemPoints: 150 }, null);
    expect(retried.pointsRedeemed).toBe(150);
    expect(intentsOf(b, 'buy-b-4')).toEqual([
      { op_id: 'buy-b-4:redeem', status: 'compensated' },
      { op_id: 'buy-b-4:redeem:2', status: 'done' },
    ]);
  });

  it('HQ unreachable: redeems within the offline allowance, refuses beyond it; a member HQ has not seen redeems locally', async () => {
    const unreachable = new HqClient({ baseUrl: 'http://127.0.0.1:9', credentials: () => b.store.credentials.get(), timeoutMs: 2_000 });
    const off = stack(b.store, unreachable);
    const sale = await off.bank.recordPurchase({ opId: 'buy-b-5', memberId: m, items: frame(50_000), redeemPoints: 100 }, null);
    expect(sale.pointsRedeemed).toBe(100);
    expect(intentsOf(b, 'buy-b-5')).toEqual([{ op_id: 'buy-b-5:redeem', status: 'offline' }]);
    const beyond = await off.bank.recordPurchase({ opId: 'buy-b-6', memberId: m, items: frame(50_000), redeemPoints: 100 }, null).catch((e: unknown) => e);
    expect(beyond).toMatchObject({ code: 'INSUFFICIENT_POINTS', details: { offline: true, allowanceLeft: 0, balance: 0 } });
    // What the cashier card shows (purchases.redeemable): offline, what is left of the allowance; online, the chain's figure.
    const down = createBankRuntime(b.env, { enabled: true, offlineAllowance: 100, port: () => unreachable, hqReachable: () => false });
    expect(down.redeemable(m)).toEqual({ memberId: m, basis: 'offline', spendable: 0, chainBalance: null, allowanceLeft: 0 });
    expect(b.bank.redeemable(m)).toMatchObject({ basis: 'online', chainBalance: cachedBalance(b.store.db, m) });
    expect(createBankRuntime(b.env, { enabled: false, offlineAllowance: 100, port: () => unreachable }).redeemable(m)).toMatchObject({ basis: 'local' });

    const local = createMember(a.env, { opId: 'join-new', name: '新会员', phone: '13800000012' }, null).memberId;
    recordPurchase(a.env, { opId: 'earn-new', memberId: local, items: frame(20_000) }, null); // 200 points, not uploaded yet
    const spent = await a.bank.recordPurchase({ opId: 'buy-a-new', memberId: local, items: frame(20_000), redeemPoints: 150 }, null);
    expect(spent.pointsRedeemed).toBe(150);
    await sync(a);
    expect(await hq.repo.memberBalance('chain-1', local)).toBe(cachedBalance(a.store.db, local));
  });
});
