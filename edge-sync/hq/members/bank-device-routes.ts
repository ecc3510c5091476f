import { WIRE_VERSION } from '../../protocol/wire.js';
import { memberLookupRequestSchema, redemptionRequestSchema } from '../../protocol/member-bank-wire.js';
import { deviceRoute, type DeviceRoutes } from '../hq-server.js';
import { authoriseRedemption } from './bank-redemptions.js';
import { lookupMemberForDevice } from './member-lookup.js';

/**
 * The member bank's signed device endpoints (issue 13), for HqServerOptions.deviceRoutes:
 *   POST /v1/members/lookup  { phone? | memberCode? } → { member | null }
 *   POST /v1/redemptions     { opId, memberId, points, reason } → { status, balance, changeSeq }
 * The server authenticates the device and records the nonce before calling these.
 */
export function memberBankDeviceRoutes(): DeviceRoutes {
  return {
    'POST /v1/members/lookup': deviceRoute(memberLookupRequestSchema, async ({ db, device, body, now }) => {
      const member = await lookupMemberForDevice(db, device, body, now);
      return { v: WIRE_VERSION, member, hqTime: now.toISOString() };
    }),
    'POST /v1/redemptions': deviceRoute(redemptionRequestSchema, async ({ db, device, body, now, trustPolicy }) => ({
      v: WIRE_VERSION,
      ...(await authoriseRedemption(db, device, body, now, trustPolicy)),
      hqTime: now.toISOString(),
    })),
  };
}
