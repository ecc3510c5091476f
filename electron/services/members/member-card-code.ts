import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { cardCodeHash } from '../../../edge-sync/protocol/member-bank-wire.js';
import { audit } from '../audit/audit-log.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { stmt } from '../membership-kernel/statements.js';

/**
 * The long-lived, revocable member card code (issue 14): `MC1.<cardId>.<keyVersion>.<HMAC>` for
 * receipts, the join screen and a printable card. The card id is random (no personal data); the HMAC
 * key is derived from the store secret per key version, so the key can be rotated; revocation by
 * staff retires the card and issues a new one. Short-lived `MK1` codes stay for phones.
 */
export const CARD_PREFIX = 'MC1';
/** The key version new cards are signed with; older versions still verify until retired. */
export const CARD_KEY_VERSION = 1;
const SIG_BYTES = 16;

interface CardRow {
  card_id: string;
  member_id: string;
  key_version: number;
  issued_at: string;
  revoked_at: string | null;
  announced_at: string | null;
}

function cardKey(secret: Buffer, version: number): Buffer {
  return createHmac('sha256', secret).update(`member-card-key:v${version}`).digest();
}

function sign(secret: Buffer, cardId: string, version: number): string {
  return createHmac('sha256', cardKey(secret, version)).update(`${CARD_PREFIX}.${cardId}.${version}`).digest().subarray(0, SIG_BYTES).toString('base64url');
}

function codeOf(secret: Buffer, row: Pick<CardRow, 'card_id' | 'key_version'>): string {
  return `${CARD_PREFIX}.${row.card_id}.${row.key_version}.${sign(secret, row.card_id, row.key_version)}`;
}

function currentCard(db: Db, memberId: string): CardRow | undefined {
  return stmt(db, 'SELECT * FROM member_cards WHERE member_id = ? AND revoked_at IS NULL').get(memberId) as CardRow | undefined;
}

/** A new card, announced to HQ when the member is this store's own (see announceCard). */
function insertCard(env: MembershipEnv, memberId: string, at: Date): CardRow {
  const row: CardRow = { card_id: randomBytes(12).toString('base64url'), member_id: memberId, key_version: CARD_KEY_VERSION, issued_at: at.toISOString(), revoked_at: null, announced_at: null };
  stmt(env.db, 'INSERT INTO member_cards (card_id, member_id, key_version, issued_at) VALUES (?, ?, ?, ?)').run(row.card_id, row.member_id, row.key_version, row.issued_at);
  announceCard(env, row, at);
  return row;
}

/**
 * For this store's own members HQ is told of the card (member.card_issued: the SHA-256 of the whole
 * code, never the code or the key), so it finds them at every store of the chain; a card issued
 * before this existed is announced the next time it is shown. A member of another store linked
 * here gets a card that works here only: their cards are their home store's.
 */
function announceCard(env: MembershipEnv, row: CardRow, at: Date): void {
  if (row.announced_at !== null || stmt(env.db, 'SELECT 1 FROM member_links WHERE member_id = ?').get(row.member_id) !== undefined) return;
  const codeHash = cardCodeHash(codeOf(env.secret(), row));
  appendOutboxEvent(env.db, 'member.card_issued', { memberId: row.member_id, codeHash, keyVersion: row.key_version, at: row.issued_at }, { memberId: row.member_id, occurredAt: at });
  stmt(env.db, 'UPDATE member_cards SET announced_at = ? WHERE card_id = ?').run(at.toISOString(), row.card_id);
}

export interface CardCode {
  code: string;
  issuedAt: string;
}

/** The member's current card code, issued on first use. The caller checked the member is active. */
export function memberCardCode(env: MembershipEnv, memberId: string): CardCode {
  return env.db.transaction((): CardCode => {
    const current = currentCard(env.db, memberId);
    if (current) announceCard(env, current, env.clock.now());
    const row = current ?? insertCard(env, memberId, env.clock.now());
    return { code: codeOf(env.secret(), row), issuedAt: row.issued_at };
  })();
}

/** Staff revoke a lost or shared card: the old code stops working and the member gets a new one. */
export function revokeMemberCard(env: MembershipEnv, memberId: string, by: StaffSession): CardCode {
  return env.db.transaction((): CardCode => {
    const now = env.clock.now();
    stmt(env.db, 'UPDATE member_cards SET revoked_at = ?, revoked_by = ? WHERE member_id = ? AND revoked_at IS NULL').run(now.toISOString(), by.staffId, memberId);
    const row = insertCard(env, memberId, now);
    audit(env.db, env.clock.now(), by, 'member.card_revoked', memberId);
    return { code: codeOf(env.secret(), row), issuedAt: row.issued_at };
  })();
}

export function isCardCode(code: unknown): code is string {
  return typeof code === 'string' && code.trim().startsWith(`${CARD_PREFIX}.`);
}

/** The member id of a valid, unrevoked card code (MEMBER_CODE_INVALID / MEMBER_CODE_REVOKED). */
export function verifyCardCode(env: MembershipEnv, code: string): string {
  const parts = code.trim().split('.');
  if (code.length > 200 || parts.length !== 4 || parts[0] !== CARD_PREFIX) throw new AppError('MEMBER_CODE_INVALID', 'Not a member code');
  const [, cardId, v, sig] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9_-]{16}$/.test(cardId) || !/^[1-9]\d{0,3}$/.test(v)) throw new AppError('MEMBER_CODE_INVALID', 'Not a member code');
  const version = Number(v);
  const expected = Buffer.from(sign(env.secret(), cardId, version), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('MEMBER_CODE_INVALID', 'Member code signature is not valid');
  const row = stmt(env.db, 'SELECT * FROM member_cards WHERE card_id = ?').get(cardId) as CardRow | undefined;
  if (!row || row.key_version !== version) throw new AppError('MEMBER_CODE_INVALID', 'Not a member code of this store');
  if (row.revoked_at !== null) throw new AppError('MEMBER_CODE_REVOKED', 'This member card was replaced; ask staff for the new one');
  return row.member_id;
}
