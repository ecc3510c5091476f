import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { isCardCode } from '../members/member-card-code.js';
import type { MemberRow } from '../members/member-repository.js';
import { resolveByPhone, verifyMemberCode } from '../members/member-service.js';
import { normalizePhone } from '../members/member-validation.js';
import type { BankPort } from './member-bank-store.js';
import { findLinkedByPhone, lookupAtHq, type LookupChannel } from './remote-member-lookup.js';

// Where the counter's and the kiosk's lookups fall through to HQ (issue 13, item 5): only what
// identifies one person exactly — the whole phone number, a printed member number, an MC1 card
// code — ever leaves the store; four digits are answered from this store's own members only.

/** A printed member number (member-code.ts: M + 8 of 23456789ABCDEFGHJKLMNPQRSTUVWXYZ). */
const MEMBER_NUMBER = /^M[2-9A-HJ-NP-Z]{8}$/;

function isNotFound(error: unknown, code = 'MEMBER_NOT_FOUND'): error is AppError {
  return error instanceof AppError && error.code === code;
}

/**
 * The member of a phone entry: this store's members (whole number or last four digits), then a
 * linked member of another store whose whole number was verified here before, then HQ.
 */
export async function resolvePhoneAnywhere(
  env: MembershipEnv,
  port: BankPort | null,
  raw: unknown,
  chosenId: string | undefined,
  channel: LookupChannel,
  by: StaffSession | null,
): Promise<MemberRow> {
  try {
    return resolveByPhone(env, raw, chosenId);
  } catch (error) {
    const entry = typeof raw === 'string' ? raw.replace(/[\s-]/g, '') : '';
    if (!isNotFound(error) || /^\d{4}$/.test(entry) || chosenId !== undefined) throw error;
    const phone = normalizePhone(entry);
    return findLinkedByPhone(env, phone) ?? (await lookupAtHq(env, port, { phone }, channel, by, error));
  }
}

/**
 * The member id of a scanned or typed code: this store's own codes first; an MC1 card code this
 * store did not issue (another store's signature or card id) is asked of HQ, which knows the card
 * codes home stores announced (member.card_issued). A code revoked here is not asked about.
 * `beforeHq` runs just before HQ is asked (the kiosk counts the attempt against its rate limit).
 */
export async function resolveCodeAnywhere(
  env: MembershipEnv,
  port: BankPort | null,
  code: string,
  channel: LookupChannel,
  by: StaffSession | null,
  beforeHq: () => void = () => undefined,
): Promise<string> {
  try {
    return verifyMemberCode(env, code);
  } catch (error) {
    if (!isNotFound(error, 'MEMBER_CODE_INVALID') || !isCardCode(code) || !port) throw error;
    beforeHq();
    return (await lookupAtHq(env, port, { memberCode: code.trim() }, channel, by, error)).id;
  }
}

/** A name/number search with nothing found here: a printed member number is asked of HQ (null: not a member number). */
export async function searchMemberNumberAtHq(env: MembershipEnv, port: BankPort | null, query: string, by: StaffSession | null): Promise<MemberRow | null> {
  const code = query.trim().toUpperCase();
  if (!MEMBER_NUMBER.test(code)) return null;
  try {
    return await lookupAtHq(env, port, { memberCode: code }, 'cashier', by, new AppError('MEMBER_NOT_FOUND', 'No member with this number'));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
