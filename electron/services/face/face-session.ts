import type { FaceConfig } from '../../contract/face-config.js';
import type { FaceInput } from './face-engine.js';

/** One usable frame's evidence, kept only in memory and only for the decision window. */
export interface FrameEvidence {
  at: number;
  embedding: Float32Array;
  live: number | null;
  /** Signed yaw from the landmarks (face-quality.ts): the active cue's baseline. */
  yaw?: number;
}

/** An active cue asked of the person in front of the camera (active-cue.ts). */
export interface CueState {
  kind: 'TURN_HEAD';
  startedAt: number;
  baseYaw: number;
  /** The window's mean embedding: cue frames must show this face. */
  probe: Float32Array;
  isPerformed: boolean;
}

export interface ConfirmedMatch {
  memberId: string;
  confidence: number;
  margin: number;
  at: number;
  /** The window's mean embedding that was identified and the threshold it met (for visit learning; never leaves the service). */
  probe: Float32Array;
  threshold: number;
  /** A visit may add a template once per confirmed match. */
  learned: boolean;
}

/**
 * A decision the session stands by while the same face stays in view (README, "Decision frames"):
 * the frames that follow it are analysed without liveness and repeat it, until `decision.holdMs`
 * has passed, the face leaves or becomes unusable, or another face appears.
 */
export interface HeldDecision {
  at: number;
  status: 'identified' | 'unknown';
  match: { memberId: string; confidence: number; margin: number } | null;
  reason: 'NO_MATCH' | 'AMBIGUOUS' | 'EMPTY_GALLERY' | 'REJECTED_BEFORE' | null;
  /** The window's mean embedding the decision was taken on, and the 1:N threshold it used. */
  probe: Float32Array;
  threshold: number;
}

interface Pending {
  bytes: FaceInput;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Per-camera-session state: back-pressure (one frame in flight; a newer frame replaces the one
 * waiting, which resolves as 'dropped'), the window of recent usable frames, and the last
 * confirmed match that check-in may use.
 */
export class FaceSessionState {
  inFlight = false;
  queued: Pending | null = null;
  evidence: FrameEvidence[] = [];
  confirmed: ConfirmedMatch | null = null;
  held: HeldDecision | null = null;
  cue: CueState | null = null;
  /** Members the cashier rejected for the person in this session. */
  readonly rejected = new Set<string>();
  dropped = 0;
  lastActivity: number;

  constructor(now: number) {
    this.lastActivity = now;
  }

  /** Adds a usable frame and keeps only the consecutive frames inside the window. */
  addEvidence(frame: FrameEvidence, config: FaceConfig['decision']): void {
    this.evidence.push(frame);
    this.evidence = this.evidence.filter((e) => frame.at - e.at <= config.windowMs).slice(-config.frames);
  }

  resetEvidence(): void {
    this.evidence = [];
    this.held = null;
    this.cue = null;
  }

  /**
   * The decision still held at `now`, or null. An expired hold also empties the window: the next
   * decision is taken on fresh frames, each with its own liveness score.
   */
  heldDecision(now: number, holdMs: number): HeldDecision | null {
    if (this.held && now - this.held.at > holdMs) this.resetEvidence();
    return this.held;
  }

  confirmedMatch(now: number, ttlMs: number): ConfirmedMatch | null {
    if (!this.confirmed || now - this.confirmed.at > ttlMs) return null;
    return this.confirmed;
  }
}

/** Mean of L2-normalised embeddings, normalised again: a steadier probe than any single frame. */
export function meanEmbedding(frames: readonly FrameEvidence[]): Float32Array {
  const dim = frames[0]!.embedding.length;
  const sum = new Float32Array(dim);
  for (const f of frames) for (let i = 0; i < dim; i++) sum[i] = sum[i]! + f.embedding[i]!;
  let norm = 0;
  for (let i = 0; i < dim; i++) norm += sum[i]! * sum[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dim; i++) sum[i] = sum[i]! / norm;
  return sum;
}

/** 'uncertain': the mean fell in the active cue's band (only when the cue is enabled). */
export type LivenessVerdict = 'live' | 'spoof' | 'pending' | 'uncertain';

/**
 * Liveness over the window: any frame below the floor is a spoof at once (a replay that flickers
 * "live" in some frames is still refused); otherwise the mean over the full window decides.
 */
export function livenessVerdict(frames: readonly FrameEvidence[], config: FaceConfig['liveness'], needed: number): LivenessVerdict {
  if (!config.enabled) return 'live';
  const scores = frames.map((f) => f.live ?? 0);
  if (scores.some((s) => s < config.frameFloor)) return 'spoof';
  if (frames.length < needed) return 'pending';
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  if (config.cue.enabled && mean >= config.cue.band[0] && mean < config.cue.band[1]) return 'uncertain';
  return mean >= config.threshold ? 'live' : 'spoof';
}
