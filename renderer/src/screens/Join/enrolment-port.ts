import { useMemo } from 'react';
import type { Envelope } from '../../../../electron/contract/index.js';
import type { EnrolmentFrameVerdict, EnrolmentPort } from '../../components/join/GuidedCapture.js';

/** Good frames collected before enrolling. */
export const ENROLMENT_FRAMES = 3;

/**
 * Face enrolment for the member who just joined. Until the face.* calls are in the contract this
 * answers UNKNOWN_METHOD, so the capture step offers "try again" or "skip" (joining still completes).
 */
export function useEnrolmentPort(memberId: string | null): EnrolmentPort | null {
  return useMemo(() => {
    if (memberId === null) return null;
    const unavailable = { ok: false as const, error: { code: 'UNKNOWN_METHOD', message: 'face enrolment is not available on this build', retryable: false } };
    return {
      target: ENROLMENT_FRAMES,
      analyze: (): Promise<Envelope<EnrolmentFrameVerdict>> => Promise.resolve(unavailable),
      finish: (): Promise<Envelope<unknown>> => Promise.resolve(unavailable),
      reset: () => undefined,
    };
  }, [memberId]);
}
