import { z } from 'zod';
import { call } from './define.js';

/**
 * Members: join, look up, edit, merge, member QR codes, the cashier's member card and the kiosk
 * greeting. String fields the service checks itself (names, phones, notes) are deliberately loose
 * here, so bad input gets the service's specific code (NAME_INVALID, PHONE_INVALID, NOTES_TOO_LONG …).
 */
export const opId = z.string().min(1).max(100);
export const memberId = z.string().min(1).max(64);
const localizedName = z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), en: z.string() });

export const memberViewSchema = z.object({
  memberId: z.string(),
  memberCode: z.string(),
  name: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  birthday: z.string().nullable(),
  tier: z.string(),
  tierName: z.string(),
  status: z.enum(['active', 'merged', 'erased']),
  pointsBalance: z.number().int(),
  allergies: z.string(),
  notes: z.string(),
  tags: z.array(z.string()),
  preferences: z.record(z.string(), z.string()),
  createdAt: z.string(),
  lastVisitAt: z.string().nullable(),
});

export const benefitViewSchema = z.object({
  id: z.string(),
  name: localizedName,
  kind: z.enum(['discount_percent', 'fast_lane', 'early_booking_minutes', 'free_service', 'birthday_bonus']),
  value: z.number().int(),
});


const habitText = z.object({ 'zh-CN': z.string(), en: z.string() });
export const habitSuggestionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekday_item'), sku: z.string(), name: z.string(), weekday: z.number().int(), support: z.number().int(), confidence: z.number(), text: habitText }),
  z.object({ kind: z.literal('time_of_day'), bucket: z.enum(['morning', 'midday', 'afternoon', 'evening', 'night']), support: z.number().int(), confidence: z.number(), text: habitText }),
  z.object({
    kind: z.literal('repurchase_cycle'),
    sku: z.string(),
    name: z.string(),
    everyDays: z.number().int(),
    support: z.number().int(),
    confidence: z.number(),
    nextDueDate: z.string(),
    text: habitText,
  }),
]);

export const greetingSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  tier: z.string(),
  tierName: localizedName,
  points: z.number().int(),
  benefitsToday: z.array(benefitViewSchema),
  streakDays: z.number().int(),
  checkedInToday: z.boolean(),
  isBirthdayMonth: z.boolean(),
  showBirthdayGreeting: z.boolean(),
  /** Joined today and not active before: greeted with a welcome, not a welcome back. */
  isFirstVisit: z.boolean(),
  /** Up to two of the member's regular habits ("usually an iced americano on Wednesdays"). */
  suggestions: z.array(habitSuggestionSchema),
});

export const memberCardSchema = z.object({
  member: memberViewSchema,
  progress: z.object({
    spend12mFen: z.number().int(),
    visits12m: z.number().int(),
    nextTier: z.string().nullable(),
    spendToNextFen: z.number().int().nullable(),
    visitsToNext: z.number().int().nullable(),
  }),
  pointsValueFen: z.number().int(),
  coupons: z.array(
    z.object({
      couponId: z.string(),
      title: z.string(),
      kind: z.enum(['amount', 'percent']),
      amountOffFen: z.number().int().nullable(),
      percentOff: z.number().int().nullable(),
      maxOffFen: z.number().int().nullable(),
      minSpendFen: z.number().int(),
      validFrom: z.string().nullable(),
      expiresAt: z.string().nullable(),
      isUsableNow: z.boolean(),
    }),
  ),
  isBirthdayMonth: z.boolean(),
  benefitsToday: z.array(benefitViewSchema),
  streakDays: z.number().int(),
  checkedInToday: z.boolean(),
  recentVisits: z.array(z.string()),
  favouriteItems: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.number().int() })),
  suggestions: z.array(habitSuggestionSchema),
});

const memberFields = {
  name: z.string(),
  phone: z.string(),
  birthday: z.string().nullable().optional(),
  allergies: z.string().optional(),
  notes: z.string().optional(),
  tags: z.array(z.string()).optional(),
  preferences: z.record(z.string(), z.string()).optional(),
};

