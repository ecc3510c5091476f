import { randomUUID } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { audit } from '../audit/audit-log.js';
import { localParts } from '../membership-kernel/local-time.js';
import { isCardCode, verifyCardCode } from './member-card-code.js';
import { issueCode, randomMemberNumber, verifyCode } from './member-code.js';
import {
  assertHomeMember,
  findMemberByPhone,
  findMembersByLast4,
  getMember,
  insertMember,
  insertTierHistory,
  memberCodeExists,
  searchMembers,
  updateMemberFields,
  type MemberFieldChanges,
  type MemberRow,
} from './member-repository.js';
import {
  maskPhoneForDisplay,
  normalizePhone,
  validateBirthday,
  validateName,
  validatePreferences,
  validateTags,
  validateText,
} from './member-validation.js';
import { maskName, memberView, type MemberView } from './member-views.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { joinedBy } from '../membership-kernel/join-claims.js';
import { runOnce } from '../membership-kernel/op-ids.js';

export interface CreateMemberInput {
  opId: string;
  name: string;
  phone: string;
  birthday?: string | null | undefined;
  allergies?: string | undefined;
  notes?: string | undefined;
  tags?: string[] | undefined;
  preferences?: Record<string, string> | undefined;
  /** Phone of the member who referred this one (their first purchase earns the referral bonus). */
  referrerPhone?: string | undefined;
}

/** An active member or MEMBER_NOT_FOUND (merged and erased members are not found). */
export function requireActiveMember(env: MembershipEnv, memberId: unknown): MemberRow {
  const row = typeof memberId === 'string' && memberId.length <= 64 ? getMember(env.db, memberId) : undefined;
  if (!row || row.status !== 'active') throw new AppError('MEMBER_NOT_FOUND', 'No such member');
  return row;
}

export function createMember(env: MembershipEnv, input: CreateMemberInput, by: StaffSession | null): MemberView {
  const now = env.clock.now();
  const today = localParts(now, env.timeZone).date;
  const clean = {
    name: validateName(input.name),
    phone: normalizePhone(input.phone),
    birthday: validateBirthday(input.birthday ?? null, today),
    allergies: validateText(input.allergies ?? '', 'allergies'),
    notes: validateText(input.notes ?? '', 'notes'),
    tags: validateTags(input.tags ?? []),
    preferences: validatePreferences(input.preferences ?? {}),
    referrerPhone: input.referrerPhone === undefined ? null : normalizePhone(input.referrerPhone),
  };
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'members.create', clean, now, () => {
      if (findMemberByPhone(env.db, clean.phone)) throw new AppError('MEMBER_PHONE_EXISTS', 'A member with this phone number already exists');
      const referrer = clean.referrerPhone ? findMemberByPhone(env.db, clean.referrerPhone) : undefined;
      if (clean.referrerPhone && !referrer) throw new AppError('REFERRER_NOT_FOUND', 'The referring member was not found');
      const id = randomUUID();
      let memberCode = randomMemberNumber();
      while (memberCodeExists(env.db, memberCode)) memberCode = randomMemberNumber();
      const tier = env.rules.tiers[0]?.id ?? 'basic';
      const at = now.toISOString();
      insertMember(env.db, { id, memberCode, ...clean, tier, referredBy: referrer?.id ?? null, at });
      insertTierHistory(env.db, id, null, tier, 'joined', at);
      appendOutboxEvent(
        env.db,
        'member.created',
        { memberId: id, memberCode, name: clean.name, phone: clean.phone, birthday: clean.birthday, tier, referredBy: referrer?.id ?? null, at },
        { memberId: id, occurredAt: now },
      );
      audit(env.db, now, by, 'member.create', id, { viaKiosk: by === null });
      return memberView(getMember(env.db, id) as MemberRow, env.rules);
    }),
  )();
}

export interface UpdateMemberInput {
  opId: string;
  memberId: string;
  changes: {
    name?: string | undefined;
    phone?: string | undefined;
    birthday?: string | null | undefined;
    allergies?: string | undefined;
    notes?: string | undefined;
    tags?: string[] | undefined;
    preferences?: Record<string, string> | undefined;
  };
}

