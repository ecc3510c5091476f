import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  WIRE_VERSION,
  deprovisionResponseSchema,
  deviceStatusRequestSchema,
  deviceStatusResponseSchema,
  downlinkQuerySchema,
  downlinkResponseSchema,
  healthResponseSchema,
  provisionRequestSchema,
  provisionResponseSchema,
  uploadBatchAckSchema,
  uploadBatchRequestSchema,
} from '../../protocol/wire.js';
import type { DeviceRecord } from '../hq-repository.js';
import type { TrustPolicy } from '../hq-trust.js';
import { recordDeviceStatus } from '../device-status.js';
import type { DeviceGate, SignedRequest } from './device-gate.js';
import { HqHttpError, type HqApp, type HqContext } from './hq-app.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on device endpoints once the signature verified (decorated in hq-server.ts). */
    hqSigned: SignedRequest | null;
  }
}

/** The literal wire version, so answers type-check against the response schemas' `v: 1`. */
const V: typeof WIRE_VERSION = WIRE_VERSION;

export interface DeviceRouteOptions {
  gate: DeviceGate;
  maxBodyBytes: number;
  trustPolicy: TrustPolicy;
  log: Logger;
  /** More signed device endpoints registered in this scope (issue 13: the member bank's). */
  extraRoutes?: DeviceRouteModule[];
}

/** What a module of more signed device endpoints is given: the scope's signature check and upkeep. */
export interface DeviceRouteKit {
  /** preValidation: verifies the signature over the raw bytes, then parses the JSON body; the handler records the nonce. */
  signed(json: boolean): (request: FastifyRequest) => Promise<void>;
  signedOf(request: FastifyRequest): SignedRequest;
  upkeep(device: DeviceRecord): Promise<void>;
  trustPolicy: TrustPolicy;
  common: { bodyLimit: number; exposeHeadRoute: false };
}
export type DeviceRouteModule = (app: HqApp, ctx: HqContext, kit: DeviceRouteKit) => void;

/**
 * HQ's device API (JSON bodies, /v1 prefix), unchanged from the node:http server it replaces:
 *   GET  /v1/health               unauthenticated; returns HQ's clock so stores can correct theirs
 *   POST /v1/provision            exchange a provisioning token for device credentials
 *   POST /v1/events/batch         signed; idempotent, per-member ordered ingestion
 *   GET  /v1/downlink?after=&limit= signed; chain changes since a cursor
 *   POST /v1/deprovision          signed; the device retires its own credentials
 *   POST /v1/device-status        signed; versions, outbox and face-data count for the console (../device-status.ts)
 * Every refusal is a 4xx with {v, error:{code,message}, hqTime} and changes nothing.
 *
 * Registered in its own encapsulated scope: bodies arrive as raw bytes whatever their content type,
 * because the signature covers exactly the bytes sent; they are parsed (and the wire version
 * checked) only after the signature verified, then validated by the route's zod schema.
 */
