import type { catalogueCalls } from '../../contract/catalogue.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import { listCatalogue, saveItem } from './catalogue-service.js';

export function createCatalogueHandlers(ctx: ServiceContext): DomainHandlers<keyof typeof catalogueCalls> {
  return {
    'catalogue.list': (a) => listCatalogue(ctx.db, a.includeInactive),
    'catalogue.upsert': (a, c) => saveItem(ctx.db, ctx.clock, a, c.session),
  };
}
