import type { FaceConfig } from '../../contract/face-config.js';
import { AppError } from '../../contract/result.js';
import type { Logger } from '../../core/logger.js';
import { thresholdForGallery } from './face-config.js';
import type { FaceEngine } from './face-engine.js';
import { FaceErrorCode } from './face-errors.js';
import type { FaceModelState } from './face-model-state.js';
import type { FaceAnalysis } from './face-pipeline.js';
import { BLOCKING_ISSUES } from './face-quality.js';
import type { EnrolResult, FaceServiceDeps } from './face-service-types.js';
import { livenessVerdict, meanEmbedding } from './face-session.js';
import type { FaceSessions } from './face-sessions.js';
import type { FaceTemplateStore } from './face-template-store.js';
import { cosine } from './mobilefacenet-embedder.js';

export interface EnrolmentEnv {
  config: FaceConfig;
  log: Logger;
  engine: FaceEngine;
  consent: Pick<FaceServiceDeps, 'hasFaceConsent'>;
  store: FaceTemplateStore;
  models: FaceModelState;
  sessions: FaceSessions;
  now: () => number;
  emitStatus: () => void;
}

export interface PhotoEnrolmentOptions {
  source?: 'photo' | 'cli';
  staffId?: string | null;
}

/** Enrols the live face a camera session has just seen: its recent good, live frames make one template. */
export async function enrolFromSession(env: EnrolmentEnv, sessionId: string, memberId: string, staffId: string | null): Promise<EnrolResult> {
  const { config } = env;
  requireConsent(env, memberId);
  const version = env.models.require();
  const s = env.sessions.touch(sessionId, false);
  if (!s) throw new AppError(FaceErrorCode.SESSION_UNKNOWN, 'No camera session with that id (it may have expired)');
  const needed = config.enrolment.framesFromSession;
  const frames = s.evidence.filter((e) => env.now() - e.at <= config.decision.windowMs);
  if (frames.length < needed) {
    throw new AppError(FaceErrorCode.ENROLMENT_INSUFFICIENT, `Need ${needed} good recent frames; have ${frames.length}`, {
      retryable: true,
      details: { framesCollected: frames.length, framesNeeded: needed },
    });
  }
  const verdict = livenessVerdict(frames, config.liveness, needed);
  if (verdict !== 'live' && !(verdict === 'uncertain' && s.cue?.isPerformed)) {
    throw new AppError(FaceErrorCode.LIVENESS_FAILED, 'The face did not pass the liveness check');
  }
  const template = meanEmbedding(frames);
  await assertNoConflict(env, memberId, [template]);
  const added = env.store.addTemplates(memberId, [{ vector: template, quality: null }], 'session');
  env.log.info('face.enrolled', { memberId, staffId, source: 'session', added });
  // A held "unknown" is out of date now that this face is enrolled.
  s.held = null;
  env.emitStatus();
  return { memberId, templatesAdded: added, templatesTotal: env.store.countTemplates(memberId), imagesUsed: frames.length, skipped: [], modelVersion: version };
}

/**
 * Enrols from photos a member brought or staff took: each must show one clear face, all must show
 * the same person, and none may already belong to another member. Only templates are kept, never the photos.
 */
export async function enrolFromPhotos(env: EnrolmentEnv, memberId: string, images: Uint8Array[], options: PhotoEnrolmentOptions): Promise<EnrolResult> {
  const { config } = env;
  requireConsent(env, memberId);
  const version = env.models.require();
  const skipped: EnrolResult['skipped'] = [];
  const usable: Array<{ vector: Float32Array; quality: number }> = [];
  for (const [i, bytes] of images.entries()) {
    let a: FaceAnalysis;
    try {
      a = await env.engine.analyze(bytes, 'photo');
    } catch (error) {
      if (error instanceof AppError && error.code.startsWith('FACE_IMAGE_')) {
        skipped.push({ index: i, code: error.code });
        continue;
      }
      throw error;
    }
    if (a.primary === null || !a.embedding || !a.quality) {
      skipped.push({ index: i, code: FaceErrorCode.NO_FACE });
      continue;
    }
    // Staff imports must show one clear face: with two similar-sized faces we cannot know who consented.
    // A small bystander in the background (< 1/4 of the area) does not make it ambiguous.
    const primaryArea = a.faces[a.primary]!.box.width * a.faces[a.primary]!.box.height;
    const rival = a.faces.some((f, k) => k !== a.primary && f.box.width * f.box.height >= 0.25 * primaryArea);
    const problem = a.quality.issues.find((issue) => BLOCKING_ISSUES.has(issue) || (issue === 'MULTIPLE_FACES' && rival));
    if (problem) {
      skipped.push({ index: i, code: problem });
      continue;
    }
    usable.push({ vector: a.embedding, quality: a.faces[a.primary]!.score });
  }
  if (usable.length < config.enrolment.minImages) {
    throw new AppError(FaceErrorCode.ENROLMENT_INSUFFICIENT, `No usable face in ${images.length === 1 ? 'the image' : 'the images'}`, { details: { skipped } });
  }
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      if (cosine(usable[i]!.vector, usable[j]!.vector) < config.verifyThreshold) {
        throw new AppError(FaceErrorCode.ENROLMENT_INCONSISTENT, `Images ${i + 1} and ${j + 1} do not show the same person`);
      }
    }
  }
  await assertNoConflict(env, memberId, usable.map((u) => u.vector));
  const chosen = usable.slice(0, config.enrolment.maxTemplatesPerMember);
  const added = env.store.addTemplates(memberId, chosen.map((u) => ({ vector: u.vector, quality: u.quality })), options.source ?? 'photo');
  env.log.info('face.enrolled', { memberId, staffId: options.staffId ?? null, source: options.source ?? 'photo', added, skipped: skipped.length });
  env.emitStatus();
  return { memberId, templatesAdded: added, templatesTotal: env.store.countTemplates(memberId), imagesUsed: usable.length, skipped, modelVersion: version };
}

function requireConsent(env: EnrolmentEnv, memberId: string): void {
  if (!env.consent.hasFaceConsent(memberId)) {
    throw new AppError(FaceErrorCode.CONSENT_REQUIRED, 'Face enrolment needs the member’s recorded face consent first');
  }
}

/** Refuses a face that already belongs to another member (duplicate account, or the wrong person at the counter). */
async function assertNoConflict(env: EnrolmentEnv, memberId: string, templates: Float32Array[]): Promise<void> {
  const index = env.store.index;
  const threshold = thresholdForGallery(env.config, index.memberCount + 1);
  for (const t of templates) {
    const other = (await index.search(t, 3)).find((c) => c.memberId !== memberId);
    if (other && other.score >= threshold) {
      throw new AppError(FaceErrorCode.ENROLMENT_CONFLICT, 'This face is already enrolled for another member', {
        details: { otherMemberId: other.memberId },
      });
    }
  }
}
