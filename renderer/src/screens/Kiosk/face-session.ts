import { useMemo } from 'react';
import type { Envelope } from '../../../../electron/contract/index.js';
import type { FrameOutcome } from './kiosk-types.js';
import type { FaceSessionPort } from './kiosk-services.js';

/**
 * The face engine behind the kiosk. Until the face.* calls are in the contract this answers
 * UNKNOWN_METHOD, and the kiosk serves by phone and member code only.
 */
export function useFaceSession(): FaceSessionPort {
  return useMemo<FaceSessionPort>(() => {
    const unavailable: Envelope<FrameOutcome> = { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'face recognition is not available on this build', retryable: false } };
    return { analyzeFrame: () => Promise.resolve(unavailable), sessionId: () => null, reset: () => undefined };
  }, []);
}
