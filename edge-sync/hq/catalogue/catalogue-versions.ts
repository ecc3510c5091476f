import { catalogueItemsSchema, type CatalogueItemWire } from '../../protocol/catalogue-wire.js';
import { recordHqAudit } from '../audit/hq-audit.js';
import { namesFor, staffNamesOf, storeNamesOf } from '../chain-names.js';
import type { HqDb } from '../db/hq-db.js';
import { appendChange } from '../hq-downlink.js';
import { anyOf, listParam, parseJson } from '../hq-sql.js';
import { HqHttpError } from '../http/hq-app.js';
import type { CatalogueItemSave, CatalogueResponse, CatalogueVersionView, HqCatalogueItem } from './catalogue-schemas.js';

/**
 * The chain's item catalogue at HQ (issue 15 item 3). The console edits the working copy item by item
 * (audited `catalogue.item_saved`); publishing numbers a version (1, 2, … per chain), stores every item
 * of the working copy in it, queues a `catalogue_version` change for every store or for the chosen
 * ones, and audits it (`catalogue.published`), all in one transaction. Items are never deleted: an
 * item no longer sold is saved inactive, and stores deactivate it (their history keeps it).
 */

type ItemRow = {
  item_id: string;
  name_zh_cn: string;
  name_zh_tw: string;
  name_en: string;
  price_fen: number;
  category_zh_cn: string;
  category_zh_tw: string;
  category_en: string;
  sort: number;
  active: number;
  updated_at: string | Date;
  updated_by: string;
};

function toItem(r: ItemRow): HqCatalogueItem {
  return {
    itemId: r.item_id,
    name: { 'zh-CN': r.name_zh_cn, 'zh-TW': r.name_zh_tw, en: r.name_en },
    priceFen: Number(r.price_fen),
    category: { 'zh-CN': r.category_zh_cn, 'zh-TW': r.category_zh_tw, en: r.category_en },
    sort: Number(r.sort),
    active: Number(r.active) === 1,
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by,
  };
}

async function itemRows(db: HqDb, chainId: string): Promise<ItemRow[]> {
  return db.query<ItemRow>('SELECT * FROM catalogue_items WHERE chain_id = $1 ORDER BY category_zh_cn, sort, item_id', [chainId]);
}

