import { describe, expect, it } from 'vitest';
import type { FaceService } from './face-service.js';
import { createFaceHandlers, type FaceIdentifiedNotice } from './face-handlers.js';

type FrameResult = Awaited<ReturnType<FaceService['analyzeFrame']>>;
const base: FrameResult = {
  status: 'identifying',
  guidance: [],
  faceCount: 1,
  primaryBox: null,
  liveness: 0.9,
  framesCollected: 1,
  framesNeeded: 3,
  match: null,
  reason: null,
  droppedFrames: 0,
  processingMs: 5,
};

describe('face.analyzeFrame announces a confirmed member once per session', () => {
  it('calls onIdentified on the first identified frame only, with ids and the score', async () => {
    const results: FrameResult[] = [
      base,
      { ...base, status: 'identified', match: { memberId: 'm1', confidence: 0.78, margin: 0.2 } },
      { ...base, status: 'identified', match: { memberId: 'm1', confidence: 0.8, margin: 0.2 } },
    ];
    const face = { analyzeFrame: async () => results.shift() as FrameResult } as unknown as FaceService;
    const notices: FaceIdentifiedNotice[] = [];
    const handlers = createFaceHandlers({ face, isJustJoined: () => false }, (n) => notices.push(n));
    const call = { clientId: 'c', transport: 'in-process' as const, session: null, startSession() {}, endSession() {} };
    const frame = { sessionId: 's1', jpegBase64: 'AAAA' };
    await handlers['face.analyzeFrame'](frame, call);
    expect(notices).toEqual([]);
    await handlers['face.analyzeFrame'](frame, call);
    await handlers['face.analyzeFrame'](frame, call);
    expect(notices).toEqual([{ sessionId: 's1', memberId: 'm1', confidence: 0.78 }]);
  });
});
