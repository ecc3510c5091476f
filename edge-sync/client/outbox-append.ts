import { randomUUID } from 'node:crypto';
import type { Db } from '../../electron/db/connection.js';
import { AppError } from '../../electron/contract/result.js';
import { EVENT_SCHEMA_VERSION, eventPayloadSchemas, type EventKind, type EventPayload } from '../protocol/events.js';

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
  db: Db,
  kind: K,
  payload: EventPayload<K>,
  options: { memberId?: string | null; occurredAt: Date; eventId?: string },
): AppendedEvent {
  if (!db.inTransaction) {
    throw new AppError('INTERNAL', `appendOutboxEvent(${kind}) must run inside the state change's transaction`);
  }
  const checked = eventPayloadSchemas[kind].safeParse(payload);
  if (!checked.success) {
    throw new AppError('INTERNAL', `outbox event ${kind} does not match its wire schema: ${checked.error.issues[0]?.message ?? ''}`);
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
  return { eventId, memberSeq };
}
