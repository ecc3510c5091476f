import { z } from 'zod';
import { call } from './define.js';

/**
 * The store's item catalogue (menu): id, a name per language, price in fen, category. The cashier's
 * grid reads it; the manager edits the store's own items, HQ pushes the chain's (read-only here). Purchases carry the item id as `sku`.
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
  /**
   * Head office's catalogue at this store (issue 15): the version in effect, one waiting for its start,
   * the last one refused. `source: 'hq'` items are read-only here; `source: 'store'` ones are the manager's.
   */
  'catalogue.hqStatus': call(
    z.object({}).strict(),
    z.object({
      active: z.object({ version: z.number().int(), startsAt: z.string(), appliedAt: z.string() }).nullable(),
      next: z.object({ version: z.number().int(), startsAt: z.string() }).nullable(),
      refused: z.object({ version: z.number().int(), message: z.string(), refusedAt: z.string() }).nullable(),
    }),
    'staff',
  ),
  /** Adds an item (no `itemId`: one is made) or changes one (ITEM_NAME_INVALID, AMOUNT_INVALID, CATEGORY_INVALID, ITEM_NOT_FOUND, ITEM_FROM_HQ for head office's items). */
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

export const catalogueEvents = {
  /** The catalogue changed under the cashier's grid (an HQ version took effect): list it again. */
  'catalogue.changed': z.object({ hqVersion: z.number().int().nullable() }),
};
