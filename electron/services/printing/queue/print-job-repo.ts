import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/connection.js';
import type { DocumentKind, PrintDocument } from '../layouts/print-document.js';

/** The SQL of the print queue (table print_jobs, migration 0005). */
export type PrintJobState = 'queued' | 'printing' | 'printed' | 'failed';

export interface PrintJobRow {
  id: string;
  kind: DocumentKind;
  title: string;
  document: PrintDocument;
  state: PrintJobState;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  printedAt: string | null;
  expiresAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  mayHavePrinted: boolean;
  reprintOf: string | null;
  sourceRef: string | null;
}

interface RawRow {
  id: string;
  kind: DocumentKind;
  title: string;
  document: string;
  state: PrintJobState;
  attempts: number;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
  expires_at: string | null;
  error_code: string | null;
  error_message: string | null;
  may_have_printed: number;
  reprint_of: string | null;
  source_ref: string | null;
}

function fromRaw(r: RawRow): PrintJobRow {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    document: JSON.parse(r.document) as PrintDocument,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    printedAt: r.printed_at,
    expiresAt: r.expires_at,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    mayHavePrinted: r.may_have_printed === 1,
    reprintOf: r.reprint_of,
    sourceRef: r.source_ref,
  };
}

export interface NewPrintJob {
  document: PrintDocument;
  now: string;
  expiresAt: string | null;
  reprintOf?: string | null;
  sourceRef?: string | null;
}

export class PrintJobRepo {
  constructor(private readonly db: Db) {}

  /** Inserts a queued job; with a sourceRef already queued/printed, returns the existing job instead (idempotent). */
  insert(job: NewPrintJob): { row: PrintJobRow; isNew: boolean } {
    const sourceRef = job.reprintOf ? null : (job.sourceRef ?? null);
    if (sourceRef !== null) {
      const existing = this.db
        .prepare('SELECT * FROM print_jobs WHERE kind = ? AND source_ref = ? AND reprint_of IS NULL')
        .get(job.document.kind, sourceRef) as RawRow | undefined;
      if (existing) return { row: fromRaw(existing), isNew: false };
    }
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO print_jobs (id, kind, title, document, state, created_at, updated_at, expires_at, reprint_of, source_ref)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
      )
      .run(id, job.document.kind, job.document.title, JSON.stringify(job.document), job.now, job.now, job.expiresAt, job.reprintOf ?? null, sourceRef);
    return { row: this.get(id) as PrintJobRow, isNew: true };
  }

  get(id: string): PrintJobRow | null {
    const r = this.db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(id) as RawRow | undefined;
    return r ? fromRaw(r) : null;
  }

  /** Oldest queued job first: receipts come out in the order they were made. */
  nextQueued(): PrintJobRow | null {
    const r = this.db.prepare("SELECT * FROM print_jobs WHERE state = 'queued' ORDER BY created_at, rowid LIMIT 1").get() as RawRow | undefined;
    return r ? fromRaw(r) : null;
  }

  list(limit: number, states?: readonly PrintJobState[]): PrintJobRow[] {
    const where = states && states.length > 0 ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
    const rows = this.db
      .prepare(`SELECT * FROM print_jobs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(...(states ?? []), limit) as RawRow[];
    return rows.map(fromRaw);
  }

  counts(): { queued: number; printing: number; failed: number } {
    const rows = this.db.prepare("SELECT state, count(*) AS n FROM print_jobs WHERE state != 'printed' GROUP BY state").all() as Array<{ state: PrintJobState; n: number }>;
    const out = { queued: 0, printing: 0, failed: 0 };
    for (const r of rows) if (r.state !== 'printed') out[r.state] = r.n;
    return out;
  }

  /** Why a queued job is still waiting (the printer's state); it stays queued. */
  noteWaiting(id: string, code: string | null, message: string | null, now: string): void {
    this.db
      .prepare("UPDATE print_jobs SET error_code = ?, error_message = ?, updated_at = ? WHERE id = ? AND state = 'queued'")
      .run(code, message, now, id);
  }

  /** Committed before the first byte is sent: from here on a crash means "may be on paper". */
  markPrinting(id: string, now: string): boolean {
    return (
      this.db
        .prepare("UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'")
        .run(now, id).changes === 1
    );
  }

  /** Back to the queue: used only when no byte reached the printer (it could not be opened). */
  backToQueued(id: string, code: string, message: string, now: string): void {
    this.db
      .prepare("UPDATE print_jobs SET state = 'queued', error_code = ?, error_message = ?, updated_at = ? WHERE id = ? AND state = 'printing'")
      .run(code, message, now, id);
  }

  markPrinted(id: string, now: string): void {
    this.db
      .prepare("UPDATE print_jobs SET state = 'printed', printed_at = ?, updated_at = ?, error_code = NULL, error_message = NULL WHERE id = ? AND state = 'printing'")
      .run(now, now, id);
  }

  markFailed(id: string, code: string, message: string, mayHavePrinted: boolean, now: string): void {
    this.db
      .prepare(
        "UPDATE print_jobs SET state = 'failed', error_code = ?, error_message = ?, may_have_printed = ?, updated_at = ? WHERE id = ? AND state IN ('queued', 'printing')",
      )
      .run(code, message, mayHavePrinted ? 1 : 0, now, id);
  }

  /** At start-up: jobs a previous run left mid-print. Returns their ids. */
  failInterrupted(message: string, now: string): string[] {
    const ids = (this.db.prepare("SELECT id FROM print_jobs WHERE state = 'printing'").all() as Array<{ id: string }>).map((r) => r.id);
    for (const id of ids) this.markFailed(id, 'PRINT_INTERRUPTED', message, true, now);
    return ids;
  }

  /** Queued jobs past their expiry (stale tickets). */
  expireStale(now: string, message: string): string[] {
    const ids = (
      this.db.prepare("SELECT id FROM print_jobs WHERE state = 'queued' AND expires_at IS NOT NULL AND expires_at <= ?").all(now) as Array<{ id: string }>
    ).map((r) => r.id);
    for (const id of ids) this.markFailed(id, 'PRINT_EXPIRED', message, false, now);
    return ids;
  }

  /** Printed jobs are kept for reprints for a while, then removed (they hold member names). */
  prunePrinted(before: string): number {
    return this.db.prepare("DELETE FROM print_jobs WHERE state = 'printed' AND printed_at < ?").run(before).changes;
  }
}
