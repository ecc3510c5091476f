import { z } from 'zod';
import { call } from './define.js';
import { loyaltyRulesSchema } from './loyalty-rules.js';
import { memberId, opId } from './members.js';

const hqRulesVersionSchema = z.object({ version: z.number().int(), startsAt: z.string(), publishedAt: z.string() });

export const ledgerKindSchema = z.enum(['earn', 'checkin', 'birthday', 'referral', 'redeem', 'refund', 'expire', 'adjust', 'merge_in', 'merge_out']);

export const loyaltyCalls = {
  /**
   * The rules in force. `hqVersion`: the HQ-published version in force (issue 13), null while the configured
   * preset applies; `scheduledHqVersions` start later (store clock); `refusedHqVersions` failed this store's schema.
   */
  'loyalty.getRules': call(
    z.object({}).strict(),
    z.object({
      preset: z.string(),
      isCustom: z.boolean(),
      rules: loyaltyRulesSchema,
      hqVersion: hqRulesVersionSchema.nullable(),
      scheduledHqVersions: z.array(hqRulesVersionSchema),
      refusedHqVersions: z.array(z.object({ version: z.number().int(), message: z.string() })),
      /** Issue 15: the store's own version in force (null: none, or an HQ version wins); `isHqManaged`: HQ pushed a version, local edits are refused. */
      localVersion: z.object({ version: z.number().int(), startsAt: z.string() }).nullable(),
      isHqManaged: z.boolean(),
    }),
    'staff',
  ),
  'loyalty.getHistory': call(
    z.object({ memberId, limit: z.number().int().min(1).max(500).default(50) }).strict(),
    z.array(z.object({ entryId: z.number().int(), delta: z.number().int(), kind: ledgerKindSchema, reason: z.string().nullable(), expiresAt: z.string().nullable(), at: z.string() })),
    'staff',
  ),
  /** A manager's correction with a reason (POINTS_INVALID, REASON_REQUIRED, INSUFFICIENT_POINTS). */
  'loyalty.adjustPoints': call(
    z.object({ opId, memberId, delta: z.number(), reason: z.string() }).strict(),
    z.object({ entryId: z.number().int(), balanceAfter: z.number().int() }),
    'manager',
  ),
  'loyalty.issueCoupon': call(
    z.object({ opId, memberId, title: z.string(), amountOffFen: z.number(), minSpendFen: z.number().optional(), validDays: z.number().optional(), source: z.string().max(40).optional() }).strict(),
    z.object({ couponId: z.string(), expiresAt: z.string().nullable() }),
    'manager',
  ),
  /** Runs the periodic jobs now: points expiry, tier re-evaluation, retention. */
  'loyalty.runMaintenance': call(
    z.object({}).strict(),
    z.object({ expiredMembers: z.number().int(), expiredPoints: z.number().int(), tiersEvaluated: z.number().int(), tiersChanged: z.number().int(), erasedByRetention: z.number().int(), auditRowsDeleted: z.number().int(), faceRejectionsExpired: z.number().int() }),
    'manager',
  ),
};
