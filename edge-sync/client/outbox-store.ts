import { randomUUID } from 'node:crypto';
import type { SyncDb } from './sync-db.js';

export interface OutboxRow {
  seq: number;
  event_id: string;
  kind: string;
  member_id: string | null;
  member_seq: number | null;
  schema_version: number;
  payload: string;
  occurred_at: string;
  attempts: number;
}

export interface ParkedEvent {
  eventId: string;
  kind: string;
  memberId: string | null;
  occurredAt: string;
  attempts: number;
  lastError: string | null;
}

export interface SkipNotice {
  eventId: string;
  memberId: string | null;
  memberSeq: number | null;
  reason: string;
}

export interface OutboxCounts {
  pending: number;
  parked: number;
  /** When the oldest pending event (by write order) happened. */
  oldestPendingAt: string | null;
}

/**
 * The backlog, for the upload status and the doctor. All three queries use the (status, seq) index,
 * cheap enough to run every second with a million rows queued.
 */
export function outboxCounts(db: SyncDb): OutboxCounts {
  const pending = (db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n;
  const parked = (db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'parked'").get() as { n: number }).n;
  const oldest = db.prepare("SELECT occurred_at FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT 1").get() as { occurred_at: string } | undefined;
  return { pending, parked, oldestPendingAt: oldest?.occurred_at ?? null };
}

/** Keys of the uploader's facts in the key/value sync state (no migration needed; the doctor reads them from its own process). */
export const UPLOAD_STATE_KEYS = {
  lastSuccessAt: 'last_success_at',
  lastError: 'last_error',
  /** First failure of the current streak of failed uploads; '' once HQ acknowledged an upload. */
  unreachableSince: 'unreachable_since',
  /** When the running uploader retries next; '' when it is not backing off. */
  nextAttemptAt: 'next_attempt_at',
} as const;

export interface UploadState {
  lastSuccessAt: string | null;
  lastError: string | null;
  unreachableSince: string | null;
  nextAttemptAt: string | null;
}

/** What the uploader last recorded about its link to HQ (an empty value reads as null). */
export function uploadState(db: SyncDb): UploadState {
  const rows = db.prepare('SELECT key, value FROM sync_state WHERE key IN (?, ?, ?, ?)').all(...Object.values(UPLOAD_STATE_KEYS)) as Array<{ key: string; value: string }>;
  const get = (key: string) => rows.find((r) => r.key === key)?.value || null;
  return {
    lastSuccessAt: get(UPLOAD_STATE_KEYS.lastSuccessAt),
    lastError: get(UPLOAD_STATE_KEYS.lastError),
    unreachableSince: get(UPLOAD_STATE_KEYS.unreachableSince),
    nextAttemptAt: get(UPLOAD_STATE_KEYS.nextAttemptAt),
  };
}

/** The store-side SQL of sync: the outbox (from migration 0001) and the sync tables (migration 0004). */
export class OutboxStore {
  private readonly stmts;

  constructor(readonly db: SyncDb) {
    this.stmts = {
      batch: db.prepare(
        `SELECT seq, event_id, kind, member_id, member_seq, schema_version, payload, occurred_at, attempts
         FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?`,
      ),
      del: db.prepare('DELETE FROM outbox WHERE event_id = ?'),
      // HQ's balance for this member no longer includes everything we know: treat it as stale until the next downlink.
      staleBalance: db.prepare("UPDATE hq_member_balances SET synced_at = '1970-01-01T00:00:00.000Z' WHERE member_id = ?"),
      park: db.prepare("UPDATE outbox SET status = 'parked', last_error = ?, attempts = attempts + 1 WHERE event_id = ?"),
      attempt: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE event_id = ?'),
      hasPending: db.prepare("SELECT 1 AS x FROM outbox WHERE status = 'pending' LIMIT 1"),
      parked: db.prepare("SELECT event_id, kind, member_id, occurred_at, attempts, last_error FROM outbox WHERE status = 'parked' ORDER BY seq LIMIT ?"),
      notices: db.prepare('SELECT event_id, member_id, member_seq, reason FROM sync_skip_notices ORDER BY rowid LIMIT ?'),
      addNotice: db.prepare('INSERT INTO sync_skip_notices (event_id, member_id, member_seq, reason) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING'),
      delNotice: db.prepare('DELETE FROM sync_skip_notices WHERE event_id = ?'),
      getState: db.prepare('SELECT value FROM sync_state WHERE key = ?'),
      setState: db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  pendingBatch(limit: number): OutboxRow[] {
    return this.stmts.batch.all(limit) as OutboxRow[];
  }

  /** Applies HQ's answer in one transaction: acknowledged rows go, refused rows are parked (never dropped). */
  applyAck(ack: {
    done: string[];
    parked: Array<{ eventId: string; reason: string }>;
    retried: string[];
    retryReason: string;
    noticesDone: string[];
    /** Members whose points events HQ just took: their stored HQ balance is stale until the next downlink. */
    staleBalances?: string[];
    state?: Record<string, string>;
  }): void {
    this.db.transaction(() => {
      // Status facts ride in the same commit: one fsync per batch, not two.
      for (const [key, value] of Object.entries(ack.state ?? {})) this.stmts.setState.run(key, value);
      for (const id of ack.done) this.stmts.del.run(id);
      for (const memberId of ack.staleBalances ?? []) this.stmts.staleBalance.run(memberId);
      for (const p of ack.parked) this.stmts.park.run(p.reason.slice(0, 500), p.eventId);
      for (const id of ack.retried) this.stmts.attempt.run(ack.retryReason.slice(0, 500), id);
      for (const id of ack.noticesDone) this.stmts.delNotice.run(id);
    })();
  }

  /** Parks an event HQ never saw, and queues a metadata-only notice so HQ can move the member's sequence on. */
  parkLocally(row: Pick<OutboxRow, 'event_id' | 'member_id' | 'member_seq'>, reason: string): void {
    this.db.transaction(() => {
      this.stmts.park.run(reason.slice(0, 500), row.event_id);
      this.stmts.addNotice.run(row.event_id, row.member_id, row.member_seq, reason.slice(0, 300));
    })();
  }

  recordAttemptError(eventIds: string[], message: string): void {
    this.db.transaction(() => {
      for (const id of eventIds) this.stmts.attempt.run(message.slice(0, 500), id);
    })();
  }

  skipNotices(limit: number): SkipNotice[] {
    return (this.stmts.notices.all(limit) as Array<{ event_id: string; member_id: string | null; member_seq: number | null; reason: string }>).map((r) => ({
      eventId: r.event_id,
      memberId: r.member_id,
      memberSeq: r.member_seq,
      reason: r.reason,
    }));
  }

  counts(): OutboxCounts {
    return outboxCounts(this.db);
  }

  hasPending(): boolean {
    return this.stmts.hasPending.get() !== undefined;
  }

  listParked(limit = 200): ParkedEvent[] {
    return (this.stmts.parked.all(limit) as Array<{ event_id: string; kind: string; member_id: string | null; occurred_at: string; attempts: number; last_error: string | null }>).map(
      (r) => ({ eventId: r.event_id, kind: r.kind, memberId: r.member_id, occurredAt: r.occurred_at, attempts: r.attempts, lastError: r.last_error }),
    );
  }

  getState(key: string): string | null {
    const r = this.stmts.getState.get(key) as { value: string } | undefined;
    return r?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.stmts.setState.run(key, value);
  }

  /** Several facts in one commit (one fsync). */
  setStates(values: Record<string, string>): void {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) this.stmts.setState.run(key, value);
    })();
  }

  /** This database's stable origin id, created once (survives re-provisioning, which changes the device id). */
  originId(): string {
    const existing = this.getState('origin_id');
    if (existing) return existing;
    const id = `org_${randomUUID()}`;
    this.db.prepare("INSERT INTO sync_state (key, value) VALUES ('origin_id', ?) ON CONFLICT (key) DO NOTHING").run(id);
    return this.getState('origin_id') as string;
  }
}
