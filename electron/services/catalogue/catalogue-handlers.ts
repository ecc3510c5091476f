import type { catalogueCalls } from '../../contract/catalogue.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import { listCatalogue, saveItem } from './catalogue-service.js';
import { activateDueHqCatalogue, hqCatalogueStatus } from './catalogue-hq.js';

export function createCatalogueHandlers(ctx: ServiceContext): DomainHandlers<keyof typeof catalogueCalls> {
  return {
    'catalogue.list': (a) => {
      // An HQ version whose start has passed since the last pull goes in before the grid reads.
      activateDueHqCatalogue(ctx.db, ctx.clock);
      return listCatalogue(ctx.db, a.includeInactive);
    },
    'catalogue.hqStatus': () => {
      activateDueHqCatalogue(ctx.db, ctx.clock);
      return hqCatalogueStatus(ctx.db, ctx.clock);
    },
    'catalogue.upsert': (a, c) => saveItem(ctx.db, ctx.clock, a, c.session),
  };
}
