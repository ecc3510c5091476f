import type { SyncDb } from './sync-db.js';
import type { DownlinkChange } from '../protocol/wire.js';
import type { HqClient } from './hq-client.js';

/** A rules version as HQ sent it; `rules` is not validated yet (the store checks it with its own schema). */
export type DownlinkRulesVersion = Extract<DownlinkChange, { type: 'rules_version' }>['body'];
/** An item catalogue version as HQ sent it; `items` is not validated yet (the store checks it itself). */
export type DownlinkCatalogueVersion = Extract<DownlinkChange, { type: 'catalogue_version' }>['body'];
/** A campaign coupon for one member. */
export type DownlinkCoupon = Extract<DownlinkChange, { type: 'coupon' }>['body'];

export interface DownlinkHooks {
  /**
   * Erases a member's data at this store (profile, history, and the face template if it was
   * enrolled here). Wired by the lead to the membership service. Must be idempotent: an erasure
   * is applied at least once (a crash before the cursor is saved replays it).
   */
  applyErasure?: (memberId: string) => void | Promise<void>;
  /**
   * Validates and stores a published rules version, or refuses it whole, and tells HQ either way
   * (issue 13). Runs synchronously inside the page's transaction, so the version, its audit entry,
   * its report to HQ and the cursor commit together. Without it rules versions are passed over.
   */
  applyRulesVersion?: (change: DownlinkRulesVersion) => void;
  /**
   * Validates and stores a published item catalogue version whole, or refuses it whole, and tells HQ
   * either way (issue 15); inside the page's transaction. Without it catalogue versions are passed over.
   */
  applyCatalogueVersion?: (change: DownlinkCatalogueVersion) => void;
  /** Adds a campaign coupon to the member's coupons (idempotent); inside the page's transaction too. */
  applyCoupon?: (coupon: DownlinkCoupon) => void;
  /** Told after a page of chain objects (tiers, rules, campaigns, profiles) was stored. */
  onChainObjectsChanged?: (types: Set<DownlinkChange['type']>) => void;
}

/**
 * Pulls what changed at HQ since the last cursor: chain rules, tiers, campaigns, non-biometric
 * member profiles edited elsewhere, the member bank's balances, and erasures. Each page is applied
 * in one transaction together with the new cursor, so a crash re-pulls the page (idempotent).
 */
export class Downlink {
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

  /** Pulls every page available now; returns how many changes were applied. */
  async pullAll(maxPages = 100): Promise<number> {
    let applied = 0;
    for (let page = 0; page < maxPages; page++) {
      const res = await this.client.downlink(this.cursor(), 500);
      for (const change of res.changes) {
        if (change.type === 'erasure' && this.hooks.applyErasure) await this.hooks.applyErasure(change.body.memberId);
      }
      this.applyPage(res.changes, res.cursor);
      applied += res.changes.length;
      const types = new Set(res.changes.map((c) => c.type));
      if (types.size > 0) this.hooks.onChainObjectsChanged?.(types);
      if (!res.hasMore) break;
    }
    return applied;
  }

  private applyPage(changes: DownlinkChange[], cursor: number): void {
    const at = this.now().toISOString();
    const upsertObject = this.db.prepare(
      `INSERT INTO hq_chain_objects (type, object_key, body, change_seq, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (type, object_key) DO UPDATE SET body = excluded.body, change_seq = excluded.change_seq, received_at = excluded.received_at
       WHERE excluded.change_seq > hq_chain_objects.change_seq`,
    );
    const upsertBalance = this.db.prepare(
      `INSERT INTO hq_member_balances (member_id, points_balance, as_of_hq_seq, synced_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (member_id) DO UPDATE SET points_balance = excluded.points_balance, as_of_hq_seq = excluded.as_of_hq_seq, synced_at = excluded.synced_at
       WHERE excluded.as_of_hq_seq >= hq_member_balances.as_of_hq_seq`,
    );
    this.db.transaction(() => {
      for (const c of changes) {
        switch (c.type) {
          case 'tier':
            upsertObject.run('tier', c.body.tierId, JSON.stringify(c.body), c.seq, at);
            break;
          case 'rule':
            upsertObject.run('rule', c.body.ruleId, JSON.stringify(c.body), c.seq, at);
            break;
          case 'campaign':
            upsertObject.run('campaign', c.body.campaignId, JSON.stringify(c.body), c.seq, at);
            break;
          case 'member_profile':
            upsertObject.run('member_profile', c.body.memberId, JSON.stringify(c.body), c.seq, at);
            break;
          case 'member_balance':
            upsertBalance.run(c.body.memberId, c.body.pointsBalance, c.body.asOfHqSeq, at);
            break;
          case 'erasure':
            this.db.prepare("DELETE FROM hq_chain_objects WHERE type = 'member_profile' AND object_key = ?").run(c.body.memberId);
            this.db.prepare('DELETE FROM hq_member_balances WHERE member_id = ?').run(c.body.memberId);
            this.db
              .prepare('INSERT INTO hq_erasures_applied (member_id, erased_at, applied_at) VALUES (?, ?, ?) ON CONFLICT (member_id) DO NOTHING')
              .run(c.body.memberId, c.body.erasedAt, at);
            break;
          case 'rules_version':
            this.hooks.applyRulesVersion?.(c.body);
            break;
          case 'coupon':
            this.hooks.applyCoupon?.(c.body);
            break;
          case 'catalogue_version':
            this.hooks.applyCatalogueVersion?.(c.body);
            break;
        }
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
