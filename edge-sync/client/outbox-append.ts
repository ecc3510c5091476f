import { randomUUID } from 'node:crypto';
import type { SyncDb } from './sync-db.js';
import { EVENT_SCHEMA_VERSION, eventPayloadSchemas, type EventKind, type EventPayload } from '../protocol/events.js';
import { findTemplateLikeData } from '../protocol/biometric-scan.js';

/**
 * A caller broke the outbox's rules: outside the state change's transaction, a payload off the wire
 * schema, or template-like data. That is a bug in the caller, never the user's doing, so it is a
 * plain error: the dispatcher logs it and answers INTERNAL, and the transaction rolls back with it.
 */
export class OutboxRefusedError extends Error {
  override readonly name = 'OutboxRefusedError';
}

export interface AppendedEvent {
  eventId: string;
  memberSeq: number | null;
}

/**
 * Writes an event for HQ into the outbox. Call it inside the same transaction as the state change
 * it describes, so both commit or neither does. The payload is validated against the wire schema
 * here, so nothing that HQ would refuse (or that could carry biometric data) is ever queued.
 */
export function appendOutboxEvent<K extends EventKind>(
  db: SyncDb,
  kind: K,
  payload: EventPayload<K>,
  options: { memberId?: string | null; occurredAt: Date; eventId?: string },
): AppendedEvent {
  if (!db.inTransaction) {
    throw new OutboxRefusedError(`appendOutboxEvent(${kind}) must run inside the state change's transaction`);
  }
  const checked = eventPayloadSchemas[kind].safeParse(payload);
  if (!checked.success) {
    throw new OutboxRefusedError(`outbox event ${kind} does not match its wire schema: ${checked.error.issues[0]?.message ?? ''}`);
  }
  // Tripwire on top of the strict schemas: nothing template-like (long number lists, base64/hex
  // blobs, float bytes) is ever queued for HQ, from any caller, in production or in any test.
  const finding = findTemplateLikeData(checked.data)[0];
  if (finding) {
    throw new OutboxRefusedError(`outbox event ${kind} refused: template-like data at ${finding.path} (${finding.reason}); biometric data never leaves the device`);
  }
  const memberId = options.memberId ?? null;
  let memberSeq: number | null = null;
  if (memberId !== null) {
    const row = db
      .prepare(
        `INSERT INTO member_event_seq (member_id, last_seq) VALUES (?, 1)
         ON CONFLICT (member_id) DO UPDATE SET last_seq = last_seq + 1
         RETURNING last_seq`,
      )
      .get(memberId) as { last_seq: number };
    memberSeq = row.last_seq;
  }
  const eventId = options.eventId ?? randomUUID();
  db.prepare(
    `INSERT INTO outbox (event_id, kind, member_id, member_seq, schema_version, payload, occurred_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(eventId, kind, memberId, memberSeq, EVENT_SCHEMA_VERSION, JSON.stringify(checked.data), options.occurredAt.toISOString());
  notifyAppended(db);
  return { eventId, memberSeq };
}

type AppendListener = () => void;
const listeners = new WeakMap<SyncDb, Set<AppendListener>>();
const scheduled = new WeakSet<SyncDb>();

/**
 * Calls `listener` soon after events were appended to this database's outbox (the sync uploader
 * uses it to send within a second instead of waiting for its poll). It runs on a later turn of the
 * event loop, i.e. after the caller's synchronous transaction has committed (or rolled back: then
 * the uploader just finds nothing new). Returns the unsubscribe function.
 */
export function onOutboxAppended(db: SyncDb, listener: AppendListener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function notifyAppended(db: SyncDb): void {
  const set = listeners.get(db);
  if (!set || set.size === 0 || scheduled.has(db)) return;
  scheduled.add(db);
  setImmediate(() => {
    scheduled.delete(db);
    for (const l of set) l();
  });
}
