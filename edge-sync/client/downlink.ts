import type { SyncDb } from './sync-db.js';
import { parseDownlinkChange, type DownlinkChange, type DownlinkEnvelopeChange } from '../protocol/wire.js';
import type { HqClient } from './hq-client.js';
import { applyDownlinkChange, type DownlinkChangeRef, type DownlinkHooks } from './downlink-apply.js';
import { deferChange, reapplyDeferredChanges } from './downlink-deferred.js';

export type { DownlinkCatalogueVersion, DownlinkChangeRef, DownlinkCoupon, DownlinkHooks, DownlinkRulesVersion, ReapplyResult } from './downlink-apply.js';

/** How many times one process tries again deferred changes whose apply threw, before waiting for a restart. */
const REAPPLY_RUNS_PER_PROCESS = 3;

/** A change of a page, checked with its strict schema, or kept aside with the reason. */
type PageEntry = { ok: true; change: DownlinkChange } | { ok: false; raw: DownlinkEnvelopeChange; reason: string };

/**
 * Pulls what changed at HQ since the last cursor: chain rules, tiers, campaigns, non-biometric
 * member profiles edited elsewhere, the member bank's balances, and erasures. Each page is applied
 * in one transaction together with the new cursor, so a crash re-pulls the page (idempotent).
 *
 * Forward compatible (edge-sync/README.md, "Downlink compatibility"): a change this app version
 * cannot apply is kept in hq_deferred_changes in the page's transaction, so the feed never stalls on
 * it; the first pull of each process (after an app update) applies those it now understands, in seq
 * order, before the next page.
 */
export class Downlink {
  private reapplyRuns = 0;
  private reapplyDue = true;

  constructor(
    private readonly db: SyncDb,
    private readonly client: HqClient,
    private readonly hooks: DownlinkHooks = {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  cursor(): number {
    const r = this.db.prepare("SELECT value FROM sync_state WHERE key = 'downlink_cursor'").get() as { value: string } | undefined;
    return r ? Number(r.value) : 0;
  }

  /** Pulls every page available now; returns how many changes were applied (deferred ones re-applied included). */
  async pullAll(maxPages = 100): Promise<number> {
    let applied = this.reapplyDue ? await this.reapplyDeferred() : 0;
    for (let page = 0; page < maxPages; page++) {
      const res = await this.client.downlink(this.cursor(), 500);
      const entries: PageEntry[] = res.changes.map((raw) => {
        const parsed = parseDownlinkChange(raw);
        return parsed.ok ? parsed : { ok: false, raw, reason: parsed.reason };
      });
      const known = entries.flatMap((e) => (e.ok ? [e.change] : []));
      for (const change of known) {
        if (change.type === 'erasure' && this.hooks.applyErasure) await this.hooks.applyErasure(change.body.memberId);
      }
      this.applyPage(entries, res.cursor);
      applied += known.length;
      const deferred: DownlinkChangeRef[] = entries.flatMap((e) => (e.ok ? [] : [{ seq: e.raw.seq, type: e.raw.type }]));
      if (deferred.length > 0) this.hooks.onDeferred?.(deferred);
      const types = new Set(known.map((c) => c.type));
      if (types.size > 0) this.hooks.onChainObjectsChanged?.(types);
      if (!res.hasMore) break;
    }
    return applied;
  }

  /**
   * Deferred changes this app now understands, applied and removed before the next page. Runs at the
   * first pull of the process; again at the next pulls only while some apply threw (a few times).
   */
  private async reapplyDeferred(): Promise<number> {
    const result = await reapplyDeferredChanges(this.db, this.hooks, this.now().toISOString());
    this.reapplyRuns++;
    this.reapplyDue = result.failed.length > 0 && this.reapplyRuns < REAPPLY_RUNS_PER_PROCESS;
    if (result.applied.length + result.failed.length + result.stillDeferred > 0) {
      this.hooks.onReapplied?.({ applied: result.applied, failed: result.failed, stillDeferred: result.stillDeferred });
    }
    if (result.types.size > 0) this.hooks.onChainObjectsChanged?.(result.types);
    return result.applied.length;
  }

  private applyPage(entries: PageEntry[], cursor: number): void {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      // In seq order, so an erasure deletes the deferred changes naming its member that came before it.
      for (const e of entries) {
        if (e.ok) applyDownlinkChange(this.db, this.hooks, e.change, at);
        else deferChange(this.db, e.raw, e.reason, at);
      }
      this.db
        .prepare("INSERT INTO sync_state (key, value) VALUES ('downlink_cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run(String(cursor));
      this.db
        .prepare("INSERT INTO sync_state (key, value) VALUES ('downlink_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .run(at);
    })();
  }

  /** The chain objects of one type as last received from HQ (for the membership domain). */
  objects(type: 'tier' | 'rule' | 'campaign' | 'member_profile'): unknown[] {
    return (this.db.prepare('SELECT body FROM hq_chain_objects WHERE type = ? ORDER BY object_key').all(type) as Array<{ body: string }>).map((r) => JSON.parse(r.body));
  }
}
