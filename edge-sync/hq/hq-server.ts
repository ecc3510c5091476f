import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { canonicalRequest, signaturesEqual, signRequest } from '../protocol/signing.js';
import {
  HEADER,
  MAX_REQUEST_BYTES,
  SIGNATURE_WINDOW_MS,
  WIRE_VERSION,
  provisionRequestSchema,
  uploadBatchRequestSchema,
  type WireErrorCode,
} from '../protocol/wire.js';
import { HqError, type DeviceRecord, type HqRepository } from './hq-repository.js';
import { RequestBudget } from './rate-limit.js';
import { DEFAULT_TRUST_POLICY, type TrustPolicy } from './hq-trust.js';

export interface HqLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface HqServerOptions {
  repo: HqRepository;
  now?: () => Date;
  log?: HqLog;
  maxBodyBytes?: number;
  /** Per device, for signed endpoints. */
  deviceRate?: { perSecond: number; burst: number };
  /** Per client address, for the unauthenticated endpoints (health, provisioning). */
  addressRate?: { perSecond: number; burst: number };
  /** Per client address, for signed requests that fail authentication (unknown device, bad signature, clock). */
  authFailureRate?: { perSecond: number; burst: number };
  signatureWindowMs?: number;
  /** What one store may do to another store's members (issue 12). */
  trustPolicy?: Partial<TrustPolicy>;
}