export function updateMember(env: MembershipEnv, input: UpdateMemberInput, by: StaffSession | null): MemberView {
  const now = env.clock.now();
  const c = input.changes;
  const clean: MemberFieldChanges = {};
  if (c.name !== undefined) clean.name = validateName(c.name);
  if (c.phone !== undefined) clean.phone = normalizePhone(c.phone);
  if (c.birthday !== undefined) clean.birthday = validateBirthday(c.birthday, localParts(now, env.timeZone).date);
  if (c.allergies !== undefined) clean.allergies = validateText(c.allergies, 'allergies');
  if (c.notes !== undefined) clean.notes = validateText(c.notes, 'notes');
  if (c.tags !== undefined) clean.tags = validateTags(c.tags);
  if (c.preferences !== undefined) clean.preferences = validatePreferences(c.preferences);
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'members.update', { memberId: input.memberId, clean }, now, () => {
      requireActiveMember(env, input.memberId);
      assertHomeMember(env.db, input.memberId);
      if (clean.phone !== undefined) {
        const other = findMemberByPhone(env.db, clean.phone);
        if (other && other.id !== input.memberId) throw new AppError('MEMBER_PHONE_EXISTS', 'Another member has this phone number');
      }
      updateMemberFields(env.db, input.memberId, clean, now.toISOString());
      appendOutboxEvent(env.db, 'member.updated', { memberId: input.memberId, changed: clean, at: now.toISOString() }, { memberId: input.memberId, occurredAt: now });
      audit(env.db, now, by, 'member.update', input.memberId, { fields: Object.keys(clean) });
      return memberView(getMember(env.db, input.memberId) as MemberRow, env.rules);
    }),
  )();
}

export interface PhoneCandidate {
  memberId: string;
  maskedName: string;
  maskedPhone: string;
}

/**
 * Finds the member for a phone entry: the whole number, or its last four digits. Several members
 * sharing the last four → MEMBER_AMBIGUOUS with masked candidates; the caller repeats with `memberId`.
 */
export function resolveByPhone(env: MembershipEnv, raw: unknown, chosenId?: string): MemberRow {
  const entry = typeof raw === 'string' ? raw.replace(/[\s-]/g, '') : '';
  if (/^\d{4}$/.test(entry)) {
    const rows = findMembersByLast4(env.db, entry);
    if (rows.length === 0) throw new AppError('MEMBER_NOT_FOUND', 'No member with these last four digits');
    if (chosenId !== undefined) {
      const chosen = rows.find((r) => r.id === chosenId);
      if (!chosen) throw new AppError('MEMBER_NOT_FOUND', 'The chosen member does not match these digits');
      return chosen;
    }
    if (rows.length > 1) {
      const candidates: PhoneCandidate[] = rows.map((r) => ({ memberId: r.id, maskedName: maskName(r.name), maskedPhone: maskPhoneForDisplay(r.phone) ?? `*******${entry}` }));
      throw new AppError('MEMBER_AMBIGUOUS', 'Several members share these digits; choose one', { details: { candidates } });
    }
    return rows[0] as MemberRow;
  }
  const phone = normalizePhone(raw);
  const row = findMemberByPhone(env.db, phone);
  if (!row) throw new AppError('MEMBER_NOT_FOUND', 'No member with this phone number');
  return row;
}

export function issueMemberCode(env: MembershipEnv, memberId: string): { code: string; expiresAt: string } {
  requireActiveMember(env, memberId);
  return issueCode(env.secret(), memberId, env.clock.now(), env.rules.memberCodeTtlSeconds);
}

/**
 * The member id of a valid code of an active member: the long-lived card code (MC1, revocable:
 * MEMBER_CODE_REVOKED) or the short-lived phone code (MK1: MEMBER_CODE_EXPIRED); MEMBER_CODE_INVALID
 * / MEMBER_NOT_FOUND otherwise. Kiosk, scanner and cashier all come through here, so all take both.
 */
export function verifyMemberCode(env: MembershipEnv, code: unknown): string {
  const id = isCardCode(code) ? verifyCardCode(env, code) : verifyCode(env.secret(), code, env.clock.now());
  const row = getMember(env.db, id);
  // A code issued to a duplicate that was merged since still works, for the member kept.
  if (row?.status === 'merged' && row.merged_into) return requireActiveMember(env, row.merged_into).id;
  requireActiveMember(env, id);
  return id;
}

export function findMembers(env: MembershipEnv, query: string, limit: number): MemberView[] {
  const q = query.trim();
  if (q.length < 1 || q.length > 40) throw new AppError('QUERY_INVALID', 'Search for 1–40 characters');
  const digits = q.replace(/[\s-]/g, '');
  const asPhone = /^(\+86)?1[3-9]\d{9}$/.test(digits) ? normalizePhone(digits) : q;
  return searchMembers(env.db, asPhone, limit).map((r) => memberView(r, env.rules));
}

/**
 * The joining flow's window: an active member created within `withinMs` by this very kiosk client
 * (self-service consent and enrolment). A member created by staff, or by another client, is not.
 */
export function isJustJoined(env: MembershipEnv, memberId: string, clientId: string, withinMs = 15 * 60_000): boolean {
  if (joinedBy(env.db, memberId) !== clientId) return false;
  const member = getMember(env.db, memberId);
  if (!member || member.status !== 'active') return false;
  const age = env.clock.now().getTime() - Date.parse(member.created_at);
  return age >= 0 && age <= withinMs;
}
