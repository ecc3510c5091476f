import { randomBytes } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import type { Clock } from '../../core/clock.js';
import { audit } from '../audit/audit-log.js';
import { countItems, getItem, listItems, upsertItem, type CatalogueRow } from './catalogue-repository.js';

export interface CatalogueItem {
  itemId: string;
  name: { 'zh-CN': string; 'zh-TW': string; en: string };
  priceFen: number;
  category: { 'zh-CN': string; 'zh-TW': string; en: string };
  sort: number;
  isActive: boolean;
  source: 'store' | 'hq';
  updatedAt: string;
}

export interface ItemInput {
  itemId?: string | undefined;
  name: { 'zh-CN': string; 'zh-TW': string; en: string };
  priceFen: number;
  category: { 'zh-CN': string; 'zh-TW': string; en: string };
  sort?: number | undefined;
  isActive: boolean;
}

/** Item ids are what purchases and habits key on: short, printable, stable. */
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const MAX_PRICE_FEN = 100_000_000;

function toItem(r: CatalogueRow): CatalogueItem {
  return {
    itemId: r.id,
    name: { 'zh-CN': r.name_zh_cn, 'zh-TW': r.name_zh_tw, en: r.name_en },
    priceFen: r.price_fen,
    category: { 'zh-CN': r.category_zh_cn, 'zh-TW': r.category_zh_tw, en: r.category_en },
    sort: r.sort,
    isActive: r.is_active === 1,
    source: r.source,
    updatedAt: r.updated_at,
  };
}

function cleanText(value: unknown, code: string, what: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length < 1 || text.length > 40) throw new AppError(code, `${what}: 1–40 characters`);
  return text;
}

export function listCatalogue(db: Db, includeInactive: boolean): CatalogueItem[] {
  return listItems(db, includeInactive).map(toItem);
}

/** Adds or changes an item; bad input names its field and changes nothing. */
export function saveItem(db: Db, clock: Clock, input: ItemInput, by: StaffSession | null, source: 'store' | 'hq' = 'store'): CatalogueItem {
  const name = {
    'zh-CN': cleanText(input.name['zh-CN'], 'ITEM_NAME_INVALID', 'Item name (zh-CN)'),
    'zh-TW': cleanText(input.name['zh-TW'], 'ITEM_NAME_INVALID', 'Item name (zh-TW)'),
    en: cleanText(input.name.en, 'ITEM_NAME_INVALID', 'Item name (en)'),
  };
  const category = {
    'zh-CN': cleanText(input.category['zh-CN'], 'CATEGORY_INVALID', 'Category (zh-CN)'),
    'zh-TW': cleanText(input.category['zh-TW'], 'CATEGORY_INVALID', 'Category (zh-TW)'),
    en: cleanText(input.category.en, 'CATEGORY_INVALID', 'Category (en)'),
  };
  if (!Number.isSafeInteger(input.priceFen) || input.priceFen < 0 || input.priceFen > MAX_PRICE_FEN) {
    throw new AppError('AMOUNT_INVALID', 'priceFen must be a whole number of fen, 0 or more', { details: { field: 'priceFen' } });
  }
  if (input.itemId !== undefined && !ITEM_ID.test(input.itemId)) throw new AppError('ITEM_ID_INVALID', 'Item ids are 1–40 letters, digits, - or _');
  const now = clock.now().toISOString();
  return db.transaction(() => {
    const existing = input.itemId ? getItem(db, input.itemId) : undefined;
    // Head office's items are changed at head office (a store price override is not part of the product brief).
    if (existing?.source === 'hq' && source === 'store') throw new AppError('ITEM_FROM_HQ', 'This item comes from head office: change it there');
    const id = input.itemId ?? `ITEM-${randomBytes(4).toString('hex').toUpperCase()}`;
    const row: CatalogueRow = {
      id,
      name_zh_cn: name['zh-CN'],
      name_zh_tw: name['zh-TW'],
      name_en: name.en,
      price_fen: input.priceFen,
      category_zh_cn: category['zh-CN'],
      category_zh_tw: category['zh-TW'],
      category_en: category.en,
      sort: input.sort ?? existing?.sort ?? countItems(db),
      is_active: input.isActive ? 1 : 0,
      source,
      updated_at: now,
    };
    upsertItem(db, row);
    audit(db, clock.now(), by, 'catalogue.save', null, { itemId: id, priceFen: row.price_fen, isActive: input.isActive, isNew: existing === undefined });
    return toItem(row);
  })();
}
