import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { fixedClock } from '../../electron/core/clock.js';
import type { CallContext } from '../../electron/contract/handlers.js';
import { loyaltyPresets, type LoyaltyRules } from '../../edge-sync/protocol/loyalty-rules.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { startHq, type RunningHq } from '../../edge-sync/hq/hq-server.js';
import { appendChange } from '../../edge-sync/hq/hq-downlink.js';
import { createConsoleGuard } from '../../edge-sync/hq/staff/staff-console-routes.js';
import { publishingRoutes } from '../../edge-sync/hq/publishing/publishing-routes.js';
import { createStaffAndSignIn, openScratchHqDb, type ConsoleTestSession } from '../support/hq-console-session.js';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';

/**
 * Issue 13, rules and campaigns pushed down: a real HQ (PostgreSQL where reachable) with the publishing
 * console routes behind the real session guard, and a real store app provisioned to it. HQ runs on the
 * real clock (sessions and signatures); the store's clock is injected and moved by the test.
 */
const callCtx: CallContext = { clientId: 't', transport: 'in-process', session: { staffId: 's', role: 'manager', displayName: 'M' }, startSession() {}, endSession() {} };
const DAY = 86_400_000;

/** Restaurant rules with a three-tier table whose silver needs one visit day (so any visitor qualifies). */
function threeTierRules(): LoyaltyRules {
  const base = loyaltyPresets.restaurant;
  const [basic, silver, gold] = base.tiers;
  return {
    ...base,
    tiers: [basic!, { ...silver!, spendAboveFen: 100, minVisits: 1 }, { ...gold!, spendAboveFen: 10_000_000, minVisits: null, noSpendDowngrade: null }],
  };
}

