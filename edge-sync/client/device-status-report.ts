import type { DeviceStatusRequest } from '../protocol/wire.js';
import type { HqClient } from './hq-client.js';
import type { OutboxStore } from './outbox-store.js';

/** What the rest of the store app knows about itself for HQ's stores page (no face data: a count only). */
export interface DeviceFacts {
  modelVersion: string | null;
  faceDataPeople: number;
  rulesVersion: number | null;
  rulesRefusal?: { version: number; message: string } | null;
}

/** The device-status body: the outbox's own counts plus the facts the app supplies. */
export function deviceStatusBody(store: OutboxStore, appVersion: string, facts: DeviceFacts, now: Date): Omit<DeviceStatusRequest, 'v'> {
  const c = store.counts();
  return {
    appVersion: appVersion.slice(0, 40) || 'unknown',
    modelVersion: facts.modelVersion === null ? null : facts.modelVersion.slice(0, 80),
    pendingEvents: c.pending,
    parkedEvents: c.parked,
    oldestPendingSeconds: c.oldestPendingAt === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(c.oldestPendingAt)) / 1000)),
    faceDataPeople: Math.max(0, Math.floor(facts.faceDataPeople)),
    rulesVersion: facts.rulesVersion,
    ...(facts.rulesRefusal !== undefined ? { rulesRefusal: facts.rulesRefusal === null ? null : { version: facts.rulesRefusal.version, message: facts.rulesRefusal.message.slice(0, 300) } } : {}),
  };
}

/** Sends the device's status once (the sync service calls it once per sync cycle). */
export async function reportDeviceStatus(client: HqClient, store: OutboxStore, appVersion: string, facts: DeviceFacts, now: Date): Promise<void> {
  await client.deviceStatus(deviceStatusBody(store, appVersion, facts, now));
}
