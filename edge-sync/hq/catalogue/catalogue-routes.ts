import { HqHttpError, type ConsoleRoutes, type ConsoleStaff } from '../http/hq-app.js';
import {
  catalogueItemParamsSchema,
  catalogueItemSaveSchema,
  cataloguePublishRequestSchema,
  cataloguePublishResponseSchema,
  catalogueResponseSchema,
  hqCatalogueItemSchema,
} from './catalogue-schemas.js';
import { publishCatalogue, readCatalogue, saveHqItem } from './catalogue-versions.js';

// Console routes of the Items page (docs/hq-console-api.md, "Item catalogue"). Chain admins edit and
// publish; operations and auditors read. Everything is filtered by the signed-in staff member's chain.

function staffOf(request: { consoleStaff?: ConsoleStaff }): ConsoleStaff {
  const staff = request.consoleStaff;
  if (!staff) throw new HqHttpError(401, 'SIGNED_OUT', 'sign in first');
  return staff;
}

/** GET /console/api/catalogue, PUT /console/api/catalogue/items/:itemId, POST /console/api/catalogue/publish. */
export const catalogueRoutes: ConsoleRoutes = (app, ctx) => {
  app.get('/console/api/catalogue', { preHandler: ctx.guard.require('chain_admin', 'operations', 'auditor'), schema: { response: { 200: catalogueResponseSchema } } }, async (request) =>
    readCatalogue(ctx.db, staffOf(request).chainId),
  );

  app.put(
    '/console/api/catalogue/items/:itemId',
    { preHandler: ctx.guard.require('chain_admin'), schema: { params: catalogueItemParamsSchema, body: catalogueItemSaveSchema, response: { 200: hqCatalogueItemSchema } } },
    async (request) => {
      const staff = staffOf(request);
      return saveHqItem(ctx.db, { chainId: staff.chainId, itemId: request.params.itemId, item: request.body, staffId: staff.staffId, now: ctx.now() });
    },
  );

  app.post(
    '/console/api/catalogue/publish',
    { preHandler: ctx.guard.require('chain_admin'), schema: { body: cataloguePublishRequestSchema, response: { 200: cataloguePublishResponseSchema } } },
    async (request) => {
      const staff = staffOf(request);
      return publishCatalogue(ctx.db, { chainId: staff.chainId, startsAt: new Date(request.body.startsAt), storeIds: request.body.storeIds ?? null, staffId: staff.staffId, now: ctx.now() });
    },
  );
};
