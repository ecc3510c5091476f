import Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import type { OutboxRow as UploadableOutboxRow } from '../../../edge-sync/client/outbox-store.js';

/** The SQL store IT's tools need: integrity, schema facts and the outbox backlog. Read-only. */

/**
 * PRAGMA quick_check / integrity_check as a list of problems (['ok'] when clean). A file damaged
 * badly enough makes the pragma itself throw; that is reported as a problem, not thrown.
 */
export function quickCheck(db: Db): string[] {
  return runCheck(db, 'quick_check');
}

export function integrityCheck(db: Db): string[] {
  return runCheck(db, 'integrity_check');
}

function runCheck(db: Db, pragma: 'quick_check' | 'integrity_check'): string[] {
  try {
    return (db.prepare(`PRAGMA ${pragma}`).all() as Array<Record<string, string>>).map((r) => r[pragma] ?? '');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return [`${code}: ${(error as Error).message}`];
    throw error;
  }
}

export function applicationId(db: Db): number {
  return db.pragma('application_id', { simple: true }) as number;
}

/** A whole outbox row: what the uploader reads, plus the columns a backup must carry over. */
export interface OutboxRow extends UploadableOutboxRow {
  status: string;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** Every outbox row still readable in a (possibly damaged) database; used to salvage events on restore. */
export function readOutboxRows(db: Db): OutboxRow[] {
  return db.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[];
}

export function outboxEventIds(db: Db): Set<string> {
  return new Set((db.prepare('SELECT event_id FROM outbox').pluck().all() as string[]));
}

/** Re-queues outbox rows that the restored database lacks (by event id), in their original order. */
export function insertMissingOutboxRows(db: Db, rows: OutboxRow[]): number {
  const existing = outboxEventIds(db);
  const insert = db.prepare(
    `INSERT INTO outbox (event_id, kind, member_id, member_seq, schema_version, payload, occurred_at, status, attempts, next_attempt_at, last_error)
     VALUES (@event_id, @kind, @member_id, @member_seq, @schema_version, @payload, @occurred_at, @status, @attempts, @next_attempt_at, @last_error)`,
  );
  let added = 0;
  db.transaction(() => {
    for (const row of rows) {
      if (existing.has(row.event_id)) continue;
      insert.run(row);
      added += 1;
    }
    // Salvaged events carry member sequence numbers the restored counters have not reached yet;
    // move the counters past them so the next event never reuses a number HQ has seen.
    db.prepare(
      `INSERT INTO member_event_seq (member_id, last_seq)
       SELECT member_id, max(member_seq) FROM outbox WHERE member_id IS NOT NULL AND member_seq IS NOT NULL GROUP BY member_id
       ON CONFLICT (member_id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`,
    ).run();
  })();
  return added;
}

/** Opens a database file read-only without touching its schema (doctor, backup verification). */
export function openReadOnly(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** Active members in a (restored) store database: the restore drill's sign that the data is there. */
export function countMembers(db: Db): number {
  return db.prepare("SELECT count(*) FROM members WHERE status = 'active'").pluck().get() as number;
}
