import { useEffect, useRef, type RefObject } from 'react';
import { captureFrameRaw, type CameraFrame } from './capture-frame.js';

/**
 * Sends camera frames to `analyze` one at a time: the next frame is captured only after the
 * previous call has answered, so a slow engine is never flooded and results arrive in order.
 * `minIntervalMs` caps the rate when the engine is fast (CPU is shared with the till).
 */
export function useFrameLoop(
  videoRef: RefObject<HTMLVideoElement | null>,
  isEnabled: boolean,
  analyze: (frame: CameraFrame) => Promise<void>,
  minIntervalMs = 120,
) {
  const analyzeRef = useRef(analyze);
  analyzeRef.current = analyze;

  useEffect(() => {
    if (!isEnabled) return;
    let isRunning = true;
    const canvas = document.createElement('canvas');
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    void (async () => {
      while (isRunning) {
        const started = performance.now();
        const video = videoRef.current;
        const frame = video ? captureFrameRaw(video, canvas) : null;
        if (frame) {
          try {
            await analyzeRef.current(frame);
          } catch {
            // analyze reports its own failures into the UI state; the loop just keeps going.
          }
        }
        const elapsed = performance.now() - started;
        await sleep(Math.max(frame ? 0 : 100, minIntervalMs - elapsed));
      }
    })();
    return () => {
      isRunning = false;
    };
  }, [videoRef, isEnabled, minIntervalMs]);
}
