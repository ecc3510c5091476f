import { z } from 'zod';
import { call } from './define.js';

/**
 * The store's item catalogue (menu): id, a name per language, price in fen, category. The cashier's
 * grid reads it; the manager edits it (HQ may push it later). Purchases carry the item id as `sku`.
 */
const localizedItemName = z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), en: z.string() }).strict();

export const catalogueItemSchema = z.object({
  itemId: z.string(),
  name: z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), en: z.string() }),
  priceFen: z.number().int(),
  category: z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), en: z.string() }),
  sort: z.number().int(),
  isActive: z.boolean(),
  source: z.enum(['store', 'hq']),
  updatedAt: z.string(),
});

export const catalogueCalls = {
  /** Active items by category and sort order (inactive too with `includeInactive`, for the manager). */
  'catalogue.list': call(z.object({ includeInactive: z.boolean().default(false) }).strict(), z.array(catalogueItemSchema), 'staff'),
  /** Adds an item (no `itemId`: one is made) or changes one (ITEM_NAME_INVALID, AMOUNT_INVALID, CATEGORY_INVALID, ITEM_NOT_FOUND). */
  'catalogue.upsert': call(
    z
      .object({
        itemId: z.string().max(40).optional(),
        name: localizedItemName,
        priceFen: z.number(),
        category: localizedItemName,
        sort: z.number().int().optional(),
        isActive: z.boolean().default(true),
      })
      .strict(),
    catalogueItemSchema,
    'manager',
  ),
};
