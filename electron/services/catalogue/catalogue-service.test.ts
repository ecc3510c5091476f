import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/result.js';
import { fixedClock } from '../../core/clock.js';
import { openDatabase, type Db } from '../../db/connection.js';
import { DEMO_MENU, seedCatalogueDemo } from '../demo/seed-catalogue-demo.js';
import { listCatalogue, saveItem } from './catalogue-service.js';

let dir: string;
let db: Db;
const clock = fixedClock('2026-03-04T02:00:00Z');
const manager = { staffId: 's1', role: 'manager' as const, displayName: '店长' };
const latte = { name: { 'zh-CN': '拿铁', 'zh-TW': '拿鐵', en: 'Latte' }, priceFen: 2800, category: { 'zh-CN': '咖啡', 'zh-TW': '咖啡', en: 'Coffee' }, isActive: true };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the item catalogue', () => {
  it('adds, changes and deactivates items; inactive ones are listed only for the manager', () => {
    const added = saveItem(db, clock, latte, manager);
    expect(added.itemId).toMatch(/^ITEM-[0-9A-F]{8}$/);
    expect(added).toMatchObject({ name: latte.name, priceFen: 2800, category: latte.category, isActive: true, source: 'store' });
    const changed = saveItem(db, clock, { ...latte, itemId: added.itemId, priceFen: 3000, isActive: false }, manager);
    expect(changed.priceFen).toBe(3000);
    expect(changed.sort).toBe(added.sort);
    expect(listCatalogue(db, false)).toEqual([]);
    expect(listCatalogue(db, true).map((i) => i.itemId)).toEqual([added.itemId]);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'catalogue.save'").pluck().get()).toBe(2);
  });

  it('refuses bad input with a code naming the problem and changes nothing', () => {
    saveItem(db, clock, { ...latte, itemId: 'LATTE' }, manager);
    const before = listCatalogue(db, true);
    expect(codeOf(() => saveItem(db, clock, { ...latte, itemId: 'LATTE', name: { ...latte.name, en: ' ' } }, manager))).toBe('ITEM_NAME_INVALID');
    expect(codeOf(() => saveItem(db, clock, { ...latte, itemId: 'LATTE', priceFen: 12.5 }, manager))).toBe('AMOUNT_INVALID');
    expect(codeOf(() => saveItem(db, clock, { ...latte, itemId: 'LATTE', priceFen: -1 }, manager))).toBe('AMOUNT_INVALID');
    expect(codeOf(() => saveItem(db, clock, { ...latte, itemId: 'LATTE', category: { ...latte.category, 'zh-CN': '' } }, manager))).toBe('CATEGORY_INVALID');
    expect(codeOf(() => saveItem(db, clock, { ...latte, itemId: 'bad id!' }, manager))).toBe('ITEM_ID_INVALID');
    expect(listCatalogue(db, true)).toEqual(before);
  });

  it('the demo menu is seeded once, into an empty catalogue, with the ids the demo purchases use', () => {
    seedCatalogueDemo({ db, clock });
    seedCatalogueDemo({ db, clock });
    const items = listCatalogue(db, false);
    expect(items.map((i) => i.itemId).sort()).toEqual(DEMO_MENU.map((i) => i.itemId).sort());
    // Grouped by category (zh-CN key), in the manager's order within each.
    const categories = items.map((i) => i.category['zh-CN']);
    expect(categories).toEqual([...categories].sort());
  });
});
