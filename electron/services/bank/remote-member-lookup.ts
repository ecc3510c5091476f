import { createHmac } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { HqCallError } from '../../../edge-sync/client/hq-client.js';
import { audit } from '../audit/audit-log.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { getMember, type MemberRow } from '../members/member-repository.js';
import { linkRemoteMember, type BankPort } from './member-bank-store.js';

// Issue 13, item 5: a member of store A is found and served at store B. A phone number, printed
// member number or MC1 card code unknown here is looked up at HQ (when this store is provisioned);
// the member HQ returns is linked here (non-biometric profile, no face, the chain balance) and then
// served like any member. HQ audits its side of every lookup; this store audits its own below
// (action member.remote_lookup: how, where from, and the outcome — never the phone or code).

/** What was typed or scanned: the whole phone number, the printed member number, or an MC1 card code. */
export type RemoteKey = { phone: string } | { memberCode: string };

export type RemoteKeyKind = 'phone' | 'member_code' | 'card';

/** Who asked: the cashier (a staff session) or the unattended kiosk. */
export type LookupChannel = 'cashier' | 'kiosk';

function kindOf(key: RemoteKey): RemoteKeyKind {
  if ('phone' in key) return 'phone';
  return /^MC1\./.test(key.memberCode.trim()) ? 'card' : 'member_code';
}

/** HMAC of a phone number (or its last six digits) under the store's membership secret. */
export function linkKeyHash(env: MembershipEnv, label: 'phone' | 'confirm', value: string): string {
  return createHmac('sha256', env.secret()).update(`member-link:${label}:${value}`).digest('base64url');
}

/** A linked member of another store whose whole number was verified here before (also offline). */
export function findLinkedByPhone(env: MembershipEnv, phone: string): MemberRow | undefined {
  // No linked member with a verified number: nothing to hash (and the store secret is not created for a read).
  if (env.db.prepare('SELECT 1 FROM member_links WHERE phone_hash IS NOT NULL LIMIT 1').get() === undefined) return undefined;
  const row = env.db
    .prepare("SELECT m.* FROM member_links l JOIN members m ON m.id = l.member_id WHERE l.phone_hash = ? AND m.status = 'active'")
    .get(linkKeyHash(env, 'phone', phone)) as MemberRow | undefined;
  return row;
}

/** A linked member the kiosk can confirm (their whole number was verified here once). */
export function canConfirmLinked(env: MembershipEnv, memberId: string): boolean {
  return env.db.prepare('SELECT 1 FROM member_links WHERE member_id = ? AND confirm_hash IS NOT NULL').get(memberId) !== undefined;
}

/** The kiosk's two-digit confirmation for a linked member without a phone here: true when the six digits match. */
export function linkedConfirmationMatches(env: MembershipEnv, memberId: string, lastSix: string): boolean {
  const row = env.db.prepare('SELECT confirm_hash FROM member_links WHERE member_id = ?').get(memberId) as { confirm_hash: string | null } | undefined;
  return typeof row?.confirm_hash === 'string' && row.confirm_hash === linkKeyHash(env, 'confirm', lastSix);
}

/** The home store of a member linked from another store, or null for this store's own members. */
export function homeStoreOf(env: MembershipEnv, memberId: string): string | null {
  const row = env.db.prepare('SELECT home_store_id FROM member_links WHERE member_id = ?').get(memberId) as { home_store_id: string } | undefined;
  return row?.home_store_id ?? null;
}

function recordLookup(env: MembershipEnv, by: StaffSession | null, memberId: string | null, detail: Record<string, string | boolean | null>): void {
  audit(env.db, env.clock.now(), by, 'member.remote_lookup', memberId, detail);
}

/**
 * Asks HQ for a member this store does not know, links them here and returns them; `notFound` is
 * thrown when nobody is known (or this store has no HQ), MEMBER_NOT_FOUND_HQ_UNREACHABLE when HQ
 * could not be asked (the member may exist at another store). A linked member found by their whole number keeps keyed hashes of it here.
 */
export async function lookupAtHq(env: MembershipEnv, port: BankPort | null, key: RemoteKey, channel: LookupChannel, by: StaffSession | null, notFound: AppError): Promise<MemberRow> {
  if (!port) throw notFound;
  const by_ = kindOf(key);
  let answer;
  try {
    answer = await port.lookupMember(key);
  } catch (error) {
    const transient = !(error instanceof HqCallError) || error.isTransient;
    env.db.transaction(() => recordLookup(env, by, null, { by: by_, channel, outcome: transient ? 'unreachable' : 'refused' }))();
    env.log.warn('bank.lookup_failed', { by: by_, channel, error: (error as Error).message.slice(0, 200) });
    throw new AppError('MEMBER_NOT_FOUND_HQ_UNREACHABLE', 'HQ is unreachable and the member was not found at this store', {
      retryable: transient,
      details: { reason: transient ? 'unreachable' : 'refused' },
    });
  }
  const member = answer.member;
  if (!member) {
    env.db.transaction(() => recordLookup(env, by, null, { by: by_, channel, outcome: 'not_found' }))();
    throw notFound;
  }
  return env.db.transaction((): MemberRow => {
    linkRemoteMember(env, member);
    const row = getMember(env.db, member.memberId);
    if (!row || row.status !== 'active') {
      recordLookup(env, by, member.memberId, { by: by_, channel, outcome: 'inactive_here' });
      throw notFound;
    }
    if ('phone' in key && row.phone === null) {
      env.db
        .prepare('UPDATE member_links SET phone_hash = ?, confirm_hash = ? WHERE member_id = ?')
        .run(linkKeyHash(env, 'phone', key.phone), linkKeyHash(env, 'confirm', key.phone.slice(-6)), row.id);
    }
    recordLookup(env, by, row.id, { by: by_, channel, outcome: 'found', homeStoreId: member.homeStoreId });
    return row;
  })();
}
