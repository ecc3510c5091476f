import { z } from 'zod';
import { MAX_POINTS_DELTA, birthdayDay, fenAmount, posInt32, uint32, wireDay, wireTime } from './bounds.js';

/**
 * The non-biometric events a store sends to head office, one strict schema per kind.
 * By construction there is no field that can carry an image or a template: every object is
 * strict (unknown keys rejected), strings are bounded, and no kind has a numeric array.
 * Bump EVENT_SCHEMA_VERSION when a kind changes shape; HQ accepts every version it knows.
 */
export const EVENT_SCHEMA_VERSION = 1;

const id = z.string().min(1).max(64);
const fen = fenAmount;
const isoTime = wireTime();
const shortText = z.string().max(200);

export const eventPayloadSchemas = {
  /** A member checked in (face, phone or QR: identical benefits). */
  'checkin.recorded': z
    .object({
      checkinId: id,
      memberId: id,
      method: z.enum(['face', 'phone', 'qr', 'staff']),
      at: isoTime,
      localDate: wireDay(),
      streakDays: uint32(),
      pointsAwarded: uint32(),
    })
    .strict(),

  /**
   * A check-in removed at the store (the cashier's "not this member" after a wrong match): HQ stops
   * counting that visit. Its points come back separately as a `points.changed`. No free-text reason
   * travels: the cashier's words stay in the store's audit log.
   */
  'checkin.voided': z
    .object({
      checkinId: id,
      memberId: id,
      /** The store-local day of the voided check-in, so day rollups take it off the right day. */
      localDate: wireDay(),
      pointsReversed: uint32(),
      at: isoTime,
    })
    .strict(),

  // ---- membership (electron/services/members … ); personal data but never biometric ----
  'member.created': z
    .object({
      memberId: id,
      memberCode: id,
      name: z.string().max(40),
      phone: z.string().regex(/^1\d{10}$/),
      birthday: birthdayDay().nullable(),
      tier: id,
      referredBy: id.nullable(),
      at: isoTime,
    })
    .strict(),
  'member.updated': z
    .object({
      memberId: id,
      changed: z
        .object({
          name: z.string().max(40).optional(),
          phone: z.string().regex(/^1\d{10}$/).optional(),
          birthday: birthdayDay().nullable().optional(),
          allergies: z.string().max(500).optional(),
          notes: z.string().max(2000).optional(),
          tags: z.array(z.string().max(20)).max(20).optional(),
          preferences: z
            .record(z.string().max(40), z.string().max(200))
            .refine((r) => Object.keys(r).length <= 30, 'at most 30 preferences')
            .optional(),
        })
        .strict(),
      at: isoTime,
    })
    .strict(),
  'member.merged': z.object({ keptId: id, mergedId: id, pointsMoved: uint32(), at: isoTime }).strict(),
  'member.erased': z
    .object({ memberId: id, receiptId: id, reason: shortText, faceTemplatesDeleted: uint32(), at: isoTime })
    .strict(),
  'tier.changed': z.object({ memberId: id, fromTier: id.nullable(), toTier: id, reason: shortText, at: isoTime }).strict(),
  'points.changed': z
    .object({
      entryId: posInt32(),
      memberId: id,
      delta: z.number().int().min(-MAX_POINTS_DELTA).max(MAX_POINTS_DELTA),
      kind: z.enum(['earn', 'checkin', 'birthday', 'referral', 'redeem', 'refund', 'expire', 'adjust', 'merge_in', 'merge_out']),
      balanceAfter: uint32(),
      ref: shortText.nullable(),
      reason: shortText.nullable(),
      at: isoTime,
      /** Member bank (issue 13): the redemption's op id, the one HQ authorised (or the store booked offline). */
      opId: id.optional(),
      /** Member bank: booked while HQ was unreachable, within the store's offline allowance. */
      offline: z.boolean().optional(),
    })
    .strict(),
  'purchase.recorded': z
    .object({
      purchaseId: id,
      memberId: id,
      at: isoTime,
      localDate: wireDay(),
      totalFen: fen(),
      discountFen: fen(),
      couponId: id.nullable(),
      couponFen: fen(),
      pointsRedeemed: uint32(),
      redeemedFen: fen(),
      paidFen: fen(),
      pointsEarned: uint32(),
      items: z
        .array(z.object({ sku: z.string().min(1).max(40), name: z.string().min(1).max(80), qty: z.number().int().min(1).max(100_000), unitPriceFen: fen() }).strict())
        .max(200),
    })
    .strict(),
  'purchase.refunded': z
    .object({
      refundId: id,
      purchaseId: id,
      memberId: id,
      amountFen: fen(),
      pointsReversed: uint32(),
      pointsRestored: uint32(),
      reason: shortText,
      at: isoTime,
    })
    .strict(),
  'coupon.issued': z
    .object({ couponId: id, memberId: id, title: z.string().max(60), amountOffFen: fen().min(1), minSpendFen: fen(), source: z.string().max(40), expiresAt: isoTime.nullable(), at: isoTime })
    .strict(),
  'consent.changed': z
    .object({
      memberId: id,
      kind: z.enum(['face', 'photo', 'marketing']),
      action: z.enum(['grant', 'withdraw']),
      textVersion: z.string().max(40),
      device: z.string().max(100),
      hasGuardian: z.boolean(),
      at: isoTime,
    })
    .strict(),
  'churn.followup': z
    .object({
      followupId: id,
      memberId: id,
      action: z.enum(['called', 'coupon_sent', 'message_sent', 'visited', 'other']),
      result: shortText,
      flaggedAt: isoTime,
      at: isoTime,
    })
    .strict(),

  // ---- rules versions published by HQ (issue 13): what the store did with one; no member ----
  /** The store validated and stored a published rules version; it is active from `startsAt` (the store's clock). */
  'rules.applied': z.object({ version: posInt32(), startsAt: isoTime, at: isoTime }).strict(),
  /** The store refused a published rules version whole (it failed the store's schema); HQ shows the message. */
  'rules.refused': z.object({ version: posInt32(), message: z.string().min(1).max(300), at: isoTime }).strict(),

  // ---- item catalogue versions published by HQ (issue 15): what the store did with one; no member ----
  /** The store validated and stored a catalogue version whole; its items take effect from `startsAt` (the store's clock). */
  'catalogue.applied': z.object({ version: posInt32(), startsAt: isoTime, at: isoTime }).strict(),
  /** The store refused a catalogue version whole (it failed the store's schema); HQ shows the message. */
  'catalogue.refused': z.object({ version: posInt32(), message: z.string().min(1).max(300), at: isoTime }).strict(),
} as const;

export type EventKind = keyof typeof eventPayloadSchemas;
export type EventPayload<K extends EventKind> = z.output<(typeof eventPayloadSchemas)[K]>;

export function isEventKind(kind: unknown): kind is EventKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(eventPayloadSchemas, kind);
}

/**
 * The member an event's payload is about (`keptId` for a merge): the envelope's memberId must be
 * this one, or HQ would order the event under one member and apply it to another.
 */
export function payloadMemberOf(kind: string, payload: unknown): string | null {
  if (payload === null || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const v = kind === 'member.merged' ? p['keptId'] : p['memberId'];
  return typeof v === 'string' ? v : null;
}
