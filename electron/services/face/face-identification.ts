import type { FaceConfig } from '../../contract/face-config.js';
import { thresholdForGallery } from './face-config.js';
import type { FaceEngine } from './face-engine.js';
import type { FaceModelState } from './face-model-state.js';
import type { FaceAnalysis } from './face-pipeline.js';
import { BLOCKING_ISSUES } from './face-quality.js';
import type { FrameResult, Identification } from './face-service-types.js';
import { livenessVerdict, meanEmbedding, type FaceSessionState } from './face-session.js';
import type { FaceTemplateStore } from './face-template-store.js';
import { cosine } from './mobilefacenet-embedder.js';

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
 */
export async function decideFrame(env: IdentificationEnv, s: FaceSessionState, bytes: Uint8Array): Promise<FrameResult> {
  const { config } = env;
  const started = env.now();
  const t0 = performance.now();
  const analysis = await env.engine.analyze(bytes, 'frame');
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
    s.resetEvidence();
    return finish(emptyFrameResult(config, 'guidance', { ...base, guidance }));
  }
  s.addEvidence({ at: started, embedding: analysis.embedding, live: analysis.liveness?.live ?? null }, config.decision);
  const needed = config.decision.frames;
  const common = { ...base, guidance, liveness: analysis.liveness ? round3(analysis.liveness.live) : null, framesCollected: s.evidence.length };
  const verdict = livenessVerdict(s.evidence, config.liveness, needed);
  if (verdict === 'spoof') {
    s.resetEvidence();
    s.confirmed = null;
    return finish(emptyFrameResult(config, 'liveness_failed', { ...common, framesCollected: 0 }));
  }
  if (s.evidence.length < needed || verdict === 'pending') return finish(emptyFrameResult(config, 'identifying', common));
  const probe = meanEmbedding(s.evidence);
  const decision = await identify(env, probe, s.rejected);
  if (decision.status === 'identified' && decision.match) {
    // Live by now: the liveness verdict above was 'live' for this full window.
    s.confirmed = { ...decision.match, at: env.now(), probe, threshold: decision.threshold, learned: false };
    return finish(emptyFrameResult(config, 'identified', { ...common, match: decision.match }));
  }
  s.confirmed = null;
  return finish(emptyFrameResult(config, 'unknown', { ...common, reason: decision.reason }));
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
