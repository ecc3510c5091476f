import type { ServiceContext } from '../../core/service-context.js';
import { seedCatalogueDemo } from './seed-catalogue-demo.js';
import { seedMembershipDemo } from './seed-membership-demo.js';

/**
 * Seeds a small, realistic store (members, purchases, check-ins) once; a second start keeps it.
 * The membership domain fills in the members; the foundation only records that the store is a demo.
 */
export function seedDemo(ctx: ServiceContext, deps: { pinLookupKey?: () => Buffer } = {}): void {
  // Membership keeps its own marker, so a demo database from an older build gets its members later.
  // The demo staff's PIN tags are made with the store's real lookup key, not a throwaway one.
  seedMembershipDemo(ctx, deps);
  seedCatalogueDemo(ctx);
  const already = ctx.db.prepare("SELECT value FROM meta WHERE key = 'demo_seeded_at'").get();
  if (already) return;
  ctx.db.transaction(() => {
    ctx.db.prepare("INSERT INTO meta (key, value) VALUES ('demo_seeded_at', ?)").run(ctx.clock.now().toISOString());
  })();
}