export const membersCalls = {
  /** Join (kiosk self-registration or cashier). Face enrolment is separate and needs consent. */
  'members.create': call(z.object({ opId, ...memberFields, referrerPhone: z.string().optional() }).strict(), memberViewSchema),
  'members.update': call(
    z.object({ opId, memberId, changes: z.object({ ...memberFields, name: z.string().optional(), phone: z.string().optional() }).strict() }).strict(),
    memberViewSchema,
    'staff',
  ),
  'members.get': call(z.object({ memberId }).strict(), memberViewSchema, 'staff'),
  'members.search': call(z.object({ query: z.string(), limit: z.number().int().min(1).max(100).default(20) }).strict(), z.array(memberViewSchema), 'staff'),
  /** Phone entry (whole or last four digits); MEMBER_AMBIGUOUS lists masked candidates to choose from. */
  'members.lookupByPhone': call(z.object({ phone: z.string(), memberId: memberId.optional() }).strict(), memberViewSchema, 'staff'),
  /** Everything the cashier sees for the member in front of them (audited). */
  'members.getCard': call(z.object({ memberId }).strict(), memberCardSchema, 'staff'),
  /** The kiosk greets the member a face session confirmed (name, tier, points, today's benefits, streak). */
  'members.getGreeting': call(z.object({ faceSessionId: z.string().min(1).max(200) }).strict(), greetingSchema),
  /** A signed, expiring member QR code (shown on the kiosk or printed). */
  'members.issueCode': call(z.object({ memberId }).strict(), z.object({ code: z.string(), expiresAt: z.string() }), 'staff'),
  /** The long-lived member card code (MC1: receipts, printable card); no personal data in it. */
  'members.getCardCode': call(z.object({ memberId }).strict(), z.object({ code: z.string(), issuedAt: z.string() }), 'staff'),
  /** Staff revoke a lost card: the old card code stops working (MEMBER_CODE_REVOKED), a new one is returned. */
  'members.revokeCardCode': call(z.object({ memberId }).strict(), z.object({ code: z.string(), issuedAt: z.string() }), 'staff'),
  /** The join-done screen: the card code of the member this kiosk client has just created (FORBIDDEN otherwise). */
  'members.getJoinCardCode': call(z.object({ memberId }).strict(), z.object({ code: z.string(), issuedAt: z.string() })),
  /** The member of a scanned member QR code, without checking in (the cashier opens the member; MEMBER_CODE_INVALID / _EXPIRED). */
  'members.resolveCode': call(z.object({ code: z.string().min(1).max(2000) }).strict(), memberViewSchema, 'staff'),
  /** The manager's member list: filters (tier, last visit, face data, search text), one page at a time. */
  'members.browse': call(
    z
      .object({
        tier: z.string().min(1).max(40).optional(),
        visited: z.enum(['any', 'within7', 'within30', 'over30', 'over90', 'never']).default('any'),
        hasFace: z.boolean().optional(),
        query: z.string().max(100).optional(),
        page: z.number().int().min(0).max(100_000).default(0),
        pageSize: z.number().int().min(1).max(100).default(25),
      })
      .strict(),
    z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), members: z.array(memberViewSchema.extend({ hasFace: z.boolean() })) }),
    'manager',
  ),
  'members.merge': call(z.object({ opId, keepId: memberId, mergeId: memberId }).strict(), memberViewSchema, 'manager'),
};

export const membersEvents = {
  /** A check-in happened on this device (the cashier console brings that member up). */
  'members.checkedIn': z.object({
    memberId: z.string(),
    checkinId: z.string(),
    method: z.enum(['face', 'phone', 'qr', 'staff']),
    alreadyCheckedIn: z.boolean(),
    at: z.string(),
    /** How sure the face engine was (cosine similarity of the match); null for phone, QR and staff check-ins. */
    faceConfidence: z.number().nullable(),
  }),
};
