import type { DeviceRecord } from './hq-records.js';

/**
 * Device records (and "no such device") for a few seconds, so a flood of badly signed requests
 * claiming a device id — or random ids — costs HQ an HMAC, not a database round trip each (issue 12).
 * Bounded: past `max` entries the oldest go first (never a clear-all). A revocation through this HQ
 * instance takes effect at once (`forget`); one made elsewhere within `ttlMs`.
 */
export class DeviceCache {
  private readonly entries = new Map<string, { device: DeviceRecord | null; at: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 50_000,
  ) {}

  async get(deviceId: string, nowMs: number, load: (id: string) => Promise<DeviceRecord | null>): Promise<DeviceRecord | null> {
    const hit = this.entries.get(deviceId);
    if (hit && nowMs - hit.at < this.ttlMs) return hit.device;
    const device = await load(deviceId);
    this.entries.delete(deviceId);
    this.entries.set(deviceId, { device, at: nowMs });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return device;
  }

  forget(deviceId: string): void {
    this.entries.delete(deviceId);
  }
}
