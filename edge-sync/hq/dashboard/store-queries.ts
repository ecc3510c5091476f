import type { HqDb } from '../db/hq-db.js';
import type { DevicesResponse, StoresResponse } from './dashboard-schemas.js';

/**
 * The console's stores and devices pages, from `stores`, `devices` and each device's last status
 * report (device_status), always filtered by chain. A store's figures combine its devices that are
 * not revoked: pending/parked summed, sync lag and the rules version of the device furthest behind,
 * face-data people as the largest count reported (a store's tills share one member database).
 */

interface StatusRow {
  device_id: string;
  store_id: string;
  device_name: string;
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  reported_at: string | null;
  app_version: string | null;
  model_version: string | null;
  pending_events: number | null;
  parked_events: number | null;
  oldest_pending_seconds: number | null;
  face_data_people: number | null;
  rules_version: number | null;
  rules_refusal_version: number | null;
  rules_refusal_message: string | null;
  [k: string]: unknown;
}

async function deviceRows(db: HqDb, chainId: string, storeId?: string): Promise<StatusRow[]> {
  const params: unknown[] = [chainId];
  if (storeId !== undefined) params.push(storeId);
  return db.query<StatusRow>(
    `SELECT d.device_id, d.store_id, d.device_name, d.created_at, d.revoked_at, d.last_seen_at, s.reported_at, s.app_version, s.model_version,
            s.pending_events, s.parked_events, s.oldest_pending_seconds, s.face_data_people, s.rules_version, s.rules_refusal_version, s.rules_refusal_message
     FROM devices d LEFT JOIN device_status s ON s.device_id = d.device_id AND s.chain_id = d.chain_id
     WHERE d.chain_id = $1${storeId !== undefined ? ' AND d.store_id = $2' : ''} ORDER BY d.created_at, d.device_id`,
    params,
  );
}

const lastContact = (r: StatusRow) => latest(r.last_seen_at, r.reported_at);

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b === null ? null : new Date(b).toISOString();
  if (b === null) return new Date(a).toISOString();
  return new Date(Math.max(Date.parse(a), Date.parse(b))).toISOString();
}

const num = (v: number | null) => (v === null ? null : Number(v));

export async function listStores(db: HqDb, chainId: string): Promise<StoresResponse> {
  const stores = await db.query<{ store_id: string; name: string }>('SELECT store_id, name FROM stores WHERE chain_id = $1 ORDER BY store_id', [chainId]);
  const byStore = new Map<string, StatusRow[]>();
  for (const r of await deviceRows(db, chainId)) {
    if (r.revoked_at !== null) continue;
    const list = byStore.get(r.store_id) ?? [];
    list.push(r);
    byStore.set(r.store_id, list);
  }
  return {
    stores: stores.map((s) => {
      const devices = byStore.get(s.store_id) ?? [];
      const reported = devices.filter((d) => d.reported_at !== null);
      const refusal = reported
        .filter((d) => d.rules_refusal_version !== null)
        .sort((a, b) => Date.parse(String(b.reported_at)) - Date.parse(String(a.reported_at)))[0];
      const rulesVersions = reported.map((d) => num(d.rules_version)).filter((v): v is number => v !== null);
      const lags = reported.map((d) => num(d.oldest_pending_seconds) ?? 0);
      return {
        storeId: s.store_id,
        name: s.name,
        devices: devices.length,
        lastContactAt: devices.reduce<string | null>((acc, d) => latest(acc, lastContact(d)), null),
        syncLagSeconds: reported.length > 0 ? Math.max(...lags) : null,
        parkedEvents: reported.reduce((sum, d) => sum + Number(d.parked_events ?? 0), 0),
        pendingEvents: reported.reduce((sum, d) => sum + Number(d.pending_events ?? 0), 0),
        appVersions: [...new Set(reported.map((d) => String(d.app_version)))].sort(),
        modelVersions: [...new Set(reported.map((d) => d.model_version).filter((v): v is string => v !== null))].sort(),
        rulesVersion: rulesVersions.length > 0 ? Math.min(...rulesVersions) : null,
        rulesRefusal: refusal ? { version: Number(refusal.rules_refusal_version), message: String(refusal.rules_refusal_message ?? '') } : null,
        faceDataPeople: reported.reduce((max, d) => Math.max(max, Number(d.face_data_people ?? 0)), 0),
      };
    }),
  };
}

export async function listStoreDevices(db: HqDb, chainId: string, storeId: string): Promise<DevicesResponse> {
  const rows = await deviceRows(db, chainId, storeId);
  return {
    devices: rows.map((r) => ({
      deviceId: r.device_id,
      deviceName: r.device_name,
      createdAt: new Date(r.created_at).toISOString(),
      revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
      lastContactAt: lastContact(r),
      syncLagSeconds: num(r.oldest_pending_seconds) ?? (r.reported_at === null ? null : 0),
      pendingEvents: num(r.pending_events),
      parkedEvents: num(r.parked_events),
      appVersion: r.app_version,
      modelVersion: r.model_version,
    })),
  };
}

/** People with face data per store (the largest count its active devices reported), for the dashboard. */
export async function faceDataByStore(db: HqDb, chainId: string, storeId?: string): Promise<Array<{ storeId: string; storeName: string; people: number }>> {
  const params: unknown[] = [chainId];
  if (storeId !== undefined) params.push(storeId);
  const rows = await db.query<{ store_id: string; store_name: string; people: number }>(
    `SELECT s.store_id, st.name AS store_name, max(s.face_data_people) AS people
     FROM device_status s JOIN devices d ON d.device_id = s.device_id JOIN stores st ON st.chain_id = s.chain_id AND st.store_id = s.store_id
     WHERE s.chain_id = $1 AND d.revoked_at IS NULL${storeId !== undefined ? ' AND s.store_id = $2' : ''} GROUP BY s.store_id, st.name ORDER BY s.store_id`,
    params,
  );
  return rows.map((r) => ({ storeId: r.store_id, storeName: r.store_name, people: Number(r.people) }));
}
