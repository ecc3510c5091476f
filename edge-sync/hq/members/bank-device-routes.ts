import { WIRE_VERSION } from '../../protocol/wire.js';
import { memberLookupRequestSchema, memberLookupResponseSchema, redemptionRequestSchema, redemptionResponseSchema } from '../../protocol/member-bank-wire.js';
import type { DeviceRouteModule } from '../http/device-routes.js';
import { HqHttpError } from '../http/hq-app.js';
import { authoriseRedemption } from './bank-redemptions.js';
import { lookupMemberForDevice } from './member-lookup.js';

const V: typeof WIRE_VERSION = WIRE_VERSION;

/**
 * The member bank's signed device endpoints (issue 13), for HqServerOptions.deviceRoutes:
 *   POST /v1/members/lookup  { phone? | memberCode? } → { member | null }
 *   POST /v1/redemptions     { opId, memberId, points, reason } → { status, balance, changeSeq }
 * The signature is checked over the raw bytes and the body validated before the nonce is recorded,
 * so a malformed request changes nothing.
 */
export const memberBankDeviceRoutes: DeviceRouteModule = (app, ctx, kit) => {
  const remember = async (device: { deviceId: string }, nonce: { value: string; expiresAt: Date }) => {
    if (!(await ctx.repo.rememberNonce(device.deviceId, nonce.value, nonce.expiresAt))) throw new HqHttpError(409, 'REPLAYED', 'this request was already received');
  };

  app.post('/v1/members/lookup', { ...kit.common, preValidation: kit.signed(true), schema: { body: memberLookupRequestSchema, response: { 200: memberLookupResponseSchema } } }, async (request) => {
    const { device, nonce } = kit.signedOf(request);
    await remember(device, nonce);
    const member = await lookupMemberForDevice(ctx.db, device, request.body, ctx.now());
    await kit.upkeep(device);
    return { v: V, member, hqTime: ctx.now().toISOString() };
  });

  app.post('/v1/redemptions', { ...kit.common, preValidation: kit.signed(true), schema: { body: redemptionRequestSchema, response: { 200: redemptionResponseSchema } } }, async (request) => {
    const { device, nonce } = kit.signedOf(request);
    await remember(device, nonce);
    const answer = await authoriseRedemption(ctx.db, device, request.body, ctx.now(), kit.trustPolicy);
    await kit.upkeep(device);
    return { v: V, ...answer, hqTime: ctx.now().toISOString() };
  });
};
