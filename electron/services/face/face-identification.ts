import type { FaceConfig } from '../../contract/face-config.js';
import { thresholdForGallery } from './face-config.js';
import type { FaceEngine, FaceInput } from './face-engine.js';
import type { FaceModelState } from './face-model-state.js';
import type { FaceAnalysis } from './face-pipeline.js';
import { BLOCKING_ISSUES } from './face-quality.js';
import type { FrameResult, Identification } from './face-service-types.js';
import { livenessVerdict, meanEmbedding, type FaceSessionState } from './face-session.js';
import type { FaceTemplateStore } from './face-template-store.js';
import { cosine } from './mobilefacenet-embedder.js';
import { cueStep, isTurningForCue, startCue } from './active-cue.js';

export interface IdentificationEnv {
  config: FaceConfig;
  engine: FaceEngine;
  store: FaceTemplateStore;
  models: FaceModelState;
  now: () => number;
  emitStatus: () => void;
}

export function emptyFrameResult(config: FaceConfig, status: FrameResult['status'], extra: Partial<FrameResult> = {}): FrameResult {
  return {
    status,
    guidance: [],
    faceCount: 0,
    primaryBox: null,
    liveness: null,
    framesCollected: 0,
    framesNeeded: config.decision.frames,
    match: null,
    reason: null,
    droppedFrames: 0,
    processingMs: 0,
    ...extra,
  };
}

/**
 * Open-set 1:N search: the best member must reach the threshold for this gallery size, lead the
 * runner-up by the margin, and not look more like a probe the cashier already rejected for them.
 * Below that the face is "not a member yet", never the nearest stranger.
 */
export async function identify(env: Pick<IdentificationEnv, 'config' | 'store'>, probe: Float32Array, excluded: ReadonlySet<string>): Promise<Identification> {
  const { config, store } = env;
  const index = store.index;
  const threshold = thresholdForGallery(config, index.memberCount);
  if (index.size === 0) return { status: 'unknown', match: null, reason: 'EMPTY_GALLERY', threshold, candidates: [] };
  const found = await index.search(probe, 3 + excluded.size);
  let suppressed = false;
  const candidates = found.filter((c) => {
    if (excluded.has(c.memberId)) return false;
    // Negative evidence: this face looks more like someone the cashier already said is NOT this member.
    const rejected = store.rejections.activeOf(c.memberId);
    if (rejected && c.score >= threshold && rejected.some((r) => { const s = cosine(probe, r); return s >= threshold && s > c.score; })) {
      suppressed = true;
      return false;
    }
    return true;
  });
  const best = candidates[0];
  if (!best || best.score < threshold) return { status: 'unknown', match: null, reason: suppressed ? 'REJECTED_BEFORE' : 'NO_MATCH', threshold, candidates };
  // Unrelated faces score ≈ 0, so with no second candidate the margin is measured against 0.
  const margin = best.score - Math.max(0, candidates[1]?.score ?? 0);
  if (margin < config.decision.minMargin) return { status: 'unknown', match: null, reason: 'AMBIGUOUS', threshold, candidates };
  return { status: 'identified', match: { memberId: best.memberId, confidence: round3(best.score), margin: round3(margin) }, reason: null, threshold, candidates };
}

/**
 * One camera frame of a session: quality gates, then the frame joins the session's evidence;
 * once the decision window holds enough live frames, their mean embedding is identified.
 *
 * Decision frames (README): while the session holds no decision, every frame is analysed with
 * liveness and, if usable, enters the window. While it holds one, frames are analysed without
 * liveness and only repeat it if they show the same face (the held probe at the decision's own
 * threshold); any other frame ends the hold. A frame without a liveness score never enters the
 * window, so no decision is taken without liveness on every one of its frames.
 */
