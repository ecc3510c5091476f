import { useCallback, useEffect, useRef, useState } from 'react';
import { CameraController, type CameraState as DeviceCameraState, type MediaDevicesLike } from '../devices/camera-devices.js';
import { readCameraPreference } from '../devices/camera-preference.js';

export type CameraUnavailableReason = 'no-camera' | 'unplugged' | 'denied' | 'busy' | 'error';

export type CameraState =
  | { status: 'starting' }
  | { status: 'live'; label: string }
  | { status: 'unavailable'; reason: CameraUnavailableReason; detail: string };

/** The devices helper's states, reduced to what a screen shows (each unavailable reason has its own sentence). */
export function cameraStateOf(state: DeviceCameraState): CameraState {
  switch (state.kind) {
    case 'idle':
    case 'starting':
      return { status: 'starting' };
    case 'live':
      return { status: 'live', label: state.camera.label };
    case 'unplugged':
      return { status: 'unavailable', reason: 'unplugged', detail: state.camera.label };
    case 'no-camera':
      return { status: 'unavailable', reason: 'no-camera', detail: '' };
    case 'permission-denied':
      return { status: 'unavailable', reason: 'denied', detail: '' };
    case 'busy':
      return { status: 'unavailable', reason: 'busy', detail: state.camera.label };
    case 'error':
      return { status: 'unavailable', reason: 'error', detail: state.message };
  }
}

/**
 * Runs the camera (renderer/src/devices CameraController: picks the camera, survives unplug and
 * replug) into the returned video ref while `enabled`; every track stops when disabled or unmounted.
 */
export function useCamera(enabled: boolean, onReport?: (state: CameraState) => void) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const reportRef = useRef(onReport);
  reportRef.current = onReport;

  useEffect(() => {
    if (!enabled) return;
    const mediaDevices = navigator.mediaDevices as unknown as MediaDevicesLike | undefined;
    if (!mediaDevices?.getUserMedia) {
      const next: CameraState = { status: 'unavailable', reason: 'no-camera', detail: 'getUserMedia is not available' };
      setState(next);
      reportRef.current?.(next);
      return;
    }
    const controller = new CameraController({
      mediaDevices,
      // The manager's choice (Manager → Maintenance); without one the first camera found.
      preferred: readCameraPreference(),
      constraints: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
      onStream(stream) {
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = stream as MediaStream | null;
        if (stream) void video.play().catch(() => undefined);
      },
      onState(deviceState) {
        const next = cameraStateOf(deviceState);
        setState(next);
        if (next.status !== 'starting') reportRef.current?.(next);
      },
    });
    void controller.start();
    return () => controller.stop();
  }, [enabled, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { videoRef, state, retry };
}
