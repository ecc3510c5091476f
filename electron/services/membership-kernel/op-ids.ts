import { createHash } from 'node:crypto';
import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import { stmt } from './statements.js';

/**
 * Idempotent writes: every write call carries a caller-chosen operation id. Inside the write's own
 * transaction we look the id up: same call and content → the stored result (nothing is done again);
 * different content → IDEMPOTENCY_MISMATCH; unknown → run and store the result atomically with it.
 */
export function runOnce<T>(db: Db, opId: string, call: string, request: unknown, now: Date, work: () => T): T {
  if (!db.inTransaction) throw new AppError('INTERNAL', 'runOnce must run inside the write transaction');
  if (typeof opId !== 'string' || opId.length < 1 || opId.length > 100) {
    throw new AppError('OP_ID_INVALID', 'An operation id of 1–100 characters is required');
  }
  const hash = requestHash(call, request);
  const seen = stmt(db, 'SELECT call, request_hash, result FROM op_ids WHERE op_id = ?').get(opId) as
    | { call: string; request_hash: string; result: string }
    | undefined;
  if (seen) {
    if (seen.call !== call || seen.request_hash !== hash) {
      throw new AppError('IDEMPOTENCY_MISMATCH', `Operation ${opId.slice(0, 40)} was already used for a different request`);
    }
    if (seen.result === ERASED_RESULT) throw new AppError('MEMBER_ERASED', 'This operation concerned a member who has since been erased');
    return JSON.parse(seen.result) as T;
  }
  const result = work();
  const described = (result as unknown as { memberId?: unknown } | null)?.memberId;
  const memberId = typeof described === 'string' ? described : null;
  stmt(db, 'INSERT INTO op_ids (op_id, call, request_hash, result, member_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    opId,
    call,
    hash,
    JSON.stringify(result ?? null),
    memberId,
    now.toISOString(),
  );
  return result;
}

const ERASED_RESULT = '{"erased":true}';

/** Erasure: stored results about the member (names, notes in views and greetings) are blanked; their ids stay used. */
export function blankResultsOf(db: Db, memberId: string): void {
  stmt(db, 'UPDATE op_ids SET result = ? WHERE member_id = ?').run(ERASED_RESULT, memberId);
}

export function requestHash(call: string, request: unknown): string {
  return createHash('sha256').update(call).update('\0').update(canonicalJson(request)).digest('hex');
}

/** JSON with sorted keys and undefined dropped, so logically equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
