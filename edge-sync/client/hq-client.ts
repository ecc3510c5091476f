import type { z } from 'zod';
import { canonicalRequest, newNonce, signRequest } from '../protocol/signing.js';
import { plainHttpRefusal } from './hq-url.js';
import {
  HEADER,
  WIRE_VERSION,
  deviceStatusResponseSchema,
  downlinkPageSchema,
  healthResponseSchema,
  provisionResponseSchema,
  uploadBatchAckSchema,
  wireErrorSchema,
  type DeviceStatusRequest,
  type DeviceStatusResponse,
  type DownlinkPage,
  type ProvisionRequest,
  type ProvisionResponse,
  type UploadBatchAck,
  type UploadBatchRequest,
} from '../protocol/wire.js';
import {
  memberLookupResponseSchema,
  redemptionResponseSchema,
  type MemberLookupResponse,
  type RedemptionRequest,
  type RedemptionResponse,
} from '../protocol/member-bank-wire.js';

export interface DeviceCredentials {
  deviceId: string;
  deviceSecret: string;
  storeId: string;
}

type Body = unknown | ((creds: DeviceCredentials | null) => unknown);

/** Why a call to HQ failed, in the terms the uploader acts on. */
/** The longest a member lookup waits for HQ (a person is waiting). */
export const LOOKUP_TIMEOUT_MS = 5_000;

