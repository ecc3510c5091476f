import { WIRE_VERSION, type DeviceStatusRequest, type DeviceStatusResponse } from '../protocol/wire.js';
import type { HqRepository } from './hq-repository.js';
import type { DeviceRecord } from './hq-records.js';

/**
 * POST /v1/device-status (signed): keeps the device's last report for the console's stores page.
 * A plain function over the verified device and the parsed body (deviceStatusRequestSchema), so
 * either HTTP layer can route to it. The store and chain are the device's own, never the body's.
 */
export async function recordDeviceStatus(repo: HqRepository, device: DeviceRecord, body: DeviceStatusRequest, now: Date): Promise<DeviceStatusResponse> {
  await repo.db.query(
    `INSERT INTO device_status (device_id, chain_id, store_id, reported_at, app_version, model_version, pending_events, parked_events, oldest_pending_seconds,
       face_data_people, rules_version, rules_refusal_version, rules_refusal_message)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (device_id) DO UPDATE SET reported_at = excluded.reported_at, app_version = excluded.app_version, model_version = excluded.model_version,
       pending_events = excluded.pending_events, parked_events = excluded.parked_events, oldest_pending_seconds = excluded.oldest_pending_seconds,
       face_data_people = excluded.face_data_people, rules_version = excluded.rules_version, rules_refusal_version = excluded.rules_refusal_version,
       rules_refusal_message = excluded.rules_refusal_message`,
    [
      device.deviceId,
      device.chainId,
      device.storeId,
      now.toISOString(),
      body.appVersion,
      body.modelVersion,
      body.pendingEvents,
      body.parkedEvents,
      body.oldestPendingSeconds,
      body.faceDataPeople,
      body.rulesVersion,
      body.rulesRefusal?.version ?? null,
      body.rulesRefusal?.message ?? null,
    ],
  );
  return { v: WIRE_VERSION, recorded: true, hqTime: now.toISOString() };
}
