import { useCallback, useEffect, useRef, useState } from 'react';

export type CameraState =
  | { status: 'starting' }
  | { status: 'live' }
  /** 'no-camera': nothing plugged in; 'denied': permission refused; 'error': anything else (busy, driver). */
  | { status: 'unavailable'; reason: 'no-camera' | 'denied' | 'error'; detail: string };

export function cameraFailureReason(error: unknown): 'no-camera' | 'denied' | 'error' {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'no-camera';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  return 'error';
}

/**
 * Opens the camera into the returned video ref while `enabled`; stops every track when disabled
 * or unmounted (the light goes off). A lost camera (unplugged) becomes 'unavailable' with a retry.
 */
export function useCamera(enabled: boolean, onReport?: (state: CameraState, label: string | undefined) => void) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const reportRef = useRef(onReport);
  reportRef.current = onReport;

  useEffect(() => {
    if (!enabled) return;
    let stream: MediaStream | null = null;
    let isCurrent = true;
    setState({ status: 'starting' });
    const fail = (error: unknown) => {
      if (!isCurrent) return;
      const next: CameraState = { status: 'unavailable', reason: cameraFailureReason(error), detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      setState(next);
      reportRef.current?.(next, undefined);
    };
    if (!navigator.mediaDevices?.getUserMedia) {
      fail(Object.assign(new Error('getUserMedia is not available'), { name: 'NotFoundError' }));
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false })
      .then(async (s) => {
        if (!isCurrent) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream = s;
        const track = s.getVideoTracks()[0];
        track?.addEventListener('ended', () => fail(Object.assign(new Error('the camera was disconnected'), { name: 'NotReadableError' })));
        const video = videoRef.current;
        if (video) {
          video.srcObject = s;
          await video.play().catch(() => undefined);
        }
        setState({ status: 'live' });
        reportRef.current?.({ status: 'live' }, track?.label);
      })
      .catch(fail);
    return () => {
      isCurrent = false;
      stream?.getTracks().forEach((t) => t.stop());
      if (videoRef.current) videoRef.current.srcObject = null;
    };
  }, [enabled, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { videoRef, state, retry };
}
