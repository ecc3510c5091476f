import { randomBytes, randomUUID } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { audit } from '../audit/audit-log.js';
import { localParts } from '../membership-kernel/local-time.js';
import { countMembers, getMember, markMemberErased } from '../members/member-repository.js';
import { requireActiveMember } from '../members/member-service.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { blankResultsOf, runOnce } from '../membership-kernel/op-ids.js';
import {
  checkpointWal,
  countCurrentGrants,
  erasureReceiptFor,
  inactiveMembersSince,
  insertConsent,
  insertErasureReceipt,
  latestConsent,
  scrubConsentPersonalData,
  scrubFollowupNotes,
  voidCoupons,
  type ConsentKind,
} from './consent-repository.js';

/** Under this age a guardian must consent to face recognition (PIPL: personal information of minors under 14). */
export const GUARDIAN_AGE = 14;
/** Stores holding face data of this many people must file with the regulator. */
export const FACE_FILING_THRESHOLD = 100_000;

export function ageOn(birthday: string, today: string): number {
  const [by, bm, bd] = birthday.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export interface ConsentInput {
  opId: string;
  memberId: string;
  kind: ConsentKind;
  textVersion: string;
  device?: string | undefined;
  guardian?: { name: string; relation: string } | undefined;
  /** The person consenting confirmed they are at least GUARDIAN_AGE; required for face when no birthday is known. */
  adultAttested?: boolean | undefined;
}

export interface ConsentState {
  kind: ConsentKind;
  granted: boolean;
  textVersion: string | null;
  at: string | null;
  device: string | null;
  hasGuardian: boolean;
}

export function grantConsent(env: MembershipEnv, input: ConsentInput, by: StaffSession | null): ConsentState {
  if (typeof input.textVersion !== 'string' || !/^[\w.-]{1,40}$/.test(input.textVersion)) {
    throw new AppError('CONSENT_TEXT_VERSION_INVALID', 'The consent text version is required (letters, digits, . _ -)');
  }
  const guardian = input.guardian;
  if (guardian && (guardian.name.trim().length < 1 || guardian.name.length > 40 || guardian.relation.trim().length < 1 || guardian.relation.length > 20)) {
    throw new AppError('GUARDIAN_INVALID', 'Guardian name (1–40) and relation (1–20) are required');
  }
  const now = env.clock.now();
  const device = (input.device ?? env.device).slice(0, 100);
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'consent.grant', { ...input, opId: undefined }, now, (): ConsentState => {
      const m = requireActiveMember(env, input.memberId);
      const today = localParts(now, env.timeZone).date;
      // The guardian rule holds whether or not a birthday was given: without one, the person must
      // attest to being 14 or older, or a guardian consents (issue 14, P3).
      if (input.kind === 'face' && !guardian) {
        if (m.birthday && ageOn(m.birthday, today) < GUARDIAN_AGE) throw new AppError('GUARDIAN_REQUIRED', 'A guardian must consent for a member under 14');
        if (!m.birthday && input.adultAttested !== true) {
          throw new AppError('AGE_ATTESTATION_REQUIRED', 'Without a birthday, face consent needs a guardian or a confirmation of being 14 or older');
        }
      }
      const at = now.toISOString();
      insertConsent(env.db, {
        member_id: m.id,
        kind: input.kind,
        action: 'grant',
        text_version: input.textVersion,
        device,
        guardian_name: guardian?.name.trim() ?? null,
        guardian_relation: guardian?.relation.trim() ?? null,
        staff_id: by?.staffId ?? null,
        at,
      });
      appendOutboxEvent(
        env.db,
        'consent.changed',
        { memberId: m.id, kind: input.kind, action: 'grant', textVersion: input.textVersion, device, hasGuardian: guardian !== undefined, at },
        { memberId: m.id, occurredAt: now },
      );
      audit(env.db, now, by, 'consent.grant', m.id, {
        kind: input.kind,
        textVersion: input.textVersion,
        ...(input.kind === 'face' && !guardian && !m.birthday ? { adultAttested: true } : {}),
      });
      return consentState(env, m.id, input.kind);
    }),
  )();
}

/** Withdrawal: recorded, and for face consent the templates are deleted in the same step. */
export function withdrawConsent(
  env: MembershipEnv,
  input: { opId: string; memberId: string; kind: ConsentKind },
  by: StaffSession | null,
): ConsentState & { faceTemplatesDeleted: number } {
  const now = env.clock.now();
  const state = env.db.transaction(() =>
    runOnce(env.db, input.opId, 'consent.withdraw', { memberId: input.memberId, kind: input.kind }, now, () => {
      const m = requireActiveMember(env, input.memberId);
      const current = latestConsent(env.db, m.id, input.kind);
      if (!current || current.action !== 'grant') throw new AppError('CONSENT_NOT_GRANTED', 'There is no consent to withdraw');
      const at = now.toISOString();
      insertConsent(env.db, {
        member_id: m.id,
        kind: input.kind,
        action: 'withdraw',
        text_version: current.text_version,
        device: env.device,
        guardian_name: null,
        guardian_relation: null,
        staff_id: by?.staffId ?? null,
        at,
      });
      const faceTemplatesDeleted = input.kind === 'face' ? env.deps.eraseFaceData(m.id) : 0;
      appendOutboxEvent(
        env.db,
        'consent.changed',
        { memberId: m.id, kind: input.kind, action: 'withdraw', textVersion: current.text_version, device: env.device, hasGuardian: false, at },
        { memberId: m.id, occurredAt: now },
      );
      audit(env.db, now, by, 'consent.withdraw', m.id, { kind: input.kind, faceTemplatesDeleted });
      return { ...consentState(env, m.id, input.kind), faceTemplatesDeleted };
    }),
  )();
  if (input.kind === 'face') checkpointWal(env.db);
  return state;
}

