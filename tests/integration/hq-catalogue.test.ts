import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueRoutes } from '../../edge-sync/hq/catalogue/catalogue-routes.js';
import { changesSince } from '../../edge-sync/hq/hq-downlink.js';
import { recordStoreReports } from '../../edge-sync/hq/publishing-effects/store-reports.js';
import type { HqApp } from '../../edge-sync/hq/http/hq-app.js';
import { createConsoleTestApp, createStaffAndSignIn, testClock, type ConsoleTestSession } from '../support/hq-console-session.js';
import { openHqEngines, type OpenHqEngine } from '../support/hq-engines.js';

/**
 * Issue 15 item 3, HQ side: the chain's item catalogue edited on the console's Items page and
 * published as numbered versions (every store or chosen ones), on both engines, through the real
 * session guard. The store side is tests/integration/hq-catalogue-roundtrip.test.ts.
 */
const clock = testClock('2026-06-01T08:00:00.000Z');
const COFFEE = { 'zh-CN': '咖啡', 'zh-TW': '咖啡', en: 'Coffee' };
const latte = { name: { 'zh-CN': '拿铁', 'zh-TW': '拿鐵', en: 'Latte' }, priceFen: 2800, category: COFFEE, active: true };

interface Setup {
  engine: OpenHqEngine;
  app: HqApp;
  admin: ConsoleTestSession;
  ops: ConsoleTestSession;
  auditor: ConsoleTestSession;
  otherAdmin: ConsoleTestSession;
}
let setups: Setup[] = [];

beforeAll(async () => {
  for (const engine of await openHqEngines('mk-hq-catalogue-')) {
    const app = await createConsoleTestApp({ db: engine.db, now: clock.now, routes: [catalogueRoutes] });
    const session = (chainId: string, role: 'chain_admin' | 'operations' | 'auditor') => createStaffAndSignIn(app, engine.db, { chainId, role, now: clock.now });
    const setup = { engine, app, admin: await session('chain-c', 'chain_admin'), ops: await session('chain-c', 'operations'), auditor: await session('chain-c', 'auditor'), otherAdmin: await session('chain-d', 'chain_admin') };
    for (const [store, storeName] of [['store-a', '一号店'], ['store-b', '二号店']]) await engine.db.query("INSERT INTO stores (store_id, chain_id, name, created_at) VALUES ($1, 'chain-c', $2, $3)", [store, storeName, clock.now().toISOString()]);
    await engine.db.query("INSERT INTO stores (store_id, chain_id, name, created_at) VALUES ('store-z', 'chain-d', 'store-z', $1)", [clock.now().toISOString()]);
    setups.push(setup);
  }
});
afterAll(async () => {
  for (const s of setups) {
    await s.app.close();
    await s.engine.close();
  }
  setups = [];
});

