import { z } from 'zod';
import { call } from './define.js';
import { memberId, opId } from './members.js';

const consentKind = z.enum(['face', 'photo', 'marketing']);
const consentStateSchema = z.object({
  kind: consentKind,
  granted: z.boolean(),
  textVersion: z.string().nullable(),
  at: z.string().nullable(),
  device: z.string().nullable(),
  hasGuardian: z.boolean(),
});
const receiptSchema = z.object({
  receiptId: z.string(),
  receiptCode: z.string(),
  memberId: z.string(),
  at: z.string(),
  faceTemplatesDeleted: z.number().int(),
  cleared: z.array(z.string()),
});
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const followupAction = z.enum(['called', 'coupon_sent', 'message_sent', 'visited', 'other']);

/** Consent and erasure, churn follow-up, dashboards, the audit log and the data overview. */
export const managerCalls = {
  /**
   * Separate, explicit consent (face before enrolment; guardian for under-14: GUARDIAN_REQUIRED).
   * Face consent for a member without a birthday needs a guardian or `adultAttested` (AGE_ATTESTATION_REQUIRED).
   */
  'consent.grant': call(
    z
      .object({
        opId,
        memberId,
        kind: consentKind,
        textVersion: z.string(),
        device: z.string().max(100).optional(),
        guardian: z.object({ name: z.string(), relation: z.string() }).strict().optional(),
        /** The person consenting confirmed they are 14 or older (asked when no birthday was given). */
        adultAttested: z.boolean().optional(),
      })
      .strict(),
    consentStateSchema,
  ),
  /** Withdrawal; for face consent the templates are deleted at once. */
  'consent.withdraw': call(z.object({ opId, memberId, kind: consentKind }).strict(), consentStateSchema.extend({ faceTemplatesDeleted: z.number().int() }), 'staff'),
  'consent.get': call(z.object({ memberId }).strict(), z.array(consentStateSchema), 'staff'),
  'members.erase': call(z.object({ opId, memberId, reason: z.string() }).strict(), receiptSchema, 'manager'),
  'members.getErasureReceipt': call(z.object({ memberId }).strict(), receiptSchema, 'manager'),
  'churn.list': call(
    z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.array(
      z.object({
        memberId: z.string(),
        name: z.string().nullable(),
        maskedPhone: z.string().nullable(),
        tier: z.string(),
        lastVisitAt: z.string(),
        flaggedAt: z.string(),
        daysInactive: z.number().int(),
        value12mFen: z.number().int(),
        isTopCustomer: z.boolean(),
        followups: z.number().int(),
        firstFollowupAt: z.string().nullable(),
        respondedInTime: z.boolean(),
        overdue: z.boolean(),
      }),
    ),
    'manager',
  ),
  'churn.stats': call(
    z.object({}).strict(),
    z.object({ atRisk: z.number().int(), followedUp: z.number().int(), respondedInTime: z.number().int(), overdue: z.number().int(), responseRate: z.number() }),
    'manager',
  ),
  'churn.recordFollowup': call(
    z.object({ opId, memberId, action: followupAction, result: z.string(), note: z.string().optional() }).strict(),
    z.object({ followupId: z.string(), flaggedAt: z.string(), at: z.string() }),
    'manager',
  ),
  /** The whole phone number to call an at-risk member (audited). */
  'churn.revealPhone': call(z.object({ memberId }).strict(), z.object({ phone: z.string() }), 'manager'),
  'dashboard.get': call(
    z.object({ period: z.enum(['day', 'week', 'month']), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
    z.object({
      period: z.enum(['day', 'week', 'month']),
      from: z.string(),
      to: z.string(),
      activeMembers: z.number().int(),
      purchases: z.number().int(),
      revenueFen: z.number().int(),
      checkins: z.number().int(),
      averageTicketFen: z.number().int(),
      purchasers: z.number().int(),
      repurchaseRate: z.number(),
      churnRate: z.number(),
      checkinsPerHour: z.array(z.number().int()).length(24),
      series: z.array(z.object({ date: z.string(), purchases: z.number().int(), revenueFen: z.number().int(), checkins: z.number().int() })),
    }),
    'manager',
  ),
  /** Newest first, paged by id; filters by member, action, staff member and store-local dates (inclusive). */
  'audit.list': call(
    z
      .object({
        memberId: memberId.optional(),
        beforeId: z.number().int().optional(),
        action: z.string().min(1).max(40).optional(),
        staffId: z.string().min(1).max(64).optional(),
        fromDate: localDate.optional(),
        toDate: localDate.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    z.array(
      z.object({
        id: z.number().int(),
        at: z.string(),
        staffId: z.string().nullable(),
        role: z.string().nullable(),
        action: z.string(),
        memberId: z.string().nullable(),
        detail: z.record(z.string(), z.unknown()),
        staffName: z.string().nullable(),
        memberName: z.string().nullable(),
        memberCode: z.string().nullable(),
      }),
    ),
    'manager',
  ),
  /** Members by status, active face consents, and people with face data against the 100,000 filing threshold. */
  'manager.dataOverview': call(
    z.object({}).strict(),
    z.object({
      members: z.object({ active: z.number().int(), erased: z.number().int(), merged: z.number().int() }),
      faceConsentsActive: z.number().int(),
      peopleWithFaceData: z.number().int(),
      filingThreshold: z.number().int(),
      mustFile: z.boolean(),
    }),
    'manager',
  ),
};
