import type Database from 'better-sqlite3';
import type { SyncDb } from './sync-db.js';
import type { DownlinkChange } from '../protocol/wire.js';

/** A rules version as HQ sent it; `rules` is not validated yet (the store checks it with its own schema). */
export type DownlinkRulesVersion = Extract<DownlinkChange, { type: 'rules_version' }>['body'];
/** An item catalogue version as HQ sent it; `items` is not validated yet (the store checks it itself). */
export type DownlinkCatalogueVersion = Extract<DownlinkChange, { type: 'catalogue_version' }>['body'];
/** A campaign coupon for one member. */
export type DownlinkCoupon = Extract<DownlinkChange, { type: 'coupon' }>['body'];

/** A change named for the log: its sequence number and type, never anything of its body. */
export interface DownlinkChangeRef {
  seq: number;
  type: string;
}

/** What re-applying the deferred changes at the first pull of a process did (downlink-deferred.ts). */
export interface ReapplyResult {
  applied: DownlinkChangeRef[];
  /** Understood now, but applying threw: still deferred, tried again at a later pull. */
  failed: DownlinkChangeRef[];
  /** Deferred changes this app version still cannot apply. */
  stillDeferred: number;
}

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
  /** Told once per page that had changes this app version cannot apply (kept in hq_deferred_changes). */
  onDeferred?: (changes: DownlinkChangeRef[]) => void;
  /** Told once after the deferred changes were tried again (first pull of the process), if there were any. */
  onReapplied?: (result: ReapplyResult) => void;
}

type Statement = Database.Statement<unknown[]>;
const statements = new WeakMap<SyncDb, Map<string, Statement>>();

/** A statement prepared once per connection: a page applies up to 1,000 changes, each with a few statements. */
function stmt(db: SyncDb, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

/** Has an erasure of this member come down to this store? Then none of HQ's copies of them is written again. */
function erasedHere(db: SyncDb, memberId: string): boolean {
  return stmt(db, 'SELECT 1 FROM hq_erasures_applied WHERE member_id = ?').get(memberId) !== undefined;
}

/**
 * Applies one change that passed its strict schema; the caller holds the transaction (the page's, or
 * one deferred change's). Safe to run late and out of order, which a deferred change re-applied after
 * an app update is:
 * - tiers, rules, campaigns, profiles are written only over an older `change_seq`;
 * - a balance only over an older or equal `as_of_hq_seq`;
 * - rules and catalogue versions are kept by version number; the highest started one is in force;
 * - a coupon is added once by its id, and only for a member still active here (applyHqCoupon);
 * - an erasure always wins: nothing of an erased member (profile, balance, coupon) is written again,
 *   and deferred changes naming them (`body.memberId`, the feed's convention) are deleted with it.
 */
export function applyDownlinkChange(db: SyncDb, hooks: DownlinkHooks, c: DownlinkChange, at: string): void {
  const upsertObject = (type: 'tier' | 'rule' | 'campaign' | 'member_profile', key: string) =>
    stmt(
      db,
      `INSERT INTO hq_chain_objects (type, object_key, body, change_seq, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (type, object_key) DO UPDATE SET body = excluded.body, change_seq = excluded.change_seq, received_at = excluded.received_at
       WHERE excluded.change_seq > hq_chain_objects.change_seq`,
    ).run(type, key, JSON.stringify(c.body), c.seq, at);
  switch (c.type) {
    case 'tier':
      upsertObject('tier', c.body.tierId);
      break;
    case 'rule':
      upsertObject('rule', c.body.ruleId);
      break;
    case 'campaign':
      upsertObject('campaign', c.body.campaignId);
      break;
    case 'member_profile':
      if (!erasedHere(db, c.body.memberId)) upsertObject('member_profile', c.body.memberId);
      break;
    case 'member_balance':
      if (erasedHere(db, c.body.memberId)) break;
      stmt(
        db,
        `INSERT INTO hq_member_balances (member_id, points_balance, as_of_hq_seq, synced_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET points_balance = excluded.points_balance, as_of_hq_seq = excluded.as_of_hq_seq, synced_at = excluded.synced_at
         WHERE excluded.as_of_hq_seq >= hq_member_balances.as_of_hq_seq`,
      ).run(c.body.memberId, c.body.pointsBalance, c.body.asOfHqSeq, at);
      break;
    case 'erasure':
      stmt(db, "DELETE FROM hq_chain_objects WHERE type = 'member_profile' AND object_key = ?").run(c.body.memberId);
      stmt(db, 'DELETE FROM hq_member_balances WHERE member_id = ?').run(c.body.memberId);
      // Deferred erasures stay: an erasure instruction is never dropped unapplied (re-applying is idempotent).
      stmt(db, "DELETE FROM hq_deferred_changes WHERE type <> 'erasure' AND json_extract(body, '$.memberId') = ?").run(c.body.memberId);
      stmt(db, 'INSERT INTO hq_erasures_applied (member_id, erased_at, applied_at) VALUES (?, ?, ?) ON CONFLICT (member_id) DO NOTHING').run(c.body.memberId, c.body.erasedAt, at);
      break;
    case 'rules_version':
      hooks.applyRulesVersion?.(c.body);
      break;
    case 'coupon':
      if (!erasedHere(db, c.body.memberId)) hooks.applyCoupon?.(c.body);
      break;
    case 'catalogue_version':
      hooks.applyCatalogueVersion?.(c.body);
      break;
    default: {
      // A new change type must be given its apply path here (and a thought about applying it late).
      const unhandled: never = c;
      throw new Error(`no apply path for downlink change ${(unhandled as DownlinkChangeRef).type}`);
    }
  }
}