export async function registerDeviceRoutes(app: HqApp, ctx: HqContext, options: DeviceRouteOptions): Promise<void> {
  const { repo, now } = ctx;
  const { gate, log, trustPolicy } = options;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => done(null, body));
  const upkeep = housekeeping(ctx, gate.windowMs, log);
  const common = { bodyLimit: options.maxBodyBytes, exposeHeadRoute: false } as const;

  const unsigned = (json: boolean) => async (request: FastifyRequest) => {
    await gate.limitAddress(request);
    if (json) request.body = parseWireJson(rawBodyOf(request));
  };
  const signed = (json: boolean) => async (request: FastifyRequest) => {
    const raw = rawBodyOf(request);
    request.hqSigned = await gate.authenticate(request, raw);
    if (json) request.body = parseWireJson(raw);
  };
  const signedOf = (request: FastifyRequest): SignedRequest => {
    if (!request.hqSigned) throw new Error('device route without its signature check');
    return request.hqSigned;
  };

  app.get('/v1/health', { ...common, preValidation: unsigned(false), schema: { response: { 200: healthResponseSchema } } }, async () => ({
    v: V,
    status: 'ok' as const,
    hqTime: now().toISOString(),
    database: repo.db.dialect,
  }));

  app.post('/v1/provision', { ...common, preValidation: unsigned(true), schema: { body: provisionRequestSchema, response: { 201: provisionResponseSchema } } }, async (request, reply) => {
    const args = request.body;
    const issued = await repo.provisionDevice({ token: args.token, storeId: args.storeId, deviceName: args.deviceName, now: now(), ...(args.originId ? { originId: args.originId } : {}) });
    log.info({ deviceId: issued.deviceId, storeId: args.storeId, appVersion: args.appVersion }, 'hq.device_provisioned');
    return reply.status(201).send({ v: WIRE_VERSION, deviceId: issued.deviceId, deviceSecret: issued.secret, storeId: args.storeId, chainId: issued.chainId, hqTime: now().toISOString() });
  });

  app.post('/v1/events/batch', { ...common, preValidation: signed(true), schema: { body: uploadBatchRequestSchema, response: { 200: uploadBatchAckSchema } } }, async (request) => {
    // The nonce is recorded inside the ingest transaction: a replay still changes nothing.
    const { device, nonce } = signedOf(request);
    const batch = request.body;
    if (batch.deviceId !== device.deviceId || batch.storeId !== device.storeId) {
      throw new HqHttpError(403, 'FORBIDDEN', 'batch names another device or store than the signing device');
    }
    const ack = await repo.ingestBatch(device, { originId: batch.originId, events: batch.events, skipped: batch.skipped }, now(), nonce, trustPolicy);
    await upkeep(device);
    return ack;
  });

  app.get('/v1/downlink', { ...common, preValidation: signed(false), schema: { querystring: downlinkQuerySchema, response: { 200: downlinkResponseSchema } } }, async (request) => {
    // Authenticated first, the nonce recorded only once the query is valid: a refusal changes nothing.
    const { device, nonce } = signedOf(request);
    if (!(await repo.rememberNonce(device.deviceId, nonce.value, nonce.expiresAt))) throw new HqHttpError(409, 'REPLAYED', 'this request was already received');
    const page = await repo.changesSince(device.chainId, request.query.after, request.query.limit, device.storeId);
    await upkeep(device);
    return { v: V, ...page, hqTime: now().toISOString() };
  });

  for (const routes of options.extraRoutes ?? []) routes(app, ctx, { signed, signedOf, upkeep, trustPolicy, common });

  app.post('/v1/deprovision', { ...common, preValidation: signed(false), schema: { response: { 200: deprovisionResponseSchema } } }, async (request) => {
    const { device, nonce } = signedOf(request);
    if (!(await repo.rememberNonce(device.deviceId, nonce.value, nonce.expiresAt))) throw new HqHttpError(409, 'REPLAYED', 'this request was already received');
    await repo.revokeDevice(device.deviceId, now());
    log.info({ deviceId: device.deviceId }, 'hq.device_deprovisioned');
    return { v: V, revoked: true as const, hqTime: now().toISOString() };
  });

  app.post('/v1/device-status', { ...common, preValidation: signed(true), schema: { body: deviceStatusRequestSchema, response: { 200: deviceStatusResponseSchema } } }, async (request) => {
    const { device, nonce } = signedOf(request);
    if (!(await repo.rememberNonce(device.deviceId, nonce.value, nonce.expiresAt))) throw new HqHttpError(409, 'REPLAYED', 'this request was already received');
    const answer = await recordDeviceStatus(repo, device, request.body, now());
    await upkeep(device);
    return answer;
  });
}

/**
 * Upkeep after a signed request succeeded (never after a refused one, so a refusal changes no
 * table): expired nonces, erasure requests past their deadline, and the device's "last seen",
 * each at most once a minute.
 */
function housekeeping(ctx: HqContext, windowMs: number, log: Logger): (device: DeviceRecord) => Promise<void> {
  let lastPurge = 0;
  const lastSeen = new Map<string, number>();
  return async (device) => {
    const hqNow = ctx.now();
    if (hqNow.getTime() - lastPurge > 60_000) {
      lastPurge = hqNow.getTime();
      await ctx.repo.purgeNonces(new Date(hqNow.getTime() - windowMs));
      // Erasures requested at a non-home store that nobody carried out in time: HQ does it (legal deadline).
      const erased = await ctx.repo.carryOutDueErasureRequests(hqNow);
      if (erased > 0) log.info({ count: erased }, 'hq.erasure_requests_carried_out');
    }
    if (hqNow.getTime() - (lastSeen.get(device.deviceId) ?? 0) > 60_000) {
      if (lastSeen.size > 100_000) lastSeen.clear(); // only costs an extra "last seen" write per device
      lastSeen.set(device.deviceId, hqNow.getTime());
      await ctx.repo.touchDevice(device.deviceId, hqNow);
    }
  };
}

function rawBodyOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function parseWireJson(raw: Buffer): unknown {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HqHttpError(400, 'MALFORMED', 'body is not JSON');
  }
  if (typeof json === 'object' && json !== null && 'v' in json && (json as { v: unknown }).v !== WIRE_VERSION) {
    throw new HqHttpError(400, 'UNSUPPORTED_VERSION', `wire version ${String((json as { v: unknown }).v)} is not supported (HQ speaks ${WIRE_VERSION})`);
  }
  return json;
}
