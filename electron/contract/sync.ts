import { z } from 'zod';
import { call } from './define.js';

/**
 * Sync with head office: upload status (pending, oldest pending age, last success/error), parked
 * events (kept, never dropped; the manager sees them), a manual "sync now", and the member bank's
 * spendable points at this store. Nothing here carries biometric data.
 */
export const uploadStatusSchema = z.object({
  state: z.enum(['idle', 'uploading', 'backing_off', 'not_provisioned', 'stopped']),
  pending: z.number().int(),
  parked: z.number().int(),
  oldestPendingAgeMs: z.number().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /** When the current streak of failed uploads began ("HQ unreachable since"); null once HQ acknowledges an upload. */
  unreachableSince: z.string().nullable(),
});

export const syncStatusSchema = z.object({
  hqConfigured: z.boolean(),
  provisioned: z.boolean(),
  deviceId: z.string().nullable(),
  storeId: z.string().nullable(),
  upload: uploadStatusSchema,
  downlinkCursor: z.number().int(),
  lastDownlinkAt: z.string().nullable(),
  clockOffsetMs: z.number(),
});

export const parkedEventSchema = z.object({
  eventId: z.string(),
  kind: z.string(),
  memberId: z.string().nullable(),
  occurredAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});

export const memberBankSchema = z.object({
  memberId: z.string(),
  hqBalance: z.number().int().nullable(),
  hqBalanceSyncedAt: z.string().nullable(),
  unsyncedEarned: z.number().int(),
  unsyncedRedeemed: z.number().int(),
  spendable: z.number().int(),
  basis: z.enum(['online', 'offline']),
});

export const syncCalls = {
  'sync.getStatus': call(z.object({}).strict(), syncStatusSchema),
  'sync.listParked': call(z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(), z.array(parkedEventSchema), 'manager'),
  'sync.syncNow': call(z.object({}).strict(), syncStatusSchema, 'staff'),
  /**
   * The renderer heard the platform's network change (the window's `online` event): a hint, never
   * an order. Public because the kiosk page has no session; harmless because the uploader probes
   * HQ at most once per hq.recoveryProbeMinIntervalMs whoever calls, and only while backing off.
   */
  'sync.networkChanged': call(z.object({ online: z.boolean() }).strict(), z.object({ probe: z.enum(['now', 'scheduled', 'none']) })),
  'sync.getMemberBank': call(z.object({ memberId: z.string().min(1).max(64) }).strict(), memberBankSchema, 'staff'),
};

export const syncEvents = {
  'sync.uploadStatus': uploadStatusSchema,
};
