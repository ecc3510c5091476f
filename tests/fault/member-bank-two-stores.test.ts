import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { startKioskHost, type KioskHost } from '../e2e/support/host.js';
import { provisionStoreDataDir, startHqProcess, type HqProcess } from '../e2e/support/hq-stack.js';
import { postgresAvailable } from './support/hq-fixture.js';

// Issue 13, "Done when: Member bank": two real store OS processes (the browser host, `npm run serve`,
// each on its own data folder provisioned with `npm run provision`) and one real HQ process
// (`npm run hq -- serve`) on PostgreSQL. Everything goes through the stores' HTTP API as the
// cashier's screen calls it (POST /api/call/<method>, x-kiosk-token, x-kiosk-client, staff sign-in).

const CHAIN = 'chain-bank';
const TILL = 'bank-till';
type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
interface MemberView {
  memberId: string;
  pointsBalance: number;
}

async function value<T>(call: Promise<Envelope<T>>): Promise<T> {
  const r = await call;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const have = await postgresAvailable();

describe.runIf(have || process.env['KIOSK_REQUIRE_POSTGRES'] === '1')('member bank with two store processes and one HQ process on PostgreSQL', () => {
  let hq: HqProcess;
  let hqDb: HqDb;
  let a: KioskHost;
  let b: KioskHost;
  let op = 0;
  const nextOp = (what: string) => `${what}-${++op}`;
  const call = <T>(host: KioskHost, method: string, args: unknown) => host.call<T>(method, args, TILL) as Promise<Envelope<T>>;
  const chainBalance = async (memberId: string) => {
    const rows = await hqDb.query<{ balance: number }>('SELECT balance FROM member_balances WHERE chain_id = $1 AND member_id = $2', [CHAIN, memberId]);
    return Number(rows[0]?.balance);
  };
  const localBalance = async (host: KioskHost, memberId: string) => (await value(call<MemberView>(host, 'members.get', { memberId }))).pointsBalance;
  const syncNow = (host: KioskHost) => value(call(host, 'sync.syncNow', {}));
  /**
   * Upload and pull at both stores (the cycle each store also runs by itself every few seconds) until
   * [HQ's chain figure, A's, B's] are what `settled` waits for: by default all three the same.
   */
  async function converge(memberId: string, settled = (f: number[]) => f.every((x) => x === f[0])): Promise<number[]> {
    let figures: number[] = [];
    for (let round = 0; round < 6; round++) {
      await syncNow(a);
      await syncNow(b);
      figures = [await chainBalance(memberId), await localBalance(a, memberId), await localBalance(b, memberId)];
      if (settled(figures)) return figures;
    }
    return figures;
  }
  async function signIn(host: KioskHost): Promise<void> {
    const roster = await value(call<Array<{ staffId: string; role: string }>>(host, 'staff.roster', {}));
    const manager = roster.find((s) => s.role === 'manager');
    await value(call(host, 'staff.signIn', { staffId: manager?.staffId, pin: '1234' })); // the demo store's manager
  }
  /** A member of A with `fen` spent at A (1 point per yuan), known at HQ, then found at B by phone (linked there through HQ). */
  async function memberOfA(phone: string, fen: number): Promise<{ memberId: string; purchaseId: string }> {
    const m = await value(call<MemberView>(a, 'members.create', { opId: nextOp('join'), name: '银行会员', phone }));
    const sale = await value(call<{ purchaseId: string }>(a, 'purchases.record', { opId: nextOp('earn'), memberId: m.memberId, items: [{ sku: 'F', name: 'frame', qty: 1, unitPriceFen: fen }] }));
    await syncNow(a);
    const atB = await value(call<MemberView>(b, 'members.lookupByPhone', { phone }));
    expect(atB.memberId).toBe(m.memberId);
    return { memberId: m.memberId, purchaseId: sale.purchaseId };
  }
  /** A sale paid entirely with `points` (priced at what the points are worth: nothing is earned back). */
  async function redeem(host: KioskHost, memberId: string, points: number): Promise<Envelope<{ purchaseId: string; pointsRedeemed: number; pointsEarned: number }>> {
    const worth = await value(call<{ redeemedFen: number }>(host, 'purchases.quote', { memberId, items: [{ sku: 'L', name: 'lens', qty: 1, unitPriceFen: 1_000_000 }], redeemPoints: points }));
    return call(host, 'purchases.record', { opId: nextOp('redeem'), memberId, items: [{ sku: 'C', name: 'cloth', qty: 1, unitPriceFen: worth.redeemedFen }], redeemPoints: points });
  }

  beforeAll(async () => {
    hq = await startHqProcess();
    hqDb = await openHqDb({ pgUrl: hq.pgUrl });
    const dirA = provisionStoreDataDir(hq, CHAIN, 'store-a', 'Store A');
    const dirB = provisionStoreDataDir(hq, CHAIN, 'store-b', 'Store B');
    [a, b] = await Promise.all([startKioskHost([], undefined, dirA), startKioskHost([], undefined, dirB)]);
    await Promise.all([signIn(a), signIn(b)]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await hqDb?.close();
    await hq?.stop();
  }, 60_000);

  it('earn 500 at A, redeem 300 at B, refund at A: A, B and HQ agree', async () => {
    const { memberId, purchaseId } = await memberOfA('13911110001', 50_000);
    expect(await chainBalance(memberId)).toBe(500);
    const atB = await redeem(b, memberId, 300);
    expect(atB).toMatchObject({ ok: true, value: { pointsRedeemed: 300, pointsEarned: 0 } });
    expect(await converge(memberId)).toEqual([200, 200, 200]);
    // A refunds its sale: the 500 earned there are reversed as far as the balance allows (200 are left).
    const refund = await value(call<{ pointsReversed: number; pointsNotRecovered: number }>(a, 'purchases.refund', { opId: nextOp('refund'), purchaseId, reason: 'returned' }));
    expect(refund).toMatchObject({ pointsReversed: 200, pointsNotRecovered: 300 });
    expect(await converge(memberId)).toEqual([0, 0, 0]);
  }, 120_000);

  it('concurrent redemptions at A and B of more than the balance: exactly one succeeds', async () => {
    const { memberId } = await memberOfA('13911110002', 50_000);
    const outcomes = await Promise.all([redeem(a, memberId, 300), redeem(b, memberId, 300)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const refused = outcomes.find((o) => !o.ok) as Extract<Envelope<unknown>, { ok: false }>;
    expect(refused.error).toMatchObject({ code: 'INSUFFICIENT_POINTS', details: { chainBalance: 200, online: true } });
    expect(await converge(memberId)).toEqual([200, 200, 200]);
  }, 120_000);

  it('B offline (HQ stopped) redeems within its allowance; HQ back: it reconciles and flags the negative balance', async () => {
    const { memberId } = await memberOfA('13911110003', 30_000);
    // A spends 200 of the 300 online; B has not synced since and still shows 300.
    expect(await redeem(a, memberId, 200)).toMatchObject({ ok: true });
    await hq.pause();
    expect(await redeem(b, memberId, 250)).toMatchObject({ ok: true, value: { pointsRedeemed: 250 } }); // within the 500 allowance
    await hq.resume();
    const figures = await converge(memberId, (f) => f[0] === -150 && f[1] === 0 && f[2] === 0);
    expect(figures[0]).toBe(300 - 200 - 250);
    // Stores never show a negative balance; HQ keeps every entry and flags the member for review.
    expect(figures.slice(1)).toEqual([0, 0]);
    const reviews = await hqDb.query<{ store_id: string; balance: number }>('SELECT store_id, balance FROM bank_reviews WHERE member_id = $1', [memberId]);
    expect(reviews.map((r) => ({ store: r.store_id, balance: Number(r.balance) }))).toEqual([{ store: 'store-b', balance: -150 }]);
  }, 120_000);
});
