import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { fixedClock } from '../../electron/core/clock.js';
import type { CallContext } from '../../electron/contract/handlers.js';
import { provisionDevice } from '../../edge-sync/client/provisioning.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { startHq, type RunningHq } from '../../edge-sync/hq/hq-server.js';
import { appendChange } from '../../edge-sync/hq/hq-downlink.js';
import { createConsoleGuard } from '../../edge-sync/hq/staff/staff-console-routes.js';
import { catalogueRoutes } from '../../edge-sync/hq/catalogue/catalogue-routes.js';
import { createStaffAndSignIn, openScratchHqDb, type ConsoleTestSession } from '../support/hq-console-session.js';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';

/**
 * Issue 15 item 3 end to end below the UI: a real HQ (PostgreSQL where reachable) with the Items
 * routes behind the real session guard, and a real store app provisioned to it. HQ runs on the real
 * clock (sessions and signatures); the store's clock is injected and moved by the test.
 */
const manager: CallContext = { clientId: 't', transport: 'in-process', session: { staffId: 's', role: 'manager', displayName: 'M' }, startSession() {}, endSession() {} };
const HOUR = 3_600_000;
const COFFEE = { 'zh-CN': '咖啡', 'zh-TW': '咖啡', en: 'Coffee' };
const flatWhite = { name: { 'zh-CN': '澳白', 'zh-TW': '澳白', en: 'Flat White' }, priceFen: 3000, category: COFFEE, active: true };

