import { z } from 'zod';

/**
 * Request and response schemas of the console's dashboard, stores, devices and provisioning-token
 * routes (docs/hq-console-api.md, "Dashboard, stores and devices"). Only zod here, so the console's
 * browser bundle can import the types.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');
const storeId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const iso = z.string();
const count = z.number().int();

export const FACE_DATA_FILING_THRESHOLD = 100_000;

export const dashboardQuerySchema = z
  .object({
    storeId: storeId.optional(),
    grain: z.enum(['day', 'week', 'month']).default('day'),
    /** First and last local day of the range (inclusive); default: the last 30 days, 12 weeks or 12 months up to today. */
    from: day.optional(),
    to: day.optional(),
  })
  .strict();
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;

export const dashboardPointSchema = z.object({
  /** First day of the period: the day, the Monday of the week, the 1st of the month. */
  period: day,
  /** Members joined up to the period's end (cumulative). */
  members: count,
  activeMembers: count,
  checkIns: count,
  /** Net of refunds. */
  revenueFen: count,
  tickets: count,
  averageTicketFen: count,
  repurchaseRate: z.number().min(0).max(1),
  churnRate: z.number().min(0).max(1),
});
export type DashboardPoint = z.output<typeof dashboardPointSchema>;

export const dashboardResponseSchema = z.object({
  /** storeName beside storeId (null for the whole chain): the console shows names, ids as tooltips. */
  scope: z.object({ storeId: storeId.nullable(), storeName: z.string().nullable() }),
  grain: z.enum(['day', 'week', 'month']),
  series: z.array(dashboardPointSchema),
  /** tierId null: members whose tier HQ has not been told. */
  tierDistribution: z.array(z.object({ tierId: z.string().nullable(), members: count })),
  pointsLiability: z.object({ outstandingPoints: count, valueFen: count }),
  faceData: z.object({ people: count, threshold: z.number().int(), byStore: z.array(z.object({ storeId, storeName: z.string(), people: count })) }),
});
export type DashboardResponse = z.output<typeof dashboardResponseSchema>;

export const storeSummarySchema = z.object({
  storeId,
  name: z.string(),
  devices: count,
  lastContactAt: iso.nullable(),
  syncLagSeconds: count.nullable(),
  parkedEvents: count,
  pendingEvents: count,
  appVersions: z.array(z.string()),
  modelVersions: z.array(z.string()),
  rulesVersion: count.nullable(),
  rulesRefusal: z.object({ version: count, message: z.string() }).nullable(),
  faceDataPeople: count,
});
export const storesResponseSchema = z.object({ stores: z.array(storeSummarySchema) });
export type StoresResponse = z.output<typeof storesResponseSchema>;

export const storeParamsSchema = z.object({ storeId }).strict();

export const deviceSummarySchema = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  createdAt: iso,
  revokedAt: iso.nullable(),
  lastContactAt: iso.nullable(),
  syncLagSeconds: count.nullable(),
  pendingEvents: count.nullable(),
  parkedEvents: count.nullable(),
  appVersion: z.string().nullable(),
  modelVersion: z.string().nullable(),
});
export const devicesResponseSchema = z.object({ devices: z.array(deviceSummarySchema) });
export type DevicesResponse = z.output<typeof devicesResponseSchema>;

export const tokenSummarySchema = z.object({
  tokenId: z.string(),
  createdAt: iso,
  expiresAt: iso,
  maxUses: count,
  uses: count,
  revokedAt: iso.nullable(),
  note: z.string().nullable(),
});
export const tokensResponseSchema = z.object({ tokens: z.array(tokenSummarySchema) });
export type TokensResponse = z.output<typeof tokensResponseSchema>;

export const createTokenBodySchema = z
  .object({ ttlHours: z.number().int().min(1).max(720), maxUses: z.number().int().min(1).max(50), note: z.string().max(200).optional() })
  .strict();
export const createTokenResponseSchema = z.object({ tokenId: z.string(), token: z.string(), expiresAt: iso });
export type CreateTokenResponse = z.output<typeof createTokenResponseSchema>;

export const tokenParamsSchema = z.object({ storeId, tokenId: z.string().min(1).max(64) }).strict();
export const okResponseSchema = z.object({ ok: z.literal(true) });
