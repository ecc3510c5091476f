import { describe, expect, it } from 'vitest';
import { cameraStateOf } from './use-camera.js';

describe('camera state for the screen', () => {
  const camera = { deviceId: 'd1', label: 'USB Cam' };
  it('maps every device state to starting, live or a specific unavailable reason', () => {
    expect(cameraStateOf({ kind: 'idle' })).toEqual({ status: 'starting' });
    expect(cameraStateOf({ kind: 'starting', camera })).toEqual({ status: 'starting' });
    expect(cameraStateOf({ kind: 'live', camera })).toEqual({ status: 'live', label: 'USB Cam' });
    expect(cameraStateOf({ kind: 'unplugged', camera })).toMatchObject({ status: 'unavailable', reason: 'unplugged' });
    expect(cameraStateOf({ kind: 'no-camera' })).toMatchObject({ reason: 'no-camera' });
    expect(cameraStateOf({ kind: 'permission-denied' })).toMatchObject({ reason: 'denied' });
    expect(cameraStateOf({ kind: 'busy', camera })).toMatchObject({ reason: 'busy' });
    expect(cameraStateOf({ kind: 'error', message: 'boom' })).toEqual({ status: 'unavailable', reason: 'error', detail: 'boom' });
  });
});
