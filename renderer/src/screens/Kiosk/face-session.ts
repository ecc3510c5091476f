import { useMemo } from 'react';
import type { ResultOf } from '../../../../electron/contract/index.js';
import { useClient } from '../../hooks/client-context.js';
import { safeInvoke } from '../../hooks/use-call.js';
import type { FrameOutcome } from '../../components/kiosk/kiosk-types.js';
import type { FaceSessionPort } from './kiosk-services.js';

type FrameResult = ResultOf<'face.analyzeFrame'>;

/**
 * The engine's verdict on one frame, in the kiosk's terms; null for a frame the engine dropped
 * (a newer one replaced it), which changes nothing on screen.
 */
export function outcomeOf(result: FrameResult): FrameOutcome | null {
  switch (result.status) {
    case 'no_face':
      return { kind: 'no-face' };
    case 'guidance':
      return { kind: 'adjust', issue: result.guidance[0] ?? 'other' };
    case 'liveness_failed':
      return { kind: 'spoof' };
    case 'identifying':
      return { kind: 'pending' };
    case 'cue':
      // The passive liveness check was unsure: the kiosk asks for a slight head turn (an instruction like any guidance).
      return { kind: 'adjust', issue: result.cue === 'TURN_HEAD' ? 'CUE_TURN_HEAD' : 'other' };
    case 'identified':
      // An 'identified' without a match would be an engine bug: never invent a name from it.
      return result.match ? { kind: 'match', memberId: result.match.memberId, confidence: result.match.confidence } : { kind: 'unknown' };
    case 'unknown':
      return { kind: 'unknown' };
    case 'dropped':
      return null;
  }
}

const newSessionId = () => `kiosk-${crypto.randomUUID()}`;

/**
 * One face session per person at the kiosk: frames go to face.analyzeRawFrame (pixels) under the session id,
 * the session that confirmed a match is what check-in and the greeting are verified against, and
 * a reset ends it (the engine forgets the frames) and starts a fresh one for the next person.
 */
export function useFaceSession(): FaceSessionPort {
  const client = useClient();
  return useMemo<FaceSessionPort>(() => {
    let sessionId = newSessionId();
    let confirmed: string | null = null;
    return {
      async analyzeFrame(frame) {
        const id = sessionId;
        const envelope = await safeInvoke((m, a) => client.invoke(m, a), 'face.analyzeRawFrame', { sessionId: id, frame });
        if (!envelope.ok) return envelope;
        // An answer for a session already ended (the kiosk was reset meanwhile) changes nothing.
        if (id !== sessionId) return { ok: true, value: null };
        const outcome = outcomeOf(envelope.value);
        if (outcome?.kind === 'match') confirmed = id;
        return { ok: true, value: outcome };
      },
      sessionId: () => confirmed,
      reset() {
        const ended = sessionId;
        sessionId = newSessionId();
        confirmed = null;
        void safeInvoke((m, a) => client.invoke(m, a), 'face.endSession', { sessionId: ended });
      },
    };
  }, [client]);
}
