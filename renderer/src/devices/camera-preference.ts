/**
 * The camera this terminal should use, chosen by the manager. It belongs to the machine (which USB
 * camera faces the customer), so it is kept in this renderer's own storage, not in the store's data
 * or synced. The label is kept too: after a replug the id can change and the label still matches.
 */
export interface CameraPreference {
  deviceId: string;
  label: string;
}

const KEY = 'kiosk.camera.preferred';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const defaultStorage = (): StorageLike | null => (typeof localStorage === 'undefined' ? null : localStorage);

export function readCameraPreference(storage: StorageLike | null = defaultStorage()): CameraPreference | null {
  const raw = storage?.getItem(KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<CameraPreference>;
    return typeof value.deviceId === 'string' && typeof value.label === 'string' ? { deviceId: value.deviceId, label: value.label } : null;
  } catch {
    // A damaged entry means "no choice made": the first camera is used, as before any choice.
    return null;
  }
}

/** null clears the choice (the first camera found is used). */
export function writeCameraPreference(preference: CameraPreference | null, storage: StorageLike | null = defaultStorage()): void {
  if (!storage) return;
  if (preference === null) storage.removeItem(KEY);
  else storage.setItem(KEY, JSON.stringify(preference));
}
