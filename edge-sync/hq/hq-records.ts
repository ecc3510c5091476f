import type { WireErrorCode } from '../protocol/wire.js';

// What HQ's repository parts and its HTTP layer share: the refusal type and the records they pass around.

/** A refusal the HTTP layer maps to a 4xx with this code. */
export class HqError extends Error {
  constructor(
    readonly status: number,
    readonly code: WireErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DeviceRecord {
  deviceId: string;
  storeId: string;
  chainId: string;
  secret: string;
  revokedAt: string | null;
  /** The origin (store database) this device speaks for; null until provisioning or its first batch binds one. */
  originId: string | null;
}

export interface StoredEvent {
  hqSeq: number;
  eventId: string;
  storeId: string;
  originId: string;
  kind: string;
  memberId: string | null;
  memberSeq: number | null;
  payload: unknown;
}