export function consentState(env: MembershipEnv, memberId: string, kind: ConsentKind): ConsentState {
  const c = latestConsent(env.db, memberId, kind);
  return {
    kind,
    granted: c?.action === 'grant',
    textVersion: c?.text_version ?? null,
    at: c?.at ?? null,
    device: c?.device ?? null,
    hasGuardian: c?.guardian_name != null,
  };
}

/** The face engine asks this before every enrolment. */
export function hasFaceConsent(env: MembershipEnv, memberId: string): boolean {
  const m = getMember(env.db, memberId);
  return m?.status === 'active' && latestConsent(env.db, memberId, 'face')?.action === 'grant';
}

export interface ErasureReceipt {
  receiptId: string;
  receiptCode: string;
  memberId: string;
  at: string;
  faceTemplatesDeleted: number;
  cleared: string[];
}

const CLEARED = ['name', 'phone', 'birthday', 'preferences', 'allergies', 'notes', 'tags', 'guardian', 'followup_notes', 'coupons', 'stored_results', 'face_templates'];

/**
 * Erasure: face templates (through the face engine), then every personal field; the pseudonymous
 * id stays so sales and the points ledger still add up, and HQ is told to erase its copy too.
 */
export function eraseMember(env: MembershipEnv, input: { opId: string; memberId: string; reason: string }, by: StaffSession | null): ErasureReceipt {
  if (typeof input.reason !== 'string' || input.reason.trim().length < 1 || input.reason.length > 200) throw new AppError('REASON_REQUIRED', 'Erasure needs a reason of 1–200 characters');
  const now = env.clock.now();
  const receipt = env.db.transaction(() =>
    runOnce(env.db, input.opId, 'members.erase', { memberId: input.memberId, reason: input.reason }, now, (): ErasureReceipt => {
      const m = requireActiveMember(env, input.memberId);
      const faceTemplatesDeleted = env.deps.eraseFaceData(m.id);
      const at = now.toISOString();
      markMemberErased(env.db, m.id, at);
      scrubConsentPersonalData(env.db, m.id);
      scrubFollowupNotes(env.db, m.id);
      blankResultsOf(env.db, m.id);
      voidCoupons(env.db, m.id);
      const receiptId = randomUUID();
      const receiptCode = `ER-${randomBytes(5).toString('hex').toUpperCase()}`;
      insertErasureReceipt(env.db, { id: receiptId, memberId: m.id, receiptCode, reason: input.reason.trim(), faceTemplatesDeleted, cleared: CLEARED, staffId: by?.staffId ?? null, at });
      appendOutboxEvent(env.db, 'member.erased', { memberId: m.id, receiptId, reason: input.reason.trim().slice(0, 200), faceTemplatesDeleted, at }, { memberId: m.id, occurredAt: now });
      audit(env.db, now, by, 'member.erase', m.id, { receiptId, faceTemplatesDeleted });
      return { receiptId, receiptCode, memberId: m.id, at, faceTemplatesDeleted, cleared: CLEARED };
    }),
  )();
  // After the commit: the log outside the backups learns of it, and the WAL frames that still hold
  // the erased rows' old page versions are checkpointed away (secure_delete zeroed them in the pages).
  env.deps.recordErasure(receipt.memberId, receipt.at);
  checkpointWal(env.db);
  return receipt;
}

export function erasureReceipt(env: MembershipEnv, memberId: string): ErasureReceipt {
  const r = erasureReceiptFor(env.db, memberId);
  if (!r) throw new AppError('NOT_FOUND', 'No erasure receipt for this member');
  return { receiptId: r.id, receiptCode: r.receipt_code, memberId, at: r.at, faceTemplatesDeleted: r.face_templates_deleted, cleared: JSON.parse(r.cleared) as string[] };
}

/** The retention timer: erases members inactive beyond the configured period (1095 days by default; null turns it off). */
export function runRetention(env: MembershipEnv): { erased: number } {
  const days = env.rules.retention.inactiveMemberEraseDays;
  if (days === null) return { erased: 0 };
  const now = env.clock.now();
  const ids = inactiveMembersSince(env.db, new Date(now.getTime() - days * 86_400_000).toISOString());
  for (const id of ids) eraseMember(env, { opId: `retention:${id}`, memberId: id, reason: `retention: inactive ${days} days` }, null);
  return { erased: ids.length };
}

export interface DataOverview {
  members: { active: number; erased: number; merged: number };
  faceConsentsActive: number;
  peopleWithFaceData: number;
  filingThreshold: number;
  mustFile: boolean;
}

export function dataOverview(env: MembershipEnv): DataOverview {
  const people = env.deps.countPeopleWithFaceData();
  return {
    members: countMembers(env.db),
    faceConsentsActive: countCurrentGrants(env.db, 'face'),
    peopleWithFaceData: people,
    filingThreshold: FACE_FILING_THRESHOLD,
    mustFile: people >= FACE_FILING_THRESHOLD,
  };
}
