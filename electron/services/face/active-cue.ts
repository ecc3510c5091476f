import type { FaceConfig } from '../../contract/face-config.js';
import type { FaceAnalysis } from './face-pipeline.js';
import type { CueState, FaceSessionState } from './face-session.js';
import { meanEmbedding } from './face-session.js';
import { cosine } from './mobilefacenet-embedder.js';

/**
 * The optional active cue (issue 16): when the passive liveness score of a full window is
 * uncertain, the kiosk asks the person to turn their head slightly and the engine checks it from
 * the landmarks before deciding.
 *
 * Why yaw from the 5 landmarks: the nose's offset from the eye midpoint in eye distances
 * (face-quality.ts) changes when a head turns, but not when a flat photo is turned or tilted
 * in front of the camera — that squeezes eyes and nose alike, so the ratio stays. A blink cannot
 * be checked with these models (YuNet gives eye centres, not lids), so it is not offered.
 */
export type CueStep =
  /** Keep asking: the cue is not performed yet. */
  | { kind: 'waiting' }
  /** Performed: decide on the window the cue was asked for. */
  | { kind: 'performed' }
  /** Not performed in time, or a frame fell below the liveness floor: refuse. */
  | { kind: 'failed' }
  /** Another face: forget the cue and treat the frame as the first of a new window. */
  | { kind: 'other-face' };

/** Starts a cue for the session's full window. */
export function startCue(s: FaceSessionState, at: number): CueState {
  const yaws = s.evidence.map((e) => e.yaw ?? 0);
  const cue: CueState = { kind: 'TURN_HEAD', startedAt: at, baseYaw: yaws.reduce((a, b) => a + b, 0) / yaws.length, probe: meanEmbedding(s.evidence), isPerformed: false };
  s.cue = cue;
  return cue;
}

/**
 * One usable frame while a cue is pending (a decision frame: analysed with liveness). It never
 * joins the window: a turned face embeds less well, and the decision is the window's.
 */
export function cueStep(cue: CueState, a: FaceAnalysis, at: number, config: FaceConfig): CueStep {
  if (!a.embedding || !a.quality) return { kind: 'waiting' };
  if (cosine(a.embedding, cue.probe) < config.verifyThreshold) return { kind: 'other-face' };
  if ((a.liveness?.live ?? 0) < config.liveness.frameFloor) return { kind: 'failed' };
  if (Math.abs(a.quality.yaw - cue.baseYaw) >= config.liveness.cue.minYawChange) return { kind: 'performed' };
  if (at - cue.startedAt > config.liveness.cue.timeoutMs) return { kind: 'failed' };
  return { kind: 'waiting' };
}

/** A frame turned too far (TURNED_AWAY alone) while a cue is pending is part of doing it, not a reason to start over. */
export function isTurningForCue(s: FaceSessionState, issues: readonly string[], blocking: ReadonlySet<string>): boolean {
  return s.cue !== null && !s.cue.isPerformed && issues.filter((i) => blocking.has(i)).every((i) => i === 'TURNED_AWAY');
}