export class HqCallError extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'http' | 'bad_response',
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'HqCallError';
  }

  /** Worth retrying later as is (HQ down, slow, overloaded, or a transient 5xx). */
  get isTransient(): boolean {
    return this.kind !== 'http' || this.status === null || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export interface HqClientOptions {
  baseUrl: string;
  /** Read on every signed call, so credentials replaced on disk (re-provisioning) are picked up. */
  credentials: () => DeviceCredentials | null;
  /** The store's own clock (may be a day off); HQ's time is learned from every response. */
  now?: () => number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Called after a 401 that is not about the clock: reload credentials; return true to retry once. */
  onUnauthorized?: () => boolean | Promise<boolean>;
  /** Lab only: allow plain http:// to a host other than this machine (hq-url.ts). */
  allowPlainHttp?: boolean;
}

/**
 * Talks to HQ. Signs every call with the device secret over HQ's time: it keeps the offset between
 * the store clock and HQ's clock (from the hqTime of every response), so a store whose clock is
 * a day off still signs timestamps inside HQ's window. A CLOCK_SKEW refusal updates the offset and
 * is retried once at once.
 */
export class HqClient {
  private offsetMs = 0;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: HqClientOptions) {
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.doFetch = options.fetch ?? fetch;
  }

  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  /** HQ's time as this store best knows it. */
  hqNow(): number {
    return this.now() + this.offsetMs;
  }

  /** HQ's unauthenticated health answer (no database work at HQ): the uploader's cheap "is HQ back?" probe. */
  async health(options: { timeoutMs?: number } = {}): Promise<z.output<typeof healthResponseSchema>> {
    return this.request('GET', '/v1/health', null, healthResponseSchema, false, options.timeoutMs);
  }

  async provision(args: Omit<ProvisionRequest, 'v'>): Promise<ProvisionResponse> {
    return this.request('POST', '/v1/provision', { v: WIRE_VERSION, ...args }, provisionResponseSchema, false);
  }

  /** Store and device ids are filled in from the credentials the request is signed with (they may be refreshed on 401). */
  async uploadBatch(batch: Omit<UploadBatchRequest, 'storeId' | 'deviceId'>): Promise<UploadBatchAck> {
    const body = (c: DeviceCredentials | null) => ({ ...batch, storeId: c?.storeId ?? '', deviceId: c?.deviceId ?? '' });
    return this.request('POST', '/v1/events/batch', body, uploadBatchAckSchema, true);
  }

  /**
   * One page of HQ's change feed, its envelope checked only: each change's body is checked by the
   * Downlink with the strict schema of its type, so one change this app version cannot read is kept
   * aside instead of failing the page (edge-sync/README.md, "Downlink compatibility").
   */
  async downlink(after: number, limit = 500): Promise<DownlinkPage> {
    return this.request('GET', `/v1/downlink?after=${after}&limit=${limit}`, null, downlinkPageSchema, true);
  }

  /** Once per sync cycle: versions, outbox counts and the face-data count (a number only) for HQ's stores page. */
  async deviceStatus(status: Omit<DeviceStatusRequest, 'v'>): Promise<DeviceStatusResponse> {
    return this.request('POST', '/v1/device-status', { v: WIRE_VERSION, ...status }, deviceStatusResponseSchema, true);
  }

  /** The member bank (issue 13): a member of any store of the chain, by phone or member code / card code. */
  async lookupMember(key: { phone: string } | { memberCode: string }): Promise<MemberLookupResponse> {
    // Someone is waiting at the counter or the kiosk: a slow HQ counts as unreachable after a few seconds.
    return this.request('POST', '/v1/members/lookup', { v: WIRE_VERSION, ...key }, memberLookupResponseSchema, true, Math.min(this.timeoutMs, LOOKUP_TIMEOUT_MS));
  }

  /** The member bank: HQ authorises a redemption against the chain balance; a retry with the same opId gets the first answer. */
  async authoriseRedemption(args: Omit<RedemptionRequest, 'v'>, options: { timeoutMs?: number } = {}): Promise<RedemptionResponse> {
    return this.request('POST', '/v1/redemptions', { v: WIRE_VERSION, ...args }, redemptionResponseSchema, true, options.timeoutMs);
  }

  async deprovision(): Promise<void> {
    await this.request('POST', '/v1/deprovision', { v: WIRE_VERSION }, null, true);
  }

  private async request<S extends z.ZodType>(method: string, path: string, body: Body, schema: S | null, signed: boolean, timeoutMs = this.timeoutMs): Promise<z.output<S>> {
    let clockRetried = false;
    let credentialRetried = false;
    for (;;) {
      try {
        return await this.once(method, path, body, schema, signed, timeoutMs);
      } catch (error) {
        if (!(error instanceof HqCallError) || error.status !== 401) throw error;
        if (error.code === 'CLOCK_SKEW' && !clockRetried) {
          clockRetried = true;
          continue;
        }
        if (error.code !== 'CLOCK_SKEW' && !credentialRetried && this.options.onUnauthorized && (await this.options.onUnauthorized())) {
          credentialRetried = true;
          continue;
        }
        throw error;
      }
    }
  }

  private async once<S extends z.ZodType>(method: string, path: string, bodyOrBuilder: Body, schema: S | null, signed: boolean, timeoutMs: number): Promise<z.output<S>> {
    // Checked before anything is signed or sent: never a secret or member data over plain HTTP to another machine.
    const insecure = plainHttpRefusal(this.options.baseUrl, this.options.allowPlainHttp ?? false);
    if (insecure) throw new HqCallError('http', insecure, null, 'INSECURE_URL');
    const creds = signed ? this.options.credentials() : null;
    const body = typeof bodyOrBuilder === 'function' ? (bodyOrBuilder as (c: DeviceCredentials | null) => unknown)(creds) : bodyOrBuilder;
    const text = body === null ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== null) headers['content-type'] = 'application/json';
    if (signed) {
      if (!creds) throw new HqCallError('http', 'this device is not provisioned', 401, 'UNAUTHENTICATED');
      const ts = Math.round(this.hqNow());
      const nonce = newNonce();
      headers[HEADER.device] = creds.deviceId;
      headers[HEADER.timestamp] = String(ts);
      headers[HEADER.nonce] = nonce;
      headers[HEADER.signature] = signRequest(creds.deviceSecret, canonicalRequest(method, path, ts, nonce, text));
    }
    const sentAt = this.now();
    let res: Response;
    try {
      res = await this.doFetch(new URL(path, this.options.baseUrl), {
        method,
        headers,
        body: body === null ? undefined : text,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = error as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new HqCallError('timeout', `HQ did not answer within ${timeoutMs} ms`);
      throw new HqCallError('network', `HQ unreachable: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    }
    let raw: string;
    try {
      raw = await res.text();
    } catch (error) {
      throw new HqCallError('network', `HQ connection lost while reading: ${(error as Error).message}`);
    }
    this.learnHqTime(res.headers.get(HEADER.hqTime), sentAt, this.now());
    let json: unknown = null;
    try {
      json = raw.length > 0 ? JSON.parse(raw) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const parsed = wireErrorSchema.safeParse(json);
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new HqCallError(
        'http',
        parsed.success ? `${res.status} ${parsed.data.error.code}: ${parsed.data.error.message}` : `HQ answered ${res.status}`,
        res.status,
        parsed.success ? parsed.data.error.code : null,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
      );
    }
    if (schema === null) return json as z.output<S>;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HqCallError('bad_response', `HQ answered ${method} ${path.split('?')[0]} with an unexpected body`);
    return parsed.data;
  }

  private learnHqTime(value: string | null, sentAt: number, receivedAt: number): void {
    if (!value) return;
    const hq = Date.parse(value);
    if (!Number.isFinite(hq)) return;
    // HQ stamped its time somewhere between our send and receive: assume the middle.
    this.offsetMs = hq - (sentAt + receivedAt) / 2;
  }
}