describe('HQ publishes the item catalogue; the store applies it whole within one sync cycle', () => {
  let db: HqDb;
  let closeDb: () => Promise<void>;
  let hq: RunningHq;
  let dir: string;
  let app: RunningServices;
  let admin: ConsoleTestSession;
  // Frozen when the file is collected; start dates are set from it, never from the real clock, because a
  // loaded CI machine can take over a minute between collecting the file and running its first test.
  const storeClock = fixedClock(new Date());

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${hq.url}${url}`, {
      method,
      headers: { ...admin.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const sync = () => app.handlers['sync.syncNow']({}, manager);
  const grid = async () => (await app.handlers['catalogue.list']({ includeInactive: false }, manager)).map((i) => i.itemId);

  beforeAll(async () => {
    ({ db, close: closeDb } = await openScratchHqDb());
    const now = () => new Date();
    const repo = new HqRepository(db);
    hq = await startHq({ repo, host: '127.0.0.1', port: 0, now, consoleRoutes: [catalogueRoutes], guard: createConsoleGuard({ db, now }) });
    admin = await createStaffAndSignIn(hq.app, db, { chainId: 'chain-i', role: 'chain_admin', now });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-catalogue-'));
    const { token } = await repo.createProvisioningToken({ storeId: 'store-i', chainId: 'chain-i', now: new Date(), ttlMs: 60_000 });
    await provisionDevice({ dataDir: dir, hqUrl: hq.url, storeId: 'store-i', token, deviceName: 'counter-1', appVersion: 'test' });
    app = await startServices({
      dataDir: dir,
      transport: 'in-process',
      clock: storeClock,
      configOverrides: { store: { id: 'store-i' }, hq: { url: hq.url, downlinkEverySeconds: 3600 } },
      log: createMemoryLogger(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await hq?.close();
    await closeDb?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publish → one pull: the item is on the cashier grid with its HQ id, read-only, and HQ sees the store applied it', async () => {
    const own = await app.handlers['catalogue.upsert']({ name: { 'zh-CN': '本店特饮', 'zh-TW': '本店特飲', en: 'House special' }, priceFen: 1500, category: COFFEE, isActive: true }, manager);
    expect((await api('PUT', '/console/api/catalogue/items/FLAT-WHITE', flatWhite)).status).toBe(200);
    expect((await api('POST', '/console/api/catalogue/publish', { startsAt: new Date(storeClock.now().getTime() - 60_000).toISOString() })).json).toEqual({ version: 1, itemCount: 1 });
    await sync();
    expect(await grid()).toContain('FLAT-WHITE');
    expect(await grid()).toContain(own.itemId);
    expect(await app.handlers['catalogue.hqStatus']({}, manager)).toMatchObject({ active: { version: 1 }, next: null, refused: null });
    await expect((async () => app.handlers['catalogue.upsert']({ itemId: 'FLAT-WHITE', name: flatWhite.name, priceFen: 1, category: COFFEE, isActive: true }, manager))()).rejects.toMatchObject({ code: 'ITEM_FROM_HQ' });
    // A sale of it keys on the item id, as habits and favourites do.
    const member = await app.handlers['members.create']({ opId: 'c-1', name: '周敏', phone: '13900000011' }, manager);
    await app.handlers['purchases.record']({ opId: 'p-1', memberId: member.memberId, items: [{ sku: 'FLAT-WHITE', name: '澳白', qty: 1, unitPriceFen: 3000 }] }, manager);
    await sync(); // the store's catalogue.applied report goes up
    const listed = await api('GET', '/console/api/catalogue');
    expect(listed.json.versions[0]).toMatchObject({ version: 1, storesApplied: ['store-i'], storesRefused: [] });
  });

  it('a later version deactivates what HQ stopped selling at its start on the store\'s clock; ids and history stay', async () => {
    await api('PUT', '/console/api/catalogue/items/FLAT-WHITE', { ...flatWhite, active: false });
    await api('PUT', '/console/api/catalogue/items/CORTADO', { ...flatWhite, name: { 'zh-CN': '可塔朵', 'zh-TW': '可塔朵', en: 'Cortado' } });
    const startsAt = new Date(storeClock.now().getTime() + 2 * HOUR);
    expect((await api('POST', '/console/api/catalogue/publish', { startsAt: startsAt.toISOString(), storeIds: ['store-i'] })).json.version).toBe(2);
    await sync();
    expect(await grid()).toContain('FLAT-WHITE'); // version 2 has not started here yet
    expect((await app.handlers['catalogue.hqStatus']({}, manager)).next?.version).toBe(2);
    storeClock.set(new Date(startsAt.getTime() + 1000));
    const now = await grid();
    expect(now).toContain('CORTADO');
    expect(now).not.toContain('FLAT-WHITE');
    const all = await app.handlers['catalogue.list']({ includeInactive: true }, manager);
    expect(all.find((i) => i.itemId === 'FLAT-WHITE')).toMatchObject({ isActive: false, source: 'hq' });
    expect(app.db.prepare("SELECT count(*) FROM purchase_items WHERE sku = 'FLAT-WHITE'").pluck().get()).toBe(1);
  });

  it('a version the store\'s schema refuses is refused whole, and HQ shows which store refused it and why', async () => {
    const before = await app.handlers['catalogue.list']({ includeInactive: true }, manager);
    const at = new Date();
    const items = [{ ...flatWhite, itemId: 'OK-ITEM', sort: 0 }, { ...flatWhite, itemId: 'BAD-ITEM', sort: 1, priceFen: -5 }];
    await db.tx(async (t) => {
      await t.query("INSERT INTO catalogue_versions (chain_id, version, starts_at, published_at, published_by, store_ids, items) VALUES ('chain-i', 3, $1, $1, 'test', NULL, $2)", [at.toISOString(), JSON.stringify(items)]);
      await appendChange(t, 'chain-i', 'catalogue_version', '3', { version: 3, startsAt: at.toISOString(), publishedAt: at.toISOString(), items }, at);
    });
    await sync();
    expect(await app.handlers['catalogue.list']({ includeInactive: true }, manager)).toEqual(before);
    expect((await app.handlers['catalogue.hqStatus']({}, manager)).refused).toMatchObject({ version: 3 });
    await sync();
    const v3 = (await api('GET', '/console/api/catalogue')).json.versions[0];
    expect(v3).toMatchObject({ version: 3, storesApplied: [], storesRefused: [{ storeId: 'store-i' }] });
    expect(v3.storesRefused[0].message).toMatch(/^items\.1\.priceFen: /);
  });
});
