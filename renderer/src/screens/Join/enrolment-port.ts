import { useMemo } from 'react';
import type { Envelope } from '../../../../electron/contract/index.js';
import type { EnrolmentFrameVerdict, EnrolmentPort } from '../../components/join/GuidedCapture.js';
import { useClient } from '../../hooks/client-context.js';
import { safeInvoke } from '../../hooks/use-call.js';

/**
 * Face enrolment for the member who just joined (after their consent was recorded): frames go to
 * a fresh face session; once the engine has a decision's worth of good, live frames, the session
 * is enrolled for the member. Nothing leaves the device; the engine keeps no photo.
 */
export function useEnrolmentPort(memberId: string | null): EnrolmentPort | null {
  const client = useClient();
  return useMemo(() => {
    if (memberId === null) return null;
    const invoke: typeof client.invoke = (m, a) => safeInvoke((mm, aa) => client.invoke(mm, aa), m, a);
    let sessionId = `join-${crypto.randomUUID()}`;
    return {
      target: 3,
      async analyze(frame): Promise<Envelope<EnrolmentFrameVerdict>> {
        const envelope = await invoke('face.analyzeRawFrame', { sessionId, frame });
        if (!envelope.ok) return envelope;
        const r = envelope.value;
        const issue = r.status === 'guidance' ? (r.guidance[0] ?? 'other') : r.status === 'cue' ? 'CUE_TURN_HEAD' : r.status === 'liveness_failed' ? 'LIVENESS' : r.status === 'no_face' ? 'NO_FACE' : null;
        // 'unknown' or 'identified' means the engine has a full decision window of good, live frames.
        const isReady = r.status === 'unknown' || r.status === 'identified';
        return { ok: true, value: { framesCollected: r.framesCollected, framesNeeded: r.framesNeeded, issue, isReady } };
      },
      finish: () => invoke('face.enrollFromSession', { sessionId, memberId }),
      reset() {
        void invoke('face.endSession', { sessionId });
        sessionId = `join-${crypto.randomUUID()}`;
      },
    };
  }, [client, memberId]);
}
