import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/result.js';
import { fixedClock } from '../../core/clock.js';
import { createMemoryLogger } from '../../core/logger.js';
import { openDatabase, type Db } from '../../db/connection.js';
import { activateDueHqCatalogue, applyHqCatalogueVersion, hqCatalogueStatus } from './catalogue-hq.js';
import { listCatalogue, saveItem } from './catalogue-service.js';

let dir: string;
let db: Db;
const clock = fixedClock('2026-03-04T02:00:00Z');
const log = createMemoryLogger();
const manager = { staffId: 's1', role: 'manager' as const, displayName: '店长' };
const COFFEE = { 'zh-CN': '咖啡', 'zh-TW': '咖啡', en: 'Coffee' };
const item = (itemId: string, zh: string, en: string, priceFen: number, sort = 0, active = true) => ({ itemId, name: { 'zh-CN': zh, 'zh-TW': zh, en }, priceFen, category: COFFEE, sort, active });
const latte = item('LATTE', '拿铁', 'Latte', 2800, 0);
const mocha = item('MOCHA', '摩卡', 'Mocha', 3000, 1);
const version = (v: number, items: unknown, startsAt = '2026-03-04T01:00:00Z') => ({ version: v, startsAt, publishedAt: '2026-03-04T00:00:00Z', items });
const apply = (change: ReturnType<typeof version>) => applyHqCatalogueVersion({ db, clock, log }, change);
const outboxKinds = () => db.prepare('SELECT kind FROM outbox ORDER BY seq').pluck().all();
const byId = () => Object.fromEntries(listCatalogue(db, true).map((i) => [i.itemId, i]));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-hq-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
  clock.set('2026-03-04T02:00:00Z');
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('item catalogue versions from HQ at the store', () => {
  it('applies a version whole: HQ items appear with their ids, the manager\'s own items stay, HQ reported once', () => {
    const local = saveItem(db, clock, { name: { 'zh-CN': '本店特饮', 'zh-TW': '本店特飲', en: 'House special' }, priceFen: 1500, category: COFFEE, isActive: true }, manager);
    expect(apply(version(1, [latte, mocha]))).toBe('stored');
    const items = byId();
    expect(items['LATTE']).toMatchObject({ name: latte.name, priceFen: 2800, isActive: true, source: 'hq' });
    expect(items['MOCHA']).toMatchObject({ source: 'hq', isActive: true });
    expect(items[local.itemId]).toMatchObject({ source: 'store', isActive: true, priceFen: 1500 });
    expect(hqCatalogueStatus(db, clock).active).toMatchObject({ version: 1 });
    expect(outboxKinds()).toEqual(['catalogue.applied']);
    // The same page pulled again (a crash before the cursor was saved) changes nothing.
    expect(apply(version(1, [latte]))).toBe('known');
    expect(outboxKinds()).toEqual(['catalogue.applied']);
    expect(byId()['MOCHA']?.isActive).toBe(true);
  });

  it('keeps ids across versions; an item HQ dropped or deactivated becomes inactive, never deleted', () => {
    apply(version(1, [latte, mocha, item('CROISSANT', '可颂', 'Croissant', 1600, 2)]));
    apply(version(2, [{ ...latte, priceFen: 2900 }, { ...mocha, active: false }]));
    const items = byId();
    expect(items['LATTE']).toMatchObject({ priceFen: 2900, isActive: true });
    expect(items['MOCHA']?.isActive).toBe(false);
    expect(items['CROISSANT']).toMatchObject({ isActive: false, source: 'hq' });
    expect(listCatalogue(db, false).map((i) => i.itemId)).toEqual(['LATTE']);
    expect(db.prepare('SELECT count(*) FROM catalogue_items').pluck().get()).toBe(3);
  });

  it('refuses a version whole when one item fails the schema: nothing changes, the refusal is audited and reported', () => {
    apply(version(1, [latte]));
    const before = listCatalogue(db, true);
    const bad = [{ ...latte, priceFen: 3100 }, { ...mocha, name: { ...mocha.name, en: '' } }];
    expect(apply(version(2, bad))).toBe('refused');
    expect(listCatalogue(db, true)).toEqual(before);
    expect(apply(version(3, [latte, { ...latte }]))).toBe('refused'); // an id twice
    expect(apply(version(4, 'not a list'))).toBe('refused');
    const status = hqCatalogueStatus(db, clock);
    expect(status.active?.version).toBe(1);
    expect(status.refused).toMatchObject({ version: 4 });
    expect(outboxKinds()).toEqual(['catalogue.applied', 'catalogue.refused', 'catalogue.refused', 'catalogue.refused']);
    const refusal = JSON.parse(db.prepare("SELECT payload FROM outbox WHERE kind = 'catalogue.refused' ORDER BY seq LIMIT 1").pluck().get() as string);
    expect(refusal.message).toMatch(/^items\.1\.name\.en: /);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'catalogue.hq_refused'").pluck().get()).toBe(3);
    // A refused version that arrives again is not refused twice.
    expect(apply(version(2, bad))).toBe('known');
  });

  it('a version takes effect at its start on the store\'s clock, not on arrival', () => {
    apply(version(1, [latte]));
    expect(apply(version(2, [latte, mocha], '2026-03-05T00:00:00Z'))).toBe('stored');
    expect(byId()['MOCHA']).toBeUndefined();
    expect(hqCatalogueStatus(db, clock)).toMatchObject({ active: { version: 1 }, next: { version: 2, startsAt: '2026-03-05T00:00:00.000Z' } });
    expect(activateDueHqCatalogue(db, clock)).toBeNull();
    clock.set('2026-03-05T00:00:01Z');
    expect(activateDueHqCatalogue(db, clock)).toBe(2);
    expect(activateDueHqCatalogue(db, clock)).toBeNull();
    expect(byId()['MOCHA']?.isActive).toBe(true);
    expect(hqCatalogueStatus(db, clock)).toMatchObject({ active: { version: 2 }, next: null });
  });

  it('HQ items are read-only at the store; a store item with an HQ item\'s id becomes HQ\'s, keeping its id', () => {
    saveItem(db, clock, { itemId: 'LATTE', name: { 'zh-CN': '拿铁', 'zh-TW': '拿鐵', en: 'Latte' }, priceFen: 2500, category: COFFEE, isActive: true }, manager);
    apply(version(1, [latte]));
    expect(byId()['LATTE']).toMatchObject({ source: 'hq', priceFen: 2800 });
    let code = '';
    try {
      saveItem(db, clock, { itemId: 'LATTE', name: latte.name, priceFen: 1, category: COFFEE, isActive: true }, manager);
    } catch (e) {
      code = e instanceof AppError ? e.code : String(e);
    }
    expect(code).toBe('ITEM_FROM_HQ');
    expect(byId()['LATTE']?.priceFen).toBe(2800);
    const activated = JSON.parse(db.prepare("SELECT detail FROM audit_log WHERE action = 'catalogue.hq_activated'").pluck().get() as string);
    expect(activated).toMatchObject({ version: 1, takenOver: 1 });
  });
});