describe('HQ publishes rules and campaigns; the store applies them within one sync cycle', () => {
  let db: HqDb;
  let closeDb: () => Promise<void>;
  let hq: RunningHq;
  let dir: string;
  let app: RunningServices;
  let admin: ConsoleTestSession;
  let otherChainAdmin: ConsoleTestSession;
  const storeClock = fixedClock(new Date(Date.now() - 200 * DAY));
  let lapsedId = '';
  let regularId = '';

  const api = async (who: ConsoleTestSession, method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${hq.url}${url}`, {
      method,
      headers: { ...who.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const sync = () => app.handlers['sync.syncNow']({}, callCtx);

  beforeAll(async () => {
    ({ db, close: closeDb } = await openScratchHqDb());
    const now = () => new Date();
    const repo = new HqRepository(db);
    hq = await startHq({ repo, host: '127.0.0.1', port: 0, now, consoleRoutes: [publishingRoutes], guard: createConsoleGuard({ db, now }) });
    admin = await createStaffAndSignIn(hq.app, db, { chainId: 'chain-p', role: 'chain_admin', now, displayName: '李总部' });
    otherChainAdmin = await createStaffAndSignIn(hq.app, db, { chainId: 'chain-q', role: 'chain_admin', now });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-publish-'));
    await repo.ensureStore('store-p', 'chain-p', new Date(), { store: '人民广场店' });
    const { token } = await repo.createProvisioningToken({ storeId: 'store-p', chainId: 'chain-p', now: new Date(), ttlMs: 60_000 });
    await provisionDevice({ dataDir: dir, hqUrl: hq.url, storeId: 'store-p', token, deviceName: 'counter-1', appVersion: 'test' });
    app = await startServices({
      dataDir: dir,
      transport: 'in-process',
      clock: storeClock,
      configOverrides: { store: { id: 'store-p' }, hq: { url: hq.url, downlinkEverySeconds: 3600 } },
      log: createMemoryLogger(),
    });
    // 200 days ago: a member visits once and never again (churn risk). Today: a regular visits.
    lapsedId = (await app.handlers['members.create']({ opId: 'c-lapsed', name: '陈静', phone: '13900000001' }, callCtx)).memberId;
    await app.handlers['checkin.byPhone']({ opId: 'k-lapsed', phone: '13900000001' }, callCtx);
    storeClock.set(new Date());
    regularId = (await app.handlers['members.create']({ opId: 'c-regular', name: '刘洋', phone: '13900000002' }, callCtx)).memberId;
    await app.handlers['checkin.byPhone']({ opId: 'k-regular', phone: '13900000002' }, callCtx);
    await sync();
    // The per-member figures segments and the preview read are applied behind ingestion (dashboard/rollup-queue.ts).
    await repo.rollups.drain();
  });
  afterAll(async () => {
    await app?.close();
    await hq?.close();
    await closeDb?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('previews tier changes from HQ\'s per-member figures and refuses an invalid document with every issue', async () => {
    const preview = await api(admin, 'POST', '/console/api/rules/preview', { rules: threeTierRules() });
    expect(preview.status).toBe(200);
    expect(preview.json).toEqual({ valid: true, tierChanges: [{ fromTierId: 'basic', toTierId: 'silver', members: 2 }], membersConsidered: 2 });
    const bad = await api(admin, 'POST', '/console/api/rules/preview', { rules: { ...threeTierRules(), tiers: [] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('VALIDATION');
    expect(bad.json.error.issues[0].path).toBe('tiers');
    // Another chain's figures are not this chain's.
    expect((await api(otherChainAdmin, 'POST', '/console/api/rules/preview', { rules: threeTierRules() })).json.membersConsidered).toBe(0);
  });

  it('publish → one pull: the store stores the version, audits it, uses the new tier table, and HQ sees it applied', async () => {
    const published = await api(admin, 'POST', '/console/api/rules', { rules: threeTierRules(), startsAt: new Date(storeClock.now().getTime() - 60_000).toISOString() });
    expect(published).toEqual({ status: 200, json: { version: 1 } });
    await sync(); // one downlink pull
    const rules = await app.handlers['loyalty.getRules']({}, callCtx);
    expect(rules.rules.tiers.map((t) => t.id)).toEqual(['basic', 'silver', 'gold']);
    expect(rules.rules.tiers[1]?.spendAboveFen).toBe(100);
    expect(rules.hqVersion?.version).toBe(1); // what the manager's rules view and the doctor show
    // The member's next activity re-evaluates them under the new table.
    await app.handlers['purchases.record']({ opId: 'p-regular', memberId: regularId, items: [{ sku: 'tea', name: '茶', qty: 1, unitPriceFen: 1800 }] }, callCtx);
    expect((await app.handlers['members.getCard']({ memberId: regularId }, callCtx)).member.tier).toBe('silver');
    const audited = app.db.prepare("SELECT detail FROM audit_log WHERE action = 'rules.hq_applied'").all() as Array<{ detail: string }>;
    expect(audited.map((a) => JSON.parse(a.detail).version)).toEqual([1]);
    await sync(); // the store's rules.applied report goes up
    const listed = await api(admin, 'GET', '/console/api/rules');
    // Who published it, by name (the console shows names, ids as tooltips).
    expect(listed.json.active).toMatchObject({ version: 1, publishedBy: admin.staffId, publishedByName: '李总部', storesApplied: 1, storesRefused: [] });
    const hqAudit = await db.query("SELECT action FROM hq_audit_log WHERE chain_id = 'chain-p' AND action = 'rules.published'");
    expect(hqAudit).toHaveLength(1);
    expect((await api(otherChainAdmin, 'GET', '/console/api/rules')).json).toEqual({ active: null, scheduled: [], history: [] });
  });

  it('a version the store\'s schema refuses is refused whole, and HQ shows which store refused it and why', async () => {
    // As a store on an older schema would meet a newer HQ's rules: thresholds that do not increase.
    const broken = { ...threeTierRules(), tiers: threeTierRules().tiers.map((t, i) => (i === 2 ? { ...t, spendAboveFen: 50 } : t)) };
    const at = new Date();
    await db.tx(async (t) => {
      await t.query("INSERT INTO rules_versions (chain_id, version, starts_at, published_at, published_by, rules) VALUES ('chain-p', 2, $1, $1, 'test', $2)", [at.toISOString(), JSON.stringify(broken)]);
      await appendChange(t, 'chain-p', 'rules_version', '2', { version: 2, startsAt: at.toISOString(), publishedAt: at.toISOString(), rules: broken }, at);
    });
    await sync();
    expect((await app.handlers['loyalty.getRules']({}, callCtx)).rules.tiers[2]?.spendAboveFen).toBe(10_000_000); // still version 1
    expect(app.db.prepare('SELECT count(*) AS n FROM loyalty_rules_versions WHERE version = 2').get()).toEqual({ n: 0 });
    expect(app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'rules.hq_refused'").get()).toEqual({ n: 1 });
    await sync();
    const listed = await api(admin, 'GET', '/console/api/rules');
    const v2 = listed.json.active;
    expect(v2.version).toBe(2);
    expect(v2.storesApplied).toBe(0);
    expect(v2.storesRefused).toEqual([{ storeId: 'store-p', storeName: '人民广场店', message: expect.stringContaining('spend thresholds must increase') }]);
    // Published by no staff member of the chain (written directly here): the id, no name.
    expect(v2).toMatchObject({ publishedBy: 'test', publishedByName: null });
  });

  it('a campaign for the churn-risk segment puts a coupon on that member\'s card only; redemption counts; budget and chain hold', async () => {
    const body = {
      title: '好久不见 ¥10',
      segment: { churnRisk: true },
      coupon: { kind: 'amount', value: 1000 },
      budgetCoupons: 10,
      // Usable from the store's clock (the store enforces validFrom), which runs a little behind HQ's here.
      validFrom: new Date(storeClock.now().getTime() - 60_000).toISOString(),
      validTo: new Date(Date.now() + 30 * DAY).toISOString(),
    };
    expect((await api(admin, 'POST', '/console/api/campaigns/preview', body)).json).toEqual({ members: 1 });
    const created = await api(admin, 'POST', '/console/api/campaigns', body);
    expect(created.status).toBe(200);
    expect(created.json.issued).toBe(1);
    await sync();
    const lapsedCard = await app.handlers['members.getCard']({ memberId: lapsedId }, callCtx);
    expect(lapsedCard.coupons.map((c) => [c.title, c.amountOffFen])).toEqual([['好久不见 ¥10', 1000]]);
    expect((await app.handlers['members.getCard']({ memberId: regularId }, callCtx)).coupons).toEqual([]);
    // A coupon arriving twice is one coupon (the page replayed after a crash).
    app.db.prepare("UPDATE sync_state SET value = '0' WHERE key = 'downlink_cursor'").run();
    await sync();
    expect((await app.handlers['members.getCard']({ memberId: lapsedId }, callCtx)).coupons).toHaveLength(1);

    await app.handlers['purchases.record'](
      { opId: 'p-lapsed', memberId: lapsedId, items: [{ sku: 'cake', name: '蛋糕', qty: 1, unitPriceFen: 3000 }], couponId: lapsedCard.coupons[0]!.couponId },
      callCtx,
    );
    await sync();
    const campaigns = (await api(admin, 'GET', '/console/api/campaigns')).json.campaigns;
    expect(campaigns).toEqual([expect.objectContaining({ campaignId: created.json.campaignId, issued: 1, redeemed: 1, status: 'active', storeNames: {} })]);

    // Budget: everybody qualifies (both members' home store is store-p), one coupon only.
    const capped = await api(admin, 'POST', '/console/api/campaigns', { ...body, title: '会员日', segment: { storeIds: ['store-p', 'store-elsewhere'] }, budgetCoupons: 1 });
    expect(capped.json.issued).toBe(1);
    // The segment's stores by name; an id that is no store of the chain has none (the console shows the id).
    const withStores = (await api(admin, 'GET', '/console/api/campaigns')).json.campaigns.find((c: { campaignId: string }) => c.campaignId === capped.json.campaignId);
    expect(withStores.storeNames).toEqual({ 'store-p': '人民广场店' });
    // Chain isolation: the other chain sees none of it and reaches none of these members.
    expect((await api(otherChainAdmin, 'GET', '/console/api/campaigns')).json).toEqual({ campaigns: [] });
    expect((await api(otherChainAdmin, 'POST', '/console/api/campaigns/preview', { ...body, segment: {} })).json).toEqual({ members: 0 });
    const audits = await db.query("SELECT action FROM hq_audit_log WHERE chain_id = 'chain-p' AND action = 'campaign.created'");
    expect(audits).toHaveLength(2);
  });

  it('a percent campaign reaches the card as a percent coupon, is refused before its start and applied exactly after it', async () => {
    const from = new Date(storeClock.now().getTime() + DAY);
    const body = {
      title: '回归 85 折',
      segment: {},
      coupon: { kind: 'percent', value: 15, maxOffFen: 2_000, minSpendFen: 5_000 },
      budgetCoupons: 10,
      validFrom: from.toISOString(),
      validTo: new Date(from.getTime() + 30 * DAY).toISOString(),
    };
    // HQ refuses what a store would not apply, with the shared bounds.
    const refused = await api(admin, 'POST', '/console/api/campaigns', { ...body, coupon: { kind: 'percent', value: 95 } });
    expect(refused.status).toBe(400);
    // The request schema refuses it (as any malformed field), naming the field.
    expect(refused.json.error).toMatchObject({ code: 'MALFORMED', message: expect.stringContaining('coupon') });
    const created = await api(admin, 'POST', '/console/api/campaigns', body);
    expect(created.json.issued).toBe(2); // both members of the chain
    await sync();
    const card = await app.handlers['members.getCard']({ memberId: lapsedId }, callCtx);
    const coupon = card.coupons.find((c) => c.title === '回归 85 折');
    expect(coupon).toMatchObject({ kind: 'percent', percentOff: 15, maxOffFen: 2_000, minSpendFen: 5_000, amountOffFen: null, isUsableNow: false, validFrom: from.toISOString() });
    const sale = { memberId: lapsedId, items: [{ sku: 'cake', name: '蛋糕', qty: 2, unitPriceFen: 4_999 }], couponId: coupon!.couponId };
    await expect(Promise.resolve().then(() => app.handlers['purchases.quote'](sale, callCtx))).rejects.toMatchObject({ code: 'COUPON_NOT_YET_VALID' });
    storeClock.set(from);
    // 15 % of ¥99.98 is ¥14.997: ¥14.99 off (rounded down, under the ¥20 cap).
    const recorded = await app.handlers['purchases.record']({ ...sale, opId: 'p-percent' }, callCtx);
    expect(recorded).toMatchObject({ totalFen: 9_998, couponFen: 1_499, paidFen: 8_499 });
    await sync();
    const listed = (await api(admin, 'GET', '/console/api/campaigns')).json.campaigns;
    expect(listed.find((c: { campaignId: string }) => c.campaignId === created.json.campaignId)).toMatchObject({ couponPercent: 15, couponMaxOffFen: 2_000, couponMinSpendFen: 5_000, redeemed: 1 });
  });

  it('a version with a future startsAt is stored at once but not in force before it, on the store\'s clock', async () => {
    const startsAt = new Date(storeClock.now().getTime() + DAY);
    const future = { ...threeTierRules(), churn: { inactiveDays: 30, followupHours: 48 } };
    expect((await api(admin, 'POST', '/console/api/rules', { rules: future, startsAt: startsAt.toISOString() })).json).toEqual({ version: 3 });
    await sync();
    expect(app.db.prepare('SELECT count(*) AS n FROM loyalty_rules_versions WHERE version = 3').get()).toEqual({ n: 1 });
    expect((await app.handlers['loyalty.getRules']({}, callCtx)).rules.churn.inactiveDays).toBe(90);
    storeClock.set(new Date(startsAt.getTime() - 1000));
    expect((await app.handlers['loyalty.getRules']({}, callCtx)).rules.churn.inactiveDays).toBe(90);
    storeClock.set(new Date(startsAt.getTime() + 1000));
    expect((await app.handlers['loyalty.getRules']({}, callCtx)).rules.churn.inactiveDays).toBe(30);
  });
});