export async function decideFrame(env: IdentificationEnv, s: FaceSessionState, input: FaceInput): Promise<FrameResult> {
  const { config } = env;
  const started = env.now();
  const t0 = performance.now();
  const held = s.heldDecision(started, config.decision.holdMs);
  const analysis = await env.engine.analyze(input, 'frame', { liveness: held === null && config.liveness.enabled });
  if (!env.models.loaded) {
    env.models.loaded = true;
    env.emitStatus();
  }
  const base = frameBase(analysis);
  const finish = (r: FrameResult): FrameResult => ({ ...r, droppedFrames: s.dropped, processingMs: round3(performance.now() - t0) });
  if (analysis.primary === null || !analysis.quality) {
    s.resetEvidence();
    return finish(emptyFrameResult(config, 'no_face', base));
  }
  const guidance = analysis.quality.issues;
  if (guidance.some((i) => BLOCKING_ISSUES.has(i)) || !analysis.embedding) {
    if (isTurningForCue(s, guidance, BLOCKING_ISSUES)) return finish(emptyFrameResult(config, 'cue', { ...base, guidance, cue: 'TURN_HEAD', framesCollected: s.evidence.length }));
    s.resetEvidence();
    return finish(emptyFrameResult(config, 'guidance', { ...base, guidance }));
  }
  if (held) {
    const common = { ...base, guidance, framesCollected: s.evidence.length };
    if (cosine(analysis.embedding, held.probe) >= held.threshold) return finish(emptyFrameResult(config, held.status, { ...common, match: held.match, reason: held.reason }));
    // Another face: the hold ends. This frame had no liveness run, so the new window starts with the next one.
    s.resetEvidence();
    return finish(emptyFrameResult(config, 'identifying', { ...common, framesCollected: 0 }));
  }
  const live = analysis.liveness?.live ?? null;
  if (config.liveness.enabled && live === null) throw new Error('a decision frame was analysed without liveness');
  if (s.cue && !s.cue.isPerformed) {
    const step = cueStep(s.cue, analysis, started, config);
    const cueCommon = { ...base, guidance, liveness: live === null ? null : round3(live), framesCollected: s.evidence.length };
    if (step.kind === 'waiting') return finish(emptyFrameResult(config, 'cue', { ...cueCommon, cue: 'TURN_HEAD' }));
    if (step.kind === 'failed') {
      s.resetEvidence();
      s.confirmed = null;
      return finish(emptyFrameResult(config, 'liveness_failed', { ...cueCommon, framesCollected: 0 }));
    }
    if (step.kind === 'performed') {
      s.cue.isPerformed = true;
      return finish(await decideWindow(env, s, cueCommon));
    }
    s.resetEvidence(); // another face: this (live-scored) frame opens a new window
  }
  s.addEvidence({ at: started, embedding: analysis.embedding, live, yaw: analysis.quality.yaw }, config.decision);
  const needed = config.decision.frames;
  const common = { ...base, guidance, liveness: live === null ? null : round3(live), framesCollected: s.evidence.length };
  const verdict = livenessVerdict(s.evidence, config.liveness, needed);
  if (verdict === 'spoof') {
    s.resetEvidence();
    s.confirmed = null;
    return finish(emptyFrameResult(config, 'liveness_failed', { ...common, framesCollected: 0 }));
  }
  if (s.evidence.length < needed || verdict === 'pending') return finish(emptyFrameResult(config, 'identifying', common));
  if (verdict === 'uncertain' && !s.cue?.isPerformed) {
    startCue(s, started);
    return finish(emptyFrameResult(config, 'cue', { ...common, cue: 'TURN_HEAD' }));
  }
  return finish(await decideWindow(env, s, common));
}

/** The decision on the session's full, live window: identify its mean embedding, then hold and confirm. */
async function decideWindow(env: IdentificationEnv, s: FaceSessionState, common: Partial<FrameResult>): Promise<FrameResult> {
  const { config } = env;
  const probe = meanEmbedding(s.evidence);
  const decision = await identify(env, probe, s.rejected);
  const at = env.now();
  if (config.decision.holdMs > 0) s.held = { at, status: decision.status, match: decision.match, reason: decision.reason, probe, threshold: decision.threshold };
  if (decision.status === 'identified' && decision.match) {
    // Live by now: the window's verdict was 'live', or 'uncertain' with the active cue performed.
    s.confirmed = { ...decision.match, at, probe, threshold: decision.threshold, learned: false };
    return emptyFrameResult(config, 'identified', { ...common, match: decision.match });
  }
  s.confirmed = null;
  return emptyFrameResult(config, 'unknown', { ...common, reason: decision.reason });
}

/** One still image against the gallery (CLI, diagnostics): no liveness, single frame. */
export async function identifyStill(env: Pick<IdentificationEnv, 'config' | 'store' | 'engine'>, bytes: Uint8Array): Promise<Identification & { faceCount: number }> {
  const a = await env.engine.analyze(bytes, 'photo');
  if (a.primary === null || !a.embedding) {
    return { status: 'unknown', match: null, reason: 'NO_MATCH', threshold: thresholdForGallery(env.config, env.store.index.memberCount), candidates: [], faceCount: a.faces.length };
  }
  return { ...(await identify(env, a.embedding, new Set())), faceCount: a.faces.length };
}

function frameBase(a: FaceAnalysis): Partial<FrameResult> {
  const face = a.primary !== null ? a.faces[a.primary] : undefined;
  return {
    faceCount: a.faces.length,
    primaryBox: face
      ? {
          x: round3(face.box.x / a.imageWidth),
          y: round3(face.box.y / a.imageHeight),
          width: round3(face.box.width / a.imageWidth),
          height: round3(face.box.height / a.imageHeight),
        }
      : null,
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
