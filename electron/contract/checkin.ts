import { z } from 'zod';
import { call } from './define.js';
import { greetingSchema, memberId, opId } from './members.js';

/** Check-in by face, phone or member QR code: identical benefits whatever the method. */
export const checkinResultSchema = z.object({
  checkinId: z.string(),
  memberId: z.string(),
  method: z.enum(['face', 'phone', 'qr', 'staff']),
  alreadyCheckedIn: z.boolean(),
  streakDays: z.number().int(),
  pointsAwarded: z.number().int(),
  birthdayBonusPoints: z.number().int(),
  balanceAfter: z.number().int(),
  tierChangedTo: z.string().nullable(),
  greeting: greetingSchema,
});

export const checkinCalls = {
  /** The face engine confirmed `memberId` in `faceSessionId`; the session is verified again here. */
  'checkin.byFace': call(z.object({ opId, memberId, faceSessionId: z.string().min(1).max(200) }).strict(), checkinResultSchema),
  /**
   * Whole number or last four digits; with several matches, repeat with the chosen `memberId`.
   * Without staff only the whole number is accepted (PHONE_CONFIRMATION_REQUIRED): the kiosk uses
   * checkin.phoneChoices + checkin.byPhoneChoice. Rate-limited per kiosk client (KIOSK_COOLDOWN).
   */
  'checkin.byPhone': call(z.object({ opId, phone: z.string(), memberId: memberId.optional() }).strict(), checkinResultSchema),
  /**
   * Kiosk: last four digits → masked names, each with an opaque choice token (never a member id).
   * Counts as an attempt; KIOSK_COOLDOWN (details.retryAfterSeconds) after too many.
   */
  'checkin.phoneChoices': call(
    z.object({ digits: z.string() }).strict(),
    z.object({ choices: z.array(z.object({ token: z.string(), maskedName: z.string() })), expiresAt: z.string() }),
  ),
  /** Kiosk: the chosen token plus the two digits before the last four (PHONE_CONFIRM_MISMATCH, CHOICE_EXPIRED, KIOSK_COOLDOWN). */
  'checkin.byPhoneChoice': call(z.object({ opId, token: z.string().min(1).max(100), confirmDigits: z.string() }).strict(), checkinResultSchema),
  /** A scanned member QR code (MEMBER_CODE_EXPIRED / MEMBER_CODE_INVALID). */
  'checkin.byCode': call(z.object({ opId, code: z.string() }).strict(), checkinResultSchema),
  'checkin.byStaff': call(z.object({ opId, memberId }).strict(), checkinResultSchema, 'staff'),
  /** "Not this member": removes a check-in awarded to the wrong member, with its points (CHECKIN_NOT_FOUND once voided). */
  'checkin.void': call(
    z.object({ opId, checkinId: z.string().min(1).max(64), reason: z.string() }).strict(),
    z.object({ checkinId: z.string(), memberId: z.string(), pointsReversed: z.number().int(), pointsNotRecovered: z.number().int() }),
    'staff',
  ),
};