export interface RunningHq {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: WireErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const silentLog: HqLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * HQ's HTTP API (node:http, JSON bodies, /v1 prefix):
 *   GET  /v1/health               unauthenticated; returns HQ's clock so stores can correct theirs
 *   POST /v1/provision            exchange a provisioning token for device credentials
 *   POST /v1/events/batch         signed; idempotent, per-member ordered ingestion
 *   GET  /v1/downlink?after=&limit= signed; chain changes since a cursor
 *   POST /v1/deprovision          signed; the device retires its own credentials
 * Every refusal is a 4xx with {error:{code,message}} and changes nothing.
 */
export function createHqServer(options: HqServerOptions): http.Server {
  const repo = options.repo;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silentLog;
  const maxBody = options.maxBodyBytes ?? MAX_REQUEST_BYTES;
  const windowMs = options.signatureWindowMs ?? SIGNATURE_WINDOW_MS;
  // Issue 12: a device's budget is charged only after its signature verifies, so a flood of bad
  // signatures claiming its id cannot starve it; failed authentications spend their address's budget.
  const deviceBudget = new RequestBudget(options.deviceRate ?? { perSecond: 50, burst: 100 });
  const addressBudget = new RequestBudget(options.addressRate ?? { perSecond: 5, burst: 30 });
  const authFailureBudget = new RequestBudget(options.authFailureRate ?? { perSecond: 5, burst: 30 });
  const trustPolicy: TrustPolicy = { ...DEFAULT_TRUST_POLICY, ...options.trustPolicy };
  let lastPurge = 0;
  const lastSeen = new Map<string, number>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hq');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const body = await readBody(req, maxBody);

    switch (route) {
      case 'GET /v1/health': {
        await limit(addressBudget, addressOf(req));
        return send(res, 200, { v: WIRE_VERSION, status: 'ok', hqTime: now().toISOString(), database: repo.db.dialect });
      }
      case 'POST /v1/provision': {
        await limit(addressBudget, addressOf(req));
        const args = parse(provisionRequestSchema, body);
        const issued = await repo.provisionDevice({ token: args.token, storeId: args.storeId, deviceName: args.deviceName, now: now(), ...(args.originId ? { originId: args.originId } : {}) });
        log.info('hq.device_provisioned', { deviceId: issued.deviceId, storeId: args.storeId, appVersion: args.appVersion });
        return send(res, 201, { v: WIRE_VERSION, deviceId: issued.deviceId, deviceSecret: issued.secret, storeId: args.storeId, chainId: issued.chainId, hqTime: now().toISOString() });
      }
      case 'POST /v1/events/batch': {
        // The nonce is recorded inside the ingest transaction: a replay still changes nothing.
        const { device, nonce } = await authenticateDeferred(req, url, body);
        const batch = parse(uploadBatchRequestSchema, body);
        if (batch.deviceId !== device.deviceId || batch.storeId !== device.storeId) {
          throw new HttpError(403, 'FORBIDDEN', 'batch names another device or store than the signing device');
        }
        const ack = await repo.ingestBatch(device, { originId: batch.originId, events: batch.events, skipped: batch.skipped }, now(), nonce, trustPolicy);
        await housekeeping(device);
        return send(res, 200, ack);
      }
      case 'GET /v1/downlink': {
        // Authenticated first, the nonce recorded only once the query is valid: a refusal changes nothing.
        const { device, nonce } = await authenticateDeferred(req, url, body);
        const afterText = url.searchParams.get('after') ?? '0';
        const limitText = url.searchParams.get('limit') ?? '500';
        // Digits only and at most 15 of them: a cursor beyond 2^53 (after=1e20) is an input error, not a 500.
        if (!/^\d{1,15}$/.test(afterText)) throw new HttpError(400, 'MALFORMED', 'after: must be a cursor of 0..999999999999999');
        if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000) throw new HttpError(400, 'MALFORMED', 'limit: must be 1..1000');
        const after = Number(afterText);
        const pageSize = Number(limitText);
        if (!(await repo.rememberNonce(device.deviceId, nonce.value, nonce.expiresAt))) throw new HttpError(409, 'REPLAYED', 'this request was already received');
        const page = await repo.changesSince(device.chainId, after, pageSize, device.storeId);
        await housekeeping(device);
        return send(res, 200, { v: WIRE_VERSION, ...page, hqTime: now().toISOString() });
      }
      case 'POST /v1/deprovision': {
        const device = await authenticate(req, url, body);
        await repo.revokeDevice(device.deviceId, now());
        log.info('hq.device_deprovisioned', { deviceId: device.deviceId });
        return send(res, 200, { v: WIRE_VERSION, revoked: true, hqTime: now().toISOString() });
      }
      default: {
        const known = ['/v1/health', '/v1/provision', '/v1/events/batch', '/v1/downlink', '/v1/deprovision'];
        if (known.includes(url.pathname)) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} not allowed on ${url.pathname}`);
        throw new HttpError(404, 'NOT_FOUND', `no such endpoint: ${url.pathname.slice(0, 100)}`);
      }
    }
  }

  async function authenticate(req: http.IncomingMessage, url: URL, body: Buffer): Promise<DeviceRecord> {
    const { device, nonce } = await authenticateDeferred(req, url, body);
    const fresh = await repo.rememberNonce(device.deviceId, nonce.value, nonce.expiresAt);
    if (!fresh) throw new HttpError(409, 'REPLAYED', 'this request was already received');
    return device;
  }

  /** Checks device, signature and clock; the caller records the nonce (alone, or in its own transaction). */
  async function authenticateDeferred(req: http.IncomingMessage, url: URL, body: Buffer): Promise<{ device: DeviceRecord; nonce: { value: string; expiresAt: Date } }> {
    try {
      const verified = await verifySignature(req, url, body);
      await limit(deviceBudget, verified.device.deviceId);
      return verified;
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) {
        // Failed authentications (random device ids, wrong signatures) are limited per address.
        const wait = await authFailureBudget.take(addressOf(req));
        if (wait > 0) throw tooMany(wait);
      }
      throw error;
    }
  }

  async function verifySignature(req: http.IncomingMessage, url: URL, body: Buffer): Promise<{ device: DeviceRecord; nonce: { value: string; expiresAt: Date } }> {
    const deviceId = header(req, HEADER.device);
    const timestamp = header(req, HEADER.timestamp);
    const nonce = header(req, HEADER.nonce);
    const signature = header(req, HEADER.signature);
    if (!deviceId || !timestamp || !nonce || !signature) throw new HttpError(401, 'UNAUTHENTICATED', 'signed request headers missing');
    if (!/^\d{1,16}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || deviceId.length > 64 || !/^[0-9a-f]{64}$/.test(signature)) {
      throw new HttpError(401, 'UNAUTHENTICATED', 'malformed authentication headers');
    }
    // Cached for a few seconds (HqRepository.getDeviceCached): a flood claiming a device id costs no query.
    const device = await repo.getDeviceCached(deviceId);
    if (!device || device.revokedAt !== null) throw new HttpError(401, 'UNAUTHENTICATED', 'unknown or revoked device; provision it again');
    const expected = signRequest(device.secret, canonicalRequest(req.method ?? 'GET', url.pathname + url.search, Number(timestamp), nonce, body));
    if (!signaturesEqual(expected, signature)) throw new HttpError(401, 'BAD_SIGNATURE', 'signature does not match');
    const hqNow = now();
    if (Math.abs(hqNow.getTime() - Number(timestamp)) > windowMs) {
      throw new HttpError(401, 'CLOCK_SKEW', `request time is more than ${Math.round(windowMs / 1000)} s from HQ time; correct with hqTime and retry`);
    }
    // Kept until the timestamp leaves the window, so a nonce cannot come back while it would be accepted.
    return { device, nonce: { value: nonce, expiresAt: new Date(Number(timestamp) + windowMs) } };
  }

  /**
   * Upkeep after a signed request succeeded (never after a refused one, so a refusal changes no
   * table): expired nonces, erasure requests past their deadline, and the device's "last seen",
   * each at most once a minute.
   */
  async function housekeeping(device: DeviceRecord): Promise<void> {
    const hqNow = now();
    if (hqNow.getTime() - lastPurge > 60_000) {
      lastPurge = hqNow.getTime();
      await repo.purgeNonces(new Date(hqNow.getTime() - windowMs));
      // Erasures requested at a non-home store that nobody carried out in time: HQ does it (legal deadline).
      const erased = await repo.carryOutDueErasureRequests(hqNow);
      if (erased > 0) log.info('hq.erasure_requests_carried_out', { count: erased });
    }
    if (hqNow.getTime() - (lastSeen.get(device.deviceId) ?? 0) > 60_000) {
      if (lastSeen.size > 100_000) lastSeen.clear(); // only costs an extra "last seen" write per device
      lastSeen.set(device.deviceId, hqNow.getTime());
      await repo.touchDevice(device.deviceId, hqNow);
    }
  }

  async function limit(budget: RequestBudget, key: string): Promise<void> {
    const wait = await budget.take(key);
    if (wait > 0) throw tooMany(wait);
  }

  function send(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), [HEADER.hqTime]: now().toISOString(), ...headers });
    res.end(text);
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      let httpError: HttpError;
      if (error instanceof HttpError) httpError = error;
      else if (error instanceof HqError) httpError = new HttpError(error.status, error.code, error.message);
      else {
        log.error('hq.request_failed', { path: req.url?.slice(0, 100), error: (error as Error).message });
        httpError = new HttpError(500, 'INTERNAL', 'HQ failed to handle the request; retry later');
      }
      if (res.headersSent) return void res.destroy();
      send(res, httpError.status, { v: WIRE_VERSION, error: { code: httpError.code, message: httpError.message }, hqTime: now().toISOString() }, {
        ...httpError.headers,
        // An oversized body is not drained: tell the client we are closing.
        ...(httpError.status === 413 ? { connection: 'close' } : {}),
      });
    });
  });
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function tooMany(waitMs: number): HttpError {
  return new HttpError(429, 'RATE_LIMITED', 'too many requests; slow down', { 'retry-after': String(Math.ceil(waitMs / 1000)) });
}

function addressOf(req: http.IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function header(req: http.IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function parse<S extends z.ZodType>(schema: S, body: Buffer): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'MALFORMED', 'body is not JSON');
  }
  if (typeof json === 'object' && json !== null && 'v' in json && (json as { v: unknown }).v !== WIRE_VERSION) {
    throw new HttpError(400, 'UNSUPPORTED_VERSION', `wire version ${String((json as { v: unknown }).v)} is not supported (HQ speaks ${WIRE_VERSION})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HttpError(400, 'MALFORMED', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`.slice(0, 300));
  }
  return result.data;
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > max) {
    req.resume();
    return Promise.reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body over ${max} bytes`));
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > max) {
        failed = true;
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body over ${max} bytes`));
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(parts));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

/**
 * Starts HQ on host:port (0 = any free port) and resolves once it listens. Over TLS when `tls` is
 * given; plain HTTP only on a loopback address (a pilot HQ on the same PC, tests) or when
 * `allowPlainHttpLab` says so explicitly (issue 12: provisioning returns the device secret in the body).
 */
export async function startHq(
  options: HqServerOptions & { host?: string; port?: number; tls?: { key: string | Buffer; cert: string | Buffer }; allowPlainHttpLab?: boolean },
): Promise<RunningHq> {
  const host = options.host ?? '127.0.0.1';
  if (!options.tls && !options.allowPlainHttpLab && !isLoopbackHost(host)) {
    throw new Error(`HQ refuses to serve plain HTTP on ${host}: give it a TLS certificate and key, or allow plain HTTP explicitly for a lab`);
  }
  const plain = createHqServer(options);
  let server: http.Server = plain;
  if (options.tls) {
    const handler = plain.listeners('request')[0] as http.RequestListener;
    server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) as unknown as http.Server;
  }
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
