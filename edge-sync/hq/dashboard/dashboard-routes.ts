import type { ConsoleRoutes, ConsoleStaff } from '../http/hq-app.js';
import { HqHttpError } from '../http/hq-app.js';
import type { FastifyRequest } from 'fastify';
import {
  createTokenBodySchema,
  createTokenResponseSchema,
  dashboardQuerySchema,
  dashboardResponseSchema,
  devicesResponseSchema,
  okResponseSchema,
  storeParamsSchema,
  storesResponseSchema,
  tokenParamsSchema,
  tokensResponseSchema,
} from './dashboard-schemas.js';
import { presetPointsValue, readDashboard, requireStore, type PointsValueSource } from './dashboard-queries.js';
import { createToken, listTokens, revokeToken } from './provisioning-tokens.js';
import { listStoreDevices, listStores } from './store-queries.js';

export * from './dashboard-schemas.js';

function staffOf(request: FastifyRequest): ConsoleStaff {
  const staff = request.consoleStaff;
  if (!staff) throw new HqHttpError(401, 'SIGNED_OUT', 'sign in first');
  return staff;
}

/**
 * The console's dashboard, stores, devices and provisioning-token routes (docs/hq-console-api.md).
 * `pointsValue` says what points are worth per tier (the chain's active rules, once HQ keeps them).
 */
export function createDashboardRoutes(options: { pointsValue?: PointsValueSource } = {}): ConsoleRoutes {
  const pointsValue = options.pointsValue ?? presetPointsValue;
  return (app, ctx) => {
    const anyRole = ctx.guard.require('chain_admin', 'operations', 'auditor');
    app.get('/console/api/dashboard', { preHandler: anyRole, schema: { querystring: dashboardQuerySchema, response: { 200: dashboardResponseSchema } } }, async (request) =>
      readDashboard(ctx.db, staffOf(request).chainId, request.query, ctx.now(), pointsValue),
    );
    app.get('/console/api/stores', { preHandler: anyRole, schema: { response: { 200: storesResponseSchema } } }, async (request) => listStores(ctx.db, staffOf(request).chainId));
    app.get('/console/api/stores/:storeId/devices', { preHandler: anyRole, schema: { params: storeParamsSchema, response: { 200: devicesResponseSchema } } }, async (request) => {
      const chainId = staffOf(request).chainId;
      await requireStore(ctx.db, chainId, request.params.storeId);
      return listStoreDevices(ctx.db, chainId, request.params.storeId);
    });
    app.get(
      '/console/api/stores/:storeId/tokens',
      { preHandler: ctx.guard.require('chain_admin', 'auditor'), schema: { params: storeParamsSchema, response: { 200: tokensResponseSchema } } },
      async (request) => listTokens(ctx.db, staffOf(request).chainId, request.params.storeId),
    );
    app.post(
      '/console/api/stores/:storeId/tokens',
      { preHandler: ctx.guard.require('chain_admin'), schema: { params: storeParamsSchema, body: createTokenBodySchema, response: { 200: createTokenResponseSchema } } },
      async (request) => createToken(ctx.db, staffOf(request), request.params.storeId, request.body, ctx.now()),
    );
    app.delete(
      '/console/api/stores/:storeId/tokens/:tokenId',
      { preHandler: ctx.guard.require('chain_admin'), schema: { params: tokenParamsSchema, response: { 200: okResponseSchema } } },
      async (request) => {
        await revokeToken(ctx.db, staffOf(request), request.params.storeId, request.params.tokenId, ctx.now());
        return { ok: true as const };
      },
    );
  };
}

/** The routes with the presets' points value; register this unless HQ has the chain's rules. */
export const dashboardRoutes: ConsoleRoutes = createDashboardRoutes();
