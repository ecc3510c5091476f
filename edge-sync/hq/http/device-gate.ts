import type { FastifyRequest } from 'fastify';
import { canonicalRequest, signaturesEqual, signRequest } from '../../protocol/signing.js';
import { HEADER, SIGNATURE_WINDOW_MS } from '../../protocol/wire.js';
import type { DeviceRecord, HqRepository } from '../hq-repository.js';
import { RequestBudget } from '../rate-limit.js';
import { HqHttpError } from './hq-app.js';

/** A request whose device, signature and clock checked out; its nonce is recorded by the route. */
export interface SignedRequest {
  device: DeviceRecord;
  nonce: { value: string; expiresAt: Date };
}

export interface RequestRates {
  /** Per device, for signed endpoints. */
  deviceRate?: { perSecond: number; burst: number };
  /** Per client address, for the unauthenticated endpoints (health, provisioning). */
  addressRate?: { perSecond: number; burst: number };
  /** Per client address, for signed requests that fail authentication (unknown device, bad signature, clock). */
  authFailureRate?: { perSecond: number; burst: number };
  signatureWindowMs?: number;
}

/**
 * Who may talk to the device endpoints, and how often. Issue 12: a device's budget is charged only
 * after its signature verifies, so a flood of bad signatures claiming its id cannot starve it;
 * failed authentications spend their source address's budget instead.
 */
export class DeviceGate {
  readonly windowMs: number;
  private readonly deviceBudget: RequestBudget;
  private readonly addressBudget: RequestBudget;
  private readonly authFailureBudget: RequestBudget;

  constructor(
    private readonly repo: HqRepository,
    private readonly now: () => Date,
    rates: RequestRates,
  ) {
    this.windowMs = rates.signatureWindowMs ?? SIGNATURE_WINDOW_MS;
    this.deviceBudget = new RequestBudget(rates.deviceRate ?? { perSecond: 50, burst: 100 });
    this.addressBudget = new RequestBudget(rates.addressRate ?? { perSecond: 5, burst: 30 });
    this.authFailureBudget = new RequestBudget(rates.authFailureRate ?? { perSecond: 5, burst: 30 });
  }

  /** For the unauthenticated endpoints: 429 once the client address spent its budget. */
  async limitAddress(request: FastifyRequest): Promise<void> {
    const wait = await this.addressBudget.take(addressOf(request));
    if (wait > 0) throw tooMany(wait);
  }

  /** Checks device, signature and clock over the exact bytes received; the caller records the nonce. */
  async authenticate(request: FastifyRequest, body: Buffer): Promise<SignedRequest> {
    try {
      const verified = await this.verify(request, body);
      const wait = await this.deviceBudget.take(verified.device.deviceId);
      if (wait > 0) throw tooMany(wait);
      return verified;
    } catch (error) {
      if (error instanceof HqHttpError && error.status === 401) {
        // Failed authentications (random device ids, wrong signatures) are limited per address.
        const wait = await this.authFailureBudget.take(addressOf(request));
        if (wait > 0) throw tooMany(wait);
      }
      throw error;
    }
  }

  private async verify(request: FastifyRequest, body: Buffer): Promise<SignedRequest> {
    const deviceId = header(request, HEADER.device);
    const timestamp = header(request, HEADER.timestamp);
    const nonce = header(request, HEADER.nonce);
    const signature = header(request, HEADER.signature);
    if (!deviceId || !timestamp || !nonce || !signature) throw new HqHttpError(401, 'UNAUTHENTICATED', 'signed request headers missing');
    if (!/^\d{1,16}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || deviceId.length > 64 || !/^[0-9a-f]{64}$/.test(signature)) {
      throw new HqHttpError(401, 'UNAUTHENTICATED', 'malformed authentication headers');
    }
    // Cached for a few seconds (HqRepository.getDeviceCached): a flood claiming a device id costs no query.
    const device = await this.repo.getDeviceCached(deviceId);
    if (!device || device.revokedAt !== null) throw new HqHttpError(401, 'UNAUTHENTICATED', 'unknown or revoked device; provision it again');
    // The path as the device signed it: normalised the way the node:http server did (WHATWG URL).
    const url = new URL(request.url, 'http://hq');
    const expected = signRequest(device.secret, canonicalRequest(request.method, url.pathname + url.search, Number(timestamp), nonce, body));
    if (!signaturesEqual(expected, signature)) throw new HqHttpError(401, 'BAD_SIGNATURE', 'signature does not match');
    if (Math.abs(this.now().getTime() - Number(timestamp)) > this.windowMs) {
      throw new HqHttpError(401, 'CLOCK_SKEW', `request time is more than ${Math.round(this.windowMs / 1000)} s from HQ time; correct with hqTime and retry`);
    }
    // Kept until the timestamp leaves the window, so a nonce cannot come back while it would be accepted.
    return { device, nonce: { value: nonce, expiresAt: new Date(Number(timestamp) + this.windowMs) } };
  }
}

export function tooMany(waitMs: number): HqHttpError {
  return new HqHttpError(429, 'RATE_LIMITED', 'too many requests; slow down', { 'retry-after': String(Math.ceil(waitMs / 1000)) });
}

function addressOf(request: FastifyRequest): string {
  return request.socket.remoteAddress ?? 'unknown';
}

function header(request: FastifyRequest, name: string): string | null {
  const v = request.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : null;
}
