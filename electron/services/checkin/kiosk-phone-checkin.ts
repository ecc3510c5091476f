import { AppError } from '../../contract/result.js';
import { canConfirmLinked, linkedConfirmationMatches } from '../bank/remote-member-lookup.js';
import { findMembersByLast4, getMember, type MemberRow } from '../members/member-repository.js';
import { maskName } from '../members/member-views.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { recordCheckin, type CheckinResult } from './checkin-service.js';
import type { KioskPhoneGate } from './kiosk-phone-gate.js';

/**
 * The kiosk's phone check-in without staff (issue 14, P5): four digits give masked names with
 * choice tokens; the member picks theirs and confirms with the two digits before the last four.
 * Nothing about a member (name, points, habits) is shown before that confirmation.
 */
export interface PhoneChoices {
  choices: Array<{ token: string; maskedName: string }>;
  expiresAt: string;
}

export function phoneChoices(env: MembershipEnv, gate: KioskPhoneGate, clientId: string, digits: unknown): PhoneChoices {
  gate.assertOpen(clientId);
  const entry = typeof digits === 'string' ? digits.replace(/[\s-]/g, '') : '';
  if (!/^\d{4}$/.test(entry)) throw new AppError('PHONE_INVALID', 'Enter the last four digits of the phone number');
  gate.countAttempt(clientId);
  // A member of another store linked here has no phone here: offered only if their whole number was verified here before (keyed hash).
  const rows = findMembersByLast4(env.db, entry).filter((r) => r.phone !== null || canConfirmLinked(env, r.id));
  if (rows.length === 0) throw new AppError('MEMBER_NOT_FOUND', 'No member with these last four digits');
  const { tokens, expiresAt } = gate.issueChoices(
    clientId,
    rows.map((r) => r.id),
  );
  // Sorted by masked name (then token), so the order says nothing about who visited last.
  const choices = rows
    .map((r, i) => ({ token: tokens[i] as string, maskedName: maskName(r.name) }))
    .sort((a, b) => a.maskedName.localeCompare(b.maskedName) || a.token.localeCompare(b.token));
  return { choices, expiresAt: expiresAt.toISOString() };
}

/** The two digits before the last four of an 11-digit mobile number (138 00[13] 8001 → "13"). */
export function confirmationDigitsOf(phone: string): string {
  return phone.slice(-6, -4);
}

export function checkinByPhoneChoice(env: MembershipEnv, gate: KioskPhoneGate, clientId: string, input: { opId: string; token: string; confirmDigits: string }): CheckinResult {
  gate.assertOpen(clientId);
  let memberId: string;
  try {
    memberId = gate.takeChoice(clientId, input.token);
  } catch (error) {
    gate.countAttempt(clientId);
    throw error;
  }
  const member = getMember(env.db, memberId);
  const confirm = typeof input.confirmDigits === 'string' ? input.confirmDigits.trim() : '';
  const matches = (m: MemberRow) => (m.phone !== null ? confirmationDigitsOf(m.phone) === confirm : linkedConfirmationMatches(env, m.id, `${confirm}${m.phone_last4 ?? ''}`));
  if (!member || member.status !== 'active' || !/^\d{2}$/.test(confirm) || !matches(member)) {
    gate.countAttempt(clientId);
    throw new AppError('PHONE_CONFIRM_MISMATCH', 'These digits do not match; enter the number again');
  }
  gate.succeeded(clientId);
  return recordCheckin(env, input.opId, member.id, 'phone');
}
