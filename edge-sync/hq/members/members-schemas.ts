import { z } from 'zod';
import { eventPayloadSchemas } from '../../protocol/events.js';

// Request and answer schemas of the console's members, member bank and erasure endpoints
// (docs/hq-console-api.md, "Members, member bank and erasure"). zod only, so the console's browser
// bundle can import the inferred types.

const memberId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/);
const time = z.string();

export const memberSearchQuerySchema = z.object({ q: z.string().trim().min(1).max(120) }).strict();

export const memberSummarySchema = z.object({
  memberId: z.string(),
  displayName: z.string(),
  /** Masked for every role: HQ never holds the phone number in clear. */
  phoneMasked: z.string(),
  tierId: z.string().nullable(),
  homeStoreId: z.string().nullable(),
  /** Store names ride beside their ids (null: no store of this chain by that id); the console shows the name, the id as its tooltip. */
  homeStoreName: z.string().nullable(),
});
export const memberSearchAnswerSchema = z.object({ members: z.array(memberSummarySchema) });
export type MemberSummary = z.output<typeof memberSummarySchema>;

/**
 * Every reason a ledger line of the member profile can carry: the store's ledger kinds (the `kind` of
 * points.changed), HQ's own online redemptions (`redeem_online`, booked by bank-redemptions.ts without
 * a store event), and `unknown` for an entry whose event HQ does not hold. The answer's `reason` stays a
 * plain string, so a kind added by a newer store is shown as its code instead of failing the profile.
 */
export const LEDGER_REASONS = [...eventPayloadSchemas['points.changed'].shape.kind.options, 'redeem_online', 'unknown'] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

export const memberParamsSchema = z.object({ memberId }).strict();

export const memberDetailSchema = z.object({
  profile: memberSummarySchema.extend({ memberCode: z.string().nullable(), joinedAt: time.nullable(), birthdayMonth: z.number().int().min(1).max(12).nullable() }),
  balance: z.number().int(),
  tierHistory: z.array(z.object({ at: time, fromTierId: z.string().nullable(), toTierId: z.string(), storeId: z.string(), storeName: z.string().nullable() })),
  /** Newest first, at most 200 entries. `reason`: one of LEDGER_REASONS (a newer store's kind passes through as its code). */
  ledger: z.array(z.object({ at: time, storeId: z.string(), storeName: z.string().nullable(), delta: z.number().int(), reason: z.string(), eventId: z.string() })),
  checkInsByStore: z.array(z.object({ storeId: z.string(), storeName: z.string().nullable(), count: z.number().int(), lastAt: time })),
  /** A negative balance after an offline redemption: at which store, and the balance it left. */
  flags: z.array(z.object({ kind: z.literal('negative_balance'), at: time, detail: z.string(), storeId: z.string(), storeName: z.string().nullable(), balance: z.number().int() })),
});
export type MemberDetail = z.output<typeof memberDetailSchema>;

export const erasureStatusSchema = z.enum(['pending', 'carried_out']);
export const erasureListQuerySchema = z.object({ status: erasureStatusSchema.optional() }).strict();
export const erasureRequestSchema = z.object({
  eventId: z.string(),
  memberId: z.string(),
  /** The store where the member asked, or 'hq' for a request filed from the console. */
  requestedAtStore: z.string(),
  /** null for a request filed at HQ. */
  requestedAtStoreName: z.string().nullable(),
  homeStoreId: z.string(),
  homeStoreName: z.string().nullable(),
  receiptId: z.string(),
  requestedAt: time,
  dueAt: time,
  status: erasureStatusSchema,
  decidedAt: time.nullable(),
});
export const erasureListAnswerSchema = z.object({ requests: z.array(erasureRequestSchema) });
export type ErasureRequestView = z.output<typeof erasureRequestSchema>;

export const erasureFileBodySchema = z.object({ memberId, reason: z.string().max(200).optional() }).strict();
export const erasureFileAnswerSchema = z.object({ eventId: z.string(), receiptId: z.string(), dueAt: time });
export const erasureParamsSchema = z.object({ eventId: z.string().min(1).max(80) }).strict();
export const erasureCompleteAnswerSchema = z.object({ status: z.literal('carried_out'), receiptId: z.string() });

export const bankReviewSchema = z.object({ memberId: z.string(), balance: z.number().int(), at: time, storeId: z.string(), storeName: z.string().nullable(), status: z.string() });
export const bankReviewsAnswerSchema = z.object({ reviews: z.array(bankReviewSchema) });
export type BankReview = z.output<typeof bankReviewSchema>;
