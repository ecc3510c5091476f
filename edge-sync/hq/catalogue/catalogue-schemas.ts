import { z } from 'zod';
import { wireTime } from '../../protocol/bounds.js';
import { CATALOGUE_ITEM_ID, CATALOGUE_MAX_PRICE_FEN, localizedText40 } from '../../protocol/catalogue-wire.js';

/**
 * Request and response bodies of the console's Items page (docs/hq-console-api.md, "Item catalogue").
 * zod only, so the console's browser bundle can import the types. Item fields are checked with the
 * very rules stores apply (edge-sync/protocol/catalogue-wire.ts).
 */
const storeId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

export const catalogueItemParamsSchema = z.object({ itemId: z.string().regex(CATALOGUE_ITEM_ID, 'itemId: 1–40 letters, digits, - or _') }).strict();

export const catalogueItemSaveSchema = z
  .object({
    name: localizedText40,
    priceFen: z.number().int('priceFen: whole fen').min(0).max(CATALOGUE_MAX_PRICE_FEN),
    category: localizedText40,
    /** Position within its category; a new item goes last when omitted, a changed one keeps its place. */
    sort: z.number().int().min(0).max(1_000_000).optional(),
    active: z.boolean(),
  })
  .strict();
export type CatalogueItemSave = z.output<typeof catalogueItemSaveSchema>;

const localized = z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), en: z.string() });
export const hqCatalogueItemSchema = z.object({
  itemId: z.string(),
  name: localized,
  priceFen: z.number().int(),
  category: localized,
  sort: z.number().int(),
  active: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type HqCatalogueItem = z.output<typeof hqCatalogueItemSchema>;

export const catalogueVersionViewSchema = z.object({
  version: z.number().int(),
  startsAt: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** The publishing staff member's display name (null: no staff member of the chain has that id). */
  publishedByName: z.string().nullable(),
  /** null: every store of the chain. */
  storeIds: z.array(z.string()).nullable(),
  itemCount: z.number().int(),
  storesApplied: z.array(z.string()),
  storesRefused: z.array(z.object({ storeId: z.string(), message: z.string() })),
  /** Names of every store named above (storeIds, storesApplied, storesRefused), id → name; an id that is no store of the chain has none. */
  storeNames: z.record(z.string(), z.string()),
});
export type CatalogueVersionView = z.output<typeof catalogueVersionViewSchema>;

export const catalogueResponseSchema = z.object({
  items: z.array(hqCatalogueItemSchema),
  /** Newest first. */
  versions: z.array(catalogueVersionViewSchema),
});
export type CatalogueResponse = z.output<typeof catalogueResponseSchema>;

export const cataloguePublishRequestSchema = z
  .object({
    startsAt: wireTime(),
    /** Omitted or null: every store of the chain; otherwise these stores only (each must be the chain's). */
    storeIds: z.array(storeId).min(1).max(1000).nullable().optional(),
  })
  .strict();
export type CataloguePublishRequest = z.output<typeof cataloguePublishRequestSchema>;
export const cataloguePublishResponseSchema = z.object({ version: z.number().int(), itemCount: z.number().int() });
