import { z } from 'zod';

/**
 * The chain's item catalogue as HQ publishes it (issue 15 item 3): one schema used by HQ to validate
 * what the console saves and publishes, and by the store to accept a published version whole or
 * refuse it whole. Item ids are what purchases (`sku`), habits and favourites key on, so they never
 * change; an item HQ no longer sells is published with `active: false` (or left out), never deleted.
 */
export const CATALOGUE_ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const CATALOGUE_MAX_PRICE_FEN = 100_000_000;
export const CATALOGUE_MAX_ITEMS = 2_000;
/** Largest items document a version may carry on the wire (its JSON text). */
export const MAX_CATALOGUE_JSON_CHARS = 1_000_000;

const text40 = z
  .string()
  .trim()
  .min(1, '1–40 characters')
  .max(40, '1–40 characters');
export const localizedText40 = z.object({ 'zh-CN': text40, 'zh-TW': text40, en: text40 }).strict();

export const catalogueItemWireSchema = z
  .object({
    itemId: z.string().regex(CATALOGUE_ITEM_ID, '1–40 letters, digits, - or _'),
    name: localizedText40,
    priceFen: z.number().int('whole fen').min(0).max(CATALOGUE_MAX_PRICE_FEN),
    category: localizedText40,
    sort: z.number().int().min(0).max(1_000_000),
    active: z.boolean(),
  })
  .strict();
export type CatalogueItemWire = z.output<typeof catalogueItemWireSchema>;

/** A whole catalogue: at least one item, each id once. */
export const catalogueItemsSchema = z
  .array(catalogueItemWireSchema)
  .min(1, 'at least one item')
  .max(CATALOGUE_MAX_ITEMS)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.itemId)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'itemId'], message: `item id ${item.itemId} appears twice` });
      seen.add(item.itemId);
    });
  });