const call = async (s: Setup, who: ConsoleTestSession, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) => {
  const res = await s.app.inject({ method, url, headers: who.headers(), ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, json: res.json() };
};

describe('HQ item catalogue (console Items page)', () => {
  it('chain admins save items with the stores\' own rules; operations and auditors only read', async () => {
    for (const s of setups) {
      const name = s.engine.name;
      expect((await call(s, s.admin, 'POST', '/console/api/catalogue/publish', { startsAt: clock.now().toISOString() })).status, `${name}: nothing to publish`).toBe(400);
      const saved = await call(s, s.admin, 'PUT', '/console/api/catalogue/items/LATTE', latte);
      expect(saved.status, name).toBe(200);
      expect(saved.json, name).toMatchObject({ itemId: 'LATTE', name: latte.name, priceFen: 2800, active: true, sort: 0, updatedBy: s.admin.staffId });
      const changed = await call(s, s.admin, 'PUT', '/console/api/catalogue/items/LATTE', { ...latte, priceFen: 2900 });
      expect(changed.json.sort, name).toBe(0);
      expect((await call(s, s.admin, 'PUT', '/console/api/catalogue/items/MOCHA', { ...latte, name: { 'zh-CN': '摩卡', 'zh-TW': '摩卡', en: 'Mocha' } })).json.sort, name).toBe(1);
      for (const [url, body] of [
        ['/console/api/catalogue/items/BAD%20ID', latte],
        ['/console/api/catalogue/items/X1', { ...latte, priceFen: 12.5 }],
        ['/console/api/catalogue/items/X1', { ...latte, priceFen: -1 }],
        ['/console/api/catalogue/items/X1', { ...latte, name: { ...latte.name, en: '  ' } }],
        ['/console/api/catalogue/items/X1', { ...latte, category: { ...COFFEE, en: 'x'.repeat(41) } }],
      ] as const) {
        const refused = await call(s, s.admin, 'PUT', url, body);
        expect(refused.status, `${name} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
        // Schema refusals name the field (HQ's MALFORMED, as for every console body).
        expect(refused.json.error.code, name).toBe('MALFORMED');
        expect(refused.json.error.message, name).toMatch(/^(itemId|priceFen|name\.en|category\.en): /);
      }
      for (const who of [s.ops, s.auditor]) {
        expect((await call(s, who, 'GET', '/console/api/catalogue')).json.items.map((i: { itemId: string }) => i.itemId), name).toEqual(['LATTE', 'MOCHA']);
        expect((await call(s, who, 'PUT', '/console/api/catalogue/items/LATTE', latte)).status, name).toBe(403);
        expect((await call(s, who, 'POST', '/console/api/catalogue/publish', { startsAt: clock.now().toISOString() })).status, name).toBe(403);
      }
      // Another chain sees none of it.
      expect((await call(s, s.otherAdmin, 'GET', '/console/api/catalogue')).json, name).toEqual({ items: [], versions: [] });
    }
  });

  it('publishes numbered versions to every store or to chosen stores, audited; stores report back per version', async () => {
    for (const s of setups) {
      const name = s.engine.name;
      const { db } = s.engine;
      const startsAt = '2026-06-02T00:00:00.000Z';
      expect((await call(s, s.admin, 'POST', '/console/api/catalogue/publish', { startsAt })).json, name).toEqual({ version: 1, itemCount: 2 });
      await call(s, s.admin, 'PUT', '/console/api/catalogue/items/MOCHA', { ...latte, name: { 'zh-CN': '摩卡', 'zh-TW': '摩卡', en: 'Mocha' }, active: false });
      const unknown = await call(s, s.admin, 'POST', '/console/api/catalogue/publish', { startsAt, storeIds: ['store-a', 'store-z'] });
      expect(unknown.status, name).toBe(400);
      expect(unknown.json.error.message, name).toMatch(/store-z/);
      expect((await call(s, s.admin, 'POST', '/console/api/catalogue/publish', { startsAt, storeIds: ['store-a'] })).json, name).toEqual({ version: 2, itemCount: 2 });

      // Store A gets both versions, store B only the first; the inactive item travels with active: false.
      const forA = (await changesSince(db, 'chain-c', 0, 100, 'store-a')).changes.filter((c) => c.type === 'catalogue_version');
      const forB = (await changesSince(db, 'chain-c', 0, 100, 'store-b')).changes.filter((c) => c.type === 'catalogue_version');
      expect(forA.map((c) => c.type === 'catalogue_version' && c.body.version), name).toEqual([1, 2]);
      expect(forB.map((c) => c.type === 'catalogue_version' && c.body.version), name).toEqual([1]);
      const v2 = forA[1];
      expect(v2?.type === 'catalogue_version' && v2.body, name).toMatchObject({ startsAt, items: [{ itemId: 'LATTE', active: true }, { itemId: 'MOCHA', active: false }] });
      expect((await changesSince(db, 'chain-d', 0, 100, 'store-z')).changes, name).toEqual([]);

      await recordStoreReports(db, 'chain-c', 'store-a', [
        { eventId: 'e1', kind: 'catalogue.applied', memberId: null, memberSeq: null, schemaVersion: 1, occurredAt: startsAt, payload: { version: 1, startsAt, at: startsAt } },
        { eventId: 'e2', kind: 'catalogue.refused', memberId: null, memberSeq: null, schemaVersion: 1, occurredAt: startsAt, payload: { version: 2, message: 'items.1.name.en: 1–40 characters', at: startsAt } },
      ]);
      await recordStoreReports(db, 'chain-c', 'store-b', [
        { eventId: 'e3', kind: 'catalogue.applied', memberId: null, memberSeq: null, schemaVersion: 1, occurredAt: startsAt, payload: { version: 1, startsAt, at: startsAt } },
      ]);
      const listed = await call(s, s.auditor, 'GET', '/console/api/catalogue');
      expect(listed.json.versions, name).toMatchObject([
        { version: 2, storeIds: ['store-a'], itemCount: 2, storesApplied: [], storesRefused: [{ storeId: 'store-a', message: 'items.1.name.en: 1–40 characters' }], publishedBy: s.admin.staffId, publishedByName: 'Test chain_admin', storeNames: { 'store-a': '一号店' } },
        { version: 1, storeIds: null, itemCount: 2, storesApplied: ['store-a', 'store-b'], storesRefused: [], startsAt, storeNames: { 'store-a': '一号店', 'store-b': '二号店' } },
      ]);
      const audited = await db.query<{ action: string; subject_id: string }>("SELECT action, subject_id FROM hq_audit_log WHERE chain_id = 'chain-c' AND action LIKE 'catalogue.%' ORDER BY audit_id");
      expect(audited.map((a) => `${a.action} ${a.subject_id}`), name).toEqual([
        'catalogue.item_saved LATTE',
        'catalogue.item_saved LATTE',
        'catalogue.item_saved MOCHA',
        'catalogue.published 1',
        'catalogue.item_saved MOCHA',
        'catalogue.published 2',
      ]);
    }
  });
});
