import { catalogueItemsSchema, type CatalogueItemWire } from '../../../edge-sync/protocol/catalogue-wire.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import type { DownlinkCatalogueVersion } from '../../../edge-sync/client/downlink.js';
import type { Db } from '../../db/connection.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { ServiceContext } from '../../core/service-context.js';
import { audit } from '../audit/audit-log.js';
import { getItem, upsertItem } from './catalogue-repository.js';

/**
 * Item catalogue versions HQ publishes (issue 15 item 3), applied here:
 * - on arrival (inside the downlink page's transaction) a version is checked with the same schema HQ
 *   publishes with and stored whole, or refused whole; either way it is audited and reported to HQ
 *   (`catalogue.applied` / `catalogue.refused`) in the same transaction. A version seen before changes nothing.
 * - once its start has passed on the store's clock, the highest such version is written into
 *   catalogue_items in one transaction: HQ items keep their ids (purchases, habits and favourites key
 *   on them), an HQ item missing from the version or published inactive becomes inactive (history keeps
 *   it), store-local items stay as they are. A store item with an HQ item's id becomes HQ's.
 */

interface VersionRow {
  version: number;
  starts_at: string;
  published_at: string;
  items: string;
  received_at: string;
  applied_at: string | null;
}

export interface HqCatalogueStatus {
  /** The version whose items are in the catalogue now. */
  active: { version: number; startsAt: string; appliedAt: string } | null;
  /** A stored version still waiting for its start. */
  next: { version: number; startsAt: string } | null;
  /** The last version this store refused, and why. */
  refused: { version: number; message: string; refusedAt: string } | null;
}

export function applyHqCatalogueVersion(
  ctx: { db: Db; clock: Clock; log: Logger },
  change: DownlinkCatalogueVersion,
): 'stored' | 'refused' | 'known' {
  const { db } = ctx;
  const known = db.prepare('SELECT 1 FROM catalogue_hq_versions WHERE version = ? UNION ALL SELECT 1 FROM catalogue_hq_refusals WHERE version = ?').get(change.version, change.version);
  if (known) return 'known';
  const now = ctx.clock.now();
  const at = now.toISOString();
  const parsed = catalogueItemsSchema.safeParse(change.items);
  return db.transaction(() => {
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = `items${issue?.path.length ? `.${issue.path.map(String).join('.')}` : ''}: ${issue?.message ?? 'invalid'}`.slice(0, 300);
      db.prepare('INSERT INTO catalogue_hq_refusals (version, message, refused_at) VALUES (?, ?, ?)').run(change.version, message, at);
      audit(db, now, null, 'catalogue.hq_refused', null, { version: change.version, message });
      appendOutboxEvent(db, 'catalogue.refused', { version: change.version, message, at }, { occurredAt: now });
      ctx.log.warn('catalogue.hq_refused', { version: change.version, message });
      return 'refused' as const;
    }
    const startsAt = new Date(change.startsAt).toISOString();
    db.prepare('INSERT INTO catalogue_hq_versions (version, starts_at, published_at, items, received_at, applied_at) VALUES (?, ?, ?, ?, ?, NULL)').run(
      change.version,
      startsAt,
      new Date(change.publishedAt).toISOString(),
      JSON.stringify(parsed.data),
      at,
    );
    audit(db, now, null, 'catalogue.hq_received', null, { version: change.version, startsAt, items: parsed.data.length });
    appendOutboxEvent(db, 'catalogue.applied', { version: change.version, startsAt, at }, { occurredAt: now });
    ctx.log.info('catalogue.hq_received', { version: change.version, startsAt, items: parsed.data.length });
    activateDueHqCatalogue(db, ctx.clock);
    return 'stored' as const;
  })();
}

function appliedVersion(db: Db): number {
  return (db.prepare('SELECT coalesce(max(version), 0) FROM catalogue_hq_versions WHERE applied_at IS NOT NULL').pluck().get() as number) ?? 0;
}

/**
 * Writes the highest started version into the catalogue if it is not there yet (one transaction);
 * returns its number, or null when nothing was due. Cheap when nothing is due: one indexed read.
 */
