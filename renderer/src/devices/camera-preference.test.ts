import { describe, expect, it } from 'vitest';
import { readCameraPreference, writeCameraPreference } from './camera-preference.js';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('camera preference', () => {
  it('round-trips, clears, and treats a damaged entry as no choice', () => {
    const storage = memoryStorage();
    expect(readCameraPreference(storage)).toBeNull();
    writeCameraPreference({ deviceId: 'abc', label: 'USB2.0 HD UVC WebCam' }, storage);
    expect(readCameraPreference(storage)).toEqual({ deviceId: 'abc', label: 'USB2.0 HD UVC WebCam' });
    writeCameraPreference(null, storage);
    expect(readCameraPreference(storage)).toBeNull();
    storage.map.set('kiosk.camera.preferred', '{not json');
    expect(readCameraPreference(storage)).toBeNull();
    storage.map.set('kiosk.camera.preferred', JSON.stringify({ deviceId: 5 }));
    expect(readCameraPreference(storage)).toBeNull();
  });
});
