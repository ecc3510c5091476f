import { AppError } from '../../contract/result.js';
import { FaceSessionState } from './face-session.js';
import type { FrameResult } from './face-service-types.js';
import type { FaceInput } from './face-engine.js';

const SESSION_IDLE_MS = 5 * 60_000;
/** A counter has one or two cameras; more frames in flight at once means a misbehaving client. */
const MAX_SESSIONS_IN_FLIGHT = 4;
const MAX_SESSIONS = 64;

/**
 * The camera sessions and their back-pressure: one frame in flight per session, and only the
 * newest frame waits behind it (the one it replaces is answered as dropped), so a slow engine
 * never builds a queue. Idle sessions expire; too many sessions at once are refused.
 */
export class FaceSessions {
  private readonly sessions = new Map<string, FaceSessionState>();
  private inFlightSessions = 0;
  /** Frames answered as dropped since start, over all sessions. */
  totalDropped = 0;

  constructor(
    private readonly now: () => number,
    /** The answer to a frame that was replaced by a newer one before it could be analysed. */
    private readonly droppedResult: (droppedFrames?: number) => FrameResult,
  ) {}

  /** The session, created if asked; every use keeps it alive and sweeps out the idle ones. */
  touch(sessionId: string, create: boolean): FaceSessionState | null {
    const t = this.now();
    for (const [id, s] of this.sessions) if (t - s.lastActivity > SESSION_IDLE_MS && !s.inFlight) this.sessions.delete(id);
    let s = this.sessions.get(sessionId) ?? null;
    if (!s && create) this.sessions.set(sessionId, (s = new FaceSessionState(t)));
    if (s) s.lastActivity = t;
    return s;
  }

  /** The session as it is, without keeping it alive. */
  peek(sessionId: string): FaceSessionState | undefined {
    return this.sessions.get(sessionId);
  }

  /**
   * Analyses the frame with `process` now, or queues it behind the frame in flight. A queued
   * frame re-enters through `resubmit` (the service's own entry, with its checks) once the frame
   * in flight is answered.
   */
  async submit(
    sessionId: string,
    bytes: FaceInput,
    process: (session: FaceSessionState, bytes: FaceInput) => Promise<FrameResult>,
    resubmit: (sessionId: string, bytes: FaceInput) => Promise<FrameResult>,
  ): Promise<FrameResult> {
    if (!this.sessions.has(sessionId) && (this.sessions.size >= MAX_SESSIONS || this.inFlightSessions >= MAX_SESSIONS_IN_FLIGHT)) {
      throw new AppError('RATE_LIMITED', 'Too many camera sessions at once', { retryable: true });
    }
    const s = this.touch(sessionId, true)!;
    if (s.inFlight) {
      if (s.queued) {
        s.dropped++;
        this.totalDropped++;
        s.queued.resolve(this.droppedResult(s.dropped));
      }
      return new Promise<FrameResult>((resolve, reject) => {
        s.queued = { bytes, resolve: resolve as (v: unknown) => void, reject };
      });
    }
    s.inFlight = true;
    this.inFlightSessions++;
    try {
      return await process(s, bytes);
    } finally {
      s.inFlight = false;
      this.inFlightSessions--;
      const next = s.queued;
      if (next) {
        s.queued = null;
        resubmit(sessionId, next.bytes).then(next.resolve, next.reject);
      }
    }
  }

  /** Ends a session; a frame still waiting is answered as dropped. */
  end(sessionId: string): boolean {
    const s = this.sessions.get(sessionId);
    if (s?.queued) s.queued.resolve(this.droppedResult());
    return this.sessions.delete(sessionId);
  }

  /** After an erasure no session may still hold a match to that member. */
  forgetMatchesOf(memberId: string): void {
    for (const s of this.sessions.values()) {
      if (s.confirmed?.memberId === memberId) s.confirmed = null;
      if (s.held?.match?.memberId === memberId) s.held = null;
    }
  }

  ids(): string[] {
    return [...this.sessions.keys()];
  }
}