export function activateDueHqCatalogue(db: Db, clock: Clock): number | null {
  const now = clock.now();
  const due = db.prepare('SELECT * FROM catalogue_hq_versions WHERE starts_at <= ? ORDER BY version DESC LIMIT 1').get(now.toISOString()) as VersionRow | undefined;
  if (!due || due.applied_at !== null || due.version < appliedVersion(db)) return null;
  const at = now.toISOString();
  return db.transaction(() => {
    const items = JSON.parse(due.items) as CatalogueItemWire[];
    let takenOver = 0;
    for (const item of items) {
      if (getItem(db, item.itemId)?.source === 'store') takenOver++;
      upsertItem(db, {
        id: item.itemId,
        name_zh_cn: item.name['zh-CN'],
        name_zh_tw: item.name['zh-TW'],
        name_en: item.name.en,
        price_fen: item.priceFen,
        category_zh_cn: item.category['zh-CN'],
        category_zh_tw: item.category['zh-TW'],
        category_en: item.category.en,
        sort: item.sort,
        is_active: item.active ? 1 : 0,
        source: 'hq',
        updated_at: at,
      });
    }
    const inVersion = new Set(items.map((i) => i.itemId));
    const dropped = (db.prepare("SELECT id FROM catalogue_items WHERE source = 'hq' AND is_active = 1").pluck().all() as string[]).filter((id) => !inVersion.has(id));
    const deactivate = db.prepare('UPDATE catalogue_items SET is_active = 0, updated_at = ? WHERE id = ?');
    for (const id of dropped) deactivate.run(at, id);
    db.prepare('UPDATE catalogue_hq_versions SET applied_at = ? WHERE version = ?').run(at, due.version);
    audit(db, now, null, 'catalogue.hq_activated', null, { version: due.version, items: items.length, deactivated: dropped.length, takenOver });
    return due.version;
  })();
}

/** What the manager's catalogue view says about head office's catalogue. */
export function hqCatalogueStatus(db: Db, clock: Clock): HqCatalogueStatus {
  const applied = db.prepare('SELECT version, starts_at, applied_at FROM catalogue_hq_versions WHERE applied_at IS NOT NULL ORDER BY version DESC LIMIT 1').get() as
    | { version: number; starts_at: string; applied_at: string }
    | undefined;
  const next = db.prepare('SELECT version, starts_at FROM catalogue_hq_versions WHERE applied_at IS NULL AND starts_at > ? AND version > ? ORDER BY starts_at, version LIMIT 1').get(
    clock.now().toISOString(),
    applied?.version ?? 0,
  ) as { version: number; starts_at: string } | undefined;
  const refused = db.prepare('SELECT version, message, refused_at FROM catalogue_hq_refusals ORDER BY version DESC LIMIT 1').get() as
    | { version: number; message: string; refused_at: string }
    | undefined;
  return {
    active: applied ? { version: applied.version, startsAt: applied.starts_at, appliedAt: applied.applied_at } : null,
    next: next ? { version: next.version, startsAt: next.starts_at } : null,
    refused: refused ? { version: refused.version, message: refused.message, refusedAt: refused.refused_at } : null,
  };
}

/**
 * Every `intervalMs` (default a minute): a version whose start has just passed takes effect even when no
 * one lists the catalogue, and the cashier's grid is told (`catalogue.changed`). Returns a stop function.
 */
export function startHqCatalogueTimer(ctx: Pick<ServiceContext, 'db' | 'clock' | 'events' | 'log'>, intervalMs = 60_000): () => void {
  const timer = setInterval(() => {
    try {
      const version = activateDueHqCatalogue(ctx.db, ctx.clock);
      if (version !== null) ctx.events.emit('catalogue.changed', { hqVersion: version });
    } catch (error) {
      ctx.log.error('catalogue.hq_activation_failed', { error: (error as Error).message });
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The HQ version in effect now (after activating a due one), for `catalogue.changed` after a pull. */
export function currentHqCatalogueVersion(db: Db, clock: Clock): number | null {
  activateDueHqCatalogue(db, clock);
  return hqCatalogueStatus(db, clock).active?.version ?? null;
}
