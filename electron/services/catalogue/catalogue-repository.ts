import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export interface CatalogueRow {
  id: string;
  name_zh_cn: string;
  name_zh_tw: string;
  name_en: string;
  price_fen: number;
  category_zh_cn: string;
  category_zh_tw: string;
  category_en: string;
  sort: number;
  is_active: 0 | 1;
  source: 'store' | 'hq';
  updated_at: string;
}

export function listItems(db: Db, includeInactive: boolean): CatalogueRow[] {
  return stmt(db, `SELECT * FROM catalogue_items WHERE is_active = 1 OR ? ORDER BY category_zh_cn, sort, id`).all(includeInactive ? 1 : 0) as CatalogueRow[];
}

export function getItem(db: Db, id: string): CatalogueRow | undefined {
  return stmt(db, 'SELECT * FROM catalogue_items WHERE id = ?').get(id) as CatalogueRow | undefined;
}

export function upsertItem(db: Db, r: CatalogueRow): void {
  stmt(
    db,
    `INSERT INTO catalogue_items (id, name_zh_cn, name_zh_tw, name_en, price_fen, category_zh_cn, category_zh_tw, category_en, sort, is_active, source, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name_zh_cn = excluded.name_zh_cn, name_zh_tw = excluded.name_zh_tw, name_en = excluded.name_en,
       price_fen = excluded.price_fen, category_zh_cn = excluded.category_zh_cn, category_zh_tw = excluded.category_zh_tw, category_en = excluded.category_en, sort = excluded.sort, is_active = excluded.is_active,
       source = excluded.source, updated_at = excluded.updated_at`,
  ).run(r.id, r.name_zh_cn, r.name_zh_tw, r.name_en, r.price_fen, r.category_zh_cn, r.category_zh_tw, r.category_en, r.sort, r.is_active, r.source, r.updated_at);
}

export function countItems(db: Db): number {
  return stmt(db, 'SELECT count(*) FROM catalogue_items').pluck().get() as number;
}
