import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_POINTS_DELTA, int32, uint32, wireTime } from './bounds.js';
import { WIRE_VERSION } from './wire.js';

/**
 * The member bank's device endpoints (issue 13), signed like every other /v1 call:
 *   POST /v1/members/lookup  a member of any store of the chain, by phone, member number or card code
 *   POST /v1/redemptions     HQ authorises a redemption against the chain balance, idempotent by opId
 * Strict, bounded objects only, like the rest of the wire: no free-form field can carry a template.
 */
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'id characters');
const storeId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

/** An MC1 member card code (`MC1.<cardId>.<keyVersion>.<signature>`), as typed or scanned. */
export const CARD_CODE = /^MC1\.[A-Za-z0-9_-]{8,40}\.\d{1,4}\.[A-Za-z0-9_-]{8,64}$/;

/**
 * What HQ knows of a card code: the SHA-256 of the whole code (base64url, 43 characters). The store
 * sends it in member.card_issued; HQ hashes a presented code the same way, so only the whole valid
 * code (signature included) finds the member, and neither the code nor the store's key is at HQ.
 */
export function cardCodeHash(code: string): string {
  return createHash('sha256').update(code.trim()).digest('base64url');
}

export const memberLookupRequestSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    /** A mainland mobile number; HQ compares its keyed hash, never stores it in clear. */
    phone: z.string().regex(/^1\d{10}$/).optional(),
    /** The printable member number (M…) or an MC1 card code. */
    memberCode: z.string().min(1).max(120).regex(/^[A-Za-z0-9._-]+$/).optional(),
  })
  .strict()
  .refine((r) => (r.phone === undefined) !== (r.memberCode === undefined), { message: 'give exactly one of phone and memberCode', path: ['phone'] });
export type MemberLookupRequest = z.output<typeof memberLookupRequestSchema>;

/** The non-biometric profile and the chain balance: no face, no full phone number. */
export const bankMemberSchema = z
  .object({
    memberId: id,
    memberCode: z.string().max(64).nullable(),
    displayName: z.string().max(100),
    phoneMasked: z.string().max(20).regex(/^[0-9*+ -]*$/),
    tierId: id.nullable(),
    homeStoreId: storeId.nullable(),
    pointsBalance: int32(),
  })
  .strict();
export type BankMember = z.output<typeof bankMemberSchema>;

export const memberLookupResponseSchema = z.object({ v: z.literal(WIRE_VERSION), member: bankMemberSchema.nullable(), hqTime: wireTime() }).strict();
export type MemberLookupResponse = z.output<typeof memberLookupResponseSchema>;

export const redemptionRequestSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    /** One per redemption, minted by the store; a retry with the same op id gets the first answer. */
    opId: id,
    memberId: id,
    points: z.number().int().min(1).max(MAX_POINTS_DELTA),
    reason: z.string().max(200),
  })
  .strict();
export type RedemptionRequest = z.output<typeof redemptionRequestSchema>;

export const redemptionResponseSchema = z
  .object({
    v: z.literal(WIRE_VERSION),
    opId: id,
    status: z.enum(['authorised', 'insufficient']),
    /** The chain balance after this redemption (authorised) or as it stands (insufficient). */
    balance: int32(),
    /**
     * The downlink change that carries this balance (0 when none was written): a store's balance
     * copy older than it does not include this redemption yet.
     */
    changeSeq: uint32(),
    hqTime: wireTime(),
  })
  .strict();
export type RedemptionResponse = z.output<typeof redemptionResponseSchema>;
