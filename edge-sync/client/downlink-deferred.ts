import type { SyncDb } from './sync-db.js';
import { isKnownDownlinkType, parseDownlinkChange, type DownlinkChangeType } from '../protocol/wire.js';
import { applyDownlinkChange, type DownlinkChangeRef, type DownlinkHooks, type ReapplyResult } from './downlink-apply.js';

/**
 * Changes HQ sent that this app version cannot apply (store migration 22): an unknown type, or a
 * known type whose body does not pass its strict schema. They are kept in the page's transaction
 * instead of failing the page, and tried again by the first pull of a later process (an updated app).
 */
export interface DeferredChange extends DownlinkChangeRef {
  /** The change's body as HQ sent it, JSON text. */
  body: string;
  reason: string;
  receivedAt: string;
}

/** Keeps a change aside; the caller holds the page's transaction. A page pulled twice keeps it once. */
export function deferChange(db: SyncDb, change: { seq: number; type: string; body: unknown }, reason: string, at: string): void {
  db.prepare('INSERT INTO hq_deferred_changes (seq, type, body, reason, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING').run(
    change.seq,
    change.type,
    // A change without a body is kept as JSON null (the column holds JSON text).
    JSON.stringify(change.body ?? null),
    reason,
    at,
  );
}

export function listDeferredChanges(db: SyncDb): DeferredChange[] {
  const rows = db.prepare('SELECT seq, type, body, reason, received_at FROM hq_deferred_changes ORDER BY seq').all() as Array<{
    seq: number;
    type: string;
    body: string;
    reason: string;
    received_at: string;
  }>;
  return rows.map((r) => ({ seq: r.seq, type: r.type, body: r.body, reason: r.reason, receivedAt: r.received_at }));
}

/** How many changes wait for a newer app, per type (for the doctor; types and counts only). */
export function deferredChangeCounts(db: SyncDb): { total: number; byType: Record<string, number> } {
  // A database the app has not migrated yet (the doctor opens it read-only) has no such table: nothing deferred.
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hq_deferred_changes'").get() !== undefined;
  if (!hasTable) return { total: 0, byType: {} };
  const rows = db.prepare('SELECT type, count(*) AS n FROM hq_deferred_changes GROUP BY type ORDER BY type').all() as Array<{ type: string; n: number }>;
  return { total: rows.reduce((sum, r) => sum + r.n, 0), byType: Object.fromEntries(rows.map((r) => [r.type, r.n])) };
}

/** The stored body; text that is not JSON (never written by this module) reads as undefined and stays deferred. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Tries every deferred change again, in seq order, each whole or not at all: one this app now
 * understands is applied and deleted in one transaction (its erasure hook, if any, runs first, as
 * for a page); one it still cannot read stays, with the current reason; one whose apply throws stays
 * and is reported as failed. Applying late is safe: see applyDownlinkChange.
 */
export async function reapplyDeferredChanges(db: SyncDb, hooks: DownlinkHooks, at: string): Promise<ReapplyResult & { types: Set<DownlinkChangeType> }> {
  const result: ReapplyResult & { types: Set<DownlinkChangeType> } = { applied: [], failed: [], stillDeferred: 0, types: new Set() };
  for (const row of listDeferredChanges(db)) {
    const ref = { seq: row.seq, type: row.type };
    if (!isKnownDownlinkType(row.type)) {
      result.stillDeferred++;
      continue;
    }
    const parsed = parseDownlinkChange({ seq: row.seq, type: row.type, body: parseBody(row.body) });
    if (!parsed.ok) {
      if (parsed.reason !== row.reason) db.prepare('UPDATE hq_deferred_changes SET reason = ? WHERE seq = ?').run(parsed.reason, row.seq);
      result.stillDeferred++;
      continue;
    }
    const change = parsed.change;
    try {
      if (change.type === 'erasure') await hooks.applyErasure?.(change.body.memberId);
      const applied = db.transaction(() => {
        // Gone meanwhile (an erasure re-applied just before deleted the changes naming its member): nothing to do.
        if (db.prepare('DELETE FROM hq_deferred_changes WHERE seq = ?').run(row.seq).changes === 0) return false;
        applyDownlinkChange(db, hooks, change, at);
        return true;
      })();
      if (applied) {
        result.applied.push(ref);
        result.types.add(change.type);
      }
    } catch {
      // Rolled back: the change stays deferred and is tried again; the caller logs its seq and type.
      result.failed.push(ref);
    }
  }
  return result;
}