/** Adds or changes one item of the chain's working catalogue; audited. */
export async function saveHqItem(db: HqDb, input: { chainId: string; itemId: string; item: CatalogueItemSave; staffId: string; now: Date }): Promise<HqCatalogueItem> {
  const { chainId, itemId, item, now } = input;
  return db.tx(async (t) => {
    const existing = await t.query<{ sort: number }>('SELECT sort FROM catalogue_items WHERE chain_id = $1 AND item_id = $2', [chainId, itemId]);
    const count = await t.query<{ n: number }>('SELECT COUNT(*) AS n FROM catalogue_items WHERE chain_id = $1', [chainId]);
    const sort = item.sort ?? (existing[0] ? Number(existing[0].sort) : Number(count[0]?.n ?? 0));
    await t.query(
      `INSERT INTO catalogue_items (chain_id, item_id, name_zh_cn, name_zh_tw, name_en, price_fen, category_zh_cn, category_zh_tw, category_en, sort, active, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (chain_id, item_id) DO UPDATE SET name_zh_cn = excluded.name_zh_cn, name_zh_tw = excluded.name_zh_tw, name_en = excluded.name_en,
         price_fen = excluded.price_fen, category_zh_cn = excluded.category_zh_cn, category_zh_tw = excluded.category_zh_tw, category_en = excluded.category_en,
         sort = excluded.sort, active = excluded.active, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [chainId, itemId, item.name['zh-CN'], item.name['zh-TW'], item.name.en, item.priceFen, item.category['zh-CN'], item.category['zh-TW'], item.category.en, sort, item.active ? 1 : 0, now.toISOString(), input.staffId],
    );
    await recordHqAudit(
      t,
      { chainId, staffId: input.staffId, action: 'catalogue.item_saved', subjectType: 'catalogue', subjectId: itemId, detail: { priceFen: item.priceFen, active: item.active, isNew: existing.length === 0 } },
      now,
    );
    const rows = await t.query<ItemRow>('SELECT * FROM catalogue_items WHERE chain_id = $1 AND item_id = $2', [chainId, itemId]);
    return toItem(rows[0] as ItemRow);
  });
}

/**
 * Publishes the working catalogue as the next version, for every store (`storeIds` null) or the chosen
 * ones. Refuses an empty catalogue and stores that are not the chain's (400 VALIDATION).
 */
export async function publishCatalogue(db: HqDb, input: { chainId: string; startsAt: Date; storeIds: string[] | null; staffId: string; now: Date }): Promise<{ version: number; itemCount: number }> {
  const { chainId, now } = input;
  const storeIds = input.storeIds === null ? null : [...new Set(input.storeIds)].sort();
  return db.tx(async (t) => {
    if (t.dialect === 'postgres') await t.query("SELECT pg_advisory_xact_lock(hashtext('catalogue_versions:' || $1))", [chainId]);
    const items: CatalogueItemWire[] = (await itemRows(t, chainId)).map((r) => {
      const i = toItem(r);
      return { itemId: i.itemId, name: i.name, priceFen: i.priceFen, category: i.category, sort: i.sort, active: i.active };
    });
    // The very check every store makes: what HQ publishes, a store of this version accepts.
    const checked = catalogueItemsSchema.safeParse(items);
    if (!checked.success) throw new HqHttpError(400, 'VALIDATION', `items: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    if (storeIds !== null) {
      const known = await t.query<{ store_id: string }>(`SELECT store_id FROM stores WHERE chain_id = $1 AND ${anyOf(t, 'store_id', 2, storeIds.length)}`, [chainId, ...listParam(t, storeIds)]);
      const missing = storeIds.filter((s) => !known.some((k) => k.store_id === s));
      if (missing.length > 0) throw new HqHttpError(400, 'VALIDATION', `storeIds: not a store of this chain: ${missing.slice(0, 5).join(', ')}`);
    }
    const rows = await t.query<{ v: number | null }>('SELECT MAX(version) AS v FROM catalogue_versions WHERE chain_id = $1', [chainId]);
    const version = Number(rows[0]?.v ?? 0) + 1;
    const startsAt = input.startsAt.toISOString();
    const publishedAt = now.toISOString();
    await t.query(
      'INSERT INTO catalogue_versions (chain_id, version, starts_at, published_at, published_by, store_ids, items) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [chainId, version, startsAt, publishedAt, input.staffId, storeIds === null ? null : JSON.stringify(storeIds), JSON.stringify(checked.data)],
    );
    const body = { version, startsAt, publishedAt, items: checked.data };
    if (storeIds === null) await appendChange(t, chainId, 'catalogue_version', String(version), body, now);
    else for (const storeId of storeIds) await appendChange(t, chainId, 'catalogue_version', String(version), body, now, storeId);
    await recordHqAudit(
      t,
      { chainId, staffId: input.staffId, action: 'catalogue.published', subjectType: 'catalogue', subjectId: String(version), detail: { version, startsAt, items: items.length, stores: storeIds === null ? 'all' : storeIds.join(',').slice(0, 200) } },
      now,
    );
    return { version, itemCount: items.length };
  });
}

/** The working catalogue and every published version with what each store reported. */
export async function readCatalogue(db: HqDb, chainId: string): Promise<CatalogueResponse> {
  const items = (await itemRows(db, chainId)).map(toItem);
  const rows = await db.query<{ version: number; starts_at: string | Date; published_at: string | Date; published_by: string; store_ids: unknown; items: unknown }>(
    'SELECT version, starts_at, published_at, published_by, store_ids, items FROM catalogue_versions WHERE chain_id = $1 ORDER BY version DESC',
    [chainId],
  );
  const reports = await db.query<{ version: number; store_id: string; status: string; message: string | null }>(
    'SELECT version, store_id, status, message FROM catalogue_store_reports WHERE chain_id = $1 ORDER BY store_id',
    [chainId],
  );
  // Store ids sit in each version's JSON list and in the reports; staff by id: both named within the chain.
  const storeName = await storeNamesOf(db, chainId);
  const staffName = await staffNamesOf(db, chainId);
  const versions: CatalogueVersionView[] = rows.map((r) => {
    const mine = reports.filter((x) => Number(x.version) === Number(r.version));
    const storeIds = r.store_ids === null ? null : (parseJson(r.store_ids) as string[]);
    return {
      version: Number(r.version),
      startsAt: new Date(r.starts_at).toISOString(),
      publishedAt: new Date(r.published_at).toISOString(),
      publishedBy: r.published_by,
      publishedByName: staffName(r.published_by),
      storeIds,
      itemCount: (parseJson(r.items) as unknown[]).length,
      storesApplied: mine.filter((x) => x.status === 'applied').map((x) => x.store_id),
      storesRefused: mine.filter((x) => x.status === 'refused').map((x) => ({ storeId: x.store_id, message: x.message ?? '' })),
      storeNames: namesFor([...(storeIds ?? []), ...mine.map((x) => x.store_id)], storeName),
    };
  });
  return { items, versions };
}
