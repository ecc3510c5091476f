import { AppError } from '../../contract/result.js';
import type { z } from 'zod';
import type { faceEnrolResultSchema, faceFrameResultSchema, faceStatusSchema } from '../../contract/face.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import { FaceErrorCode } from './face-errors.js';
import { thresholdForGallery, type FaceConfig } from './face-config.js';
import { templateModelVersion, type FaceEngine } from './face-engine.js';
import type { FaceAnalysis } from './face-pipeline.js';
import { BLOCKING_ISSUES } from './face-quality.js';
import { FaceRepository } from './face-repository.js';
import { FaceSessionState, livenessVerdict, meanEmbedding } from './face-session.js';
import { GalleryIndex, type MemberScore } from './gallery-index.js';
import { cosine, EMBEDDING_DIM } from './mobilefacenet-embedder.js';
import { readManifest, resolveModelsDir } from './model-manifest.js';
import { openVector, sealVector, templateAad, type TemplateKeyProvider } from './template-crypto.js';

export type FrameResult = z.output<typeof faceFrameResultSchema>;
export type EnrolResult = z.output<typeof faceEnrolResultSchema>;
export type FaceStatus = z.output<typeof faceStatusSchema>;

export interface FaceServiceContext {
  db: Db;
  config: FaceConfig;
  log: Logger;
  clock: Clock;
  /** Called whenever the status a UI shows may have changed (worker state, gallery size). */
  onStatus?: (status: FaceStatus) => void;
}

export interface FaceServiceDeps {
  engine: FaceEngine;
  keyProvider: TemplateKeyProvider;
  /** Recorded, not withdrawn face consent (the membership domain implements it). */
  hasFaceConsent(memberId: string): boolean;
  index?: GalleryIndex;
}

export interface Identification {
  status: 'identified' | 'unknown';
  match: { memberId: string; confidence: number; margin: number } | null;
  reason: FrameResult['reason'];
  threshold: number;
  candidates: MemberScore[];
}

export interface FaceService {
  /** Loads the gallery into memory and starts loading models in the worker (does not wait for them). */
  start(): Promise<void>;
  /** (Re)loads the models in the engine; called at start and whenever a restarted worker is ready. */
  warmUp(): Promise<void>;
  analyzeFrame(sessionId: string, bytes: Uint8Array): Promise<FrameResult>;
  endSession(sessionId: string): boolean;
  enrollFromSession(sessionId: string, memberId: string, staffId?: string | null): Promise<EnrolResult>;
  enrollFromPhotos(memberId: string, images: Uint8Array[], options?: { source?: 'photo' | 'cli'; staffId?: string | null }): Promise<EnrolResult>;
  /** One still image against the gallery (CLI, diagnostics): no liveness, single frame. */
  identifyPhoto(bytes: Uint8Array): Promise<Identification & { faceCount: number }>;
  rejectMatch(sessionId: string, memberId: string, staffId: string | null): { recorded: boolean; rejectionsForMember: number };
  getConfirmedMatch(sessionId: string): { memberId: string; confidence: number } | null;
  deleteTemplatesForMember(memberId: string): number;
  /** How many templates a member has enrolled (0 = no face data). */
  countTemplates(memberId: string): number;
  countPeopleWithFaceData(): number;
  getStatus(): FaceStatus;
  close(): Promise<void>;
}

const SESSION_IDLE_MS = 5 * 60_000;
/** A counter has one or two cameras; more frames in flight at once means a misbehaving client. */
const MAX_SESSIONS_IN_FLIGHT = 4;
const MAX_SESSIONS = 64;

export function createFaceService(ctx: FaceServiceContext, deps: FaceServiceDeps): FaceService {
  const { config, log } = ctx;
  const repo = new FaceRepository(ctx.db);
  const index = deps.index ?? new GalleryIndex();
  const sessions = new Map<string, FaceSessionState>();
  const rejections = new Map<string, Float32Array[]>();
  const gallery = { otherModel: 0, unreadable: 0 };
  let modelsLoaded = false;
  let lastError: string | null = null;
  let totalDropped = 0;
  let inFlightSessions = 0;
  let modelVersion: string | null = null;
  try {
    const manifest = readManifest(resolveModelsDir(config.modelsDir));
    modelVersion = templateModelVersion(manifest.models.embedder.version);
  } catch (error) {
    lastError = (error as Error).message;
    log.error('face.manifest_unavailable', { error: lastError });
  }

  const now = () => ctx.clock.now().getTime();
  const nowIso = () => ctx.clock.now().toISOString();

  function requireModelVersion(): string {
    if (modelVersion === null) throw new AppError(FaceErrorCode.MODELS_UNAVAILABLE, lastError ?? 'Face models are not available');
    return modelVersion;
  }

  function emitStatus(): void {
    ctx.onStatus?.(getStatus());
  }

  function session(sessionId: string, create: boolean): FaceSessionState | null {
    const t = now();
    for (const [id, s] of sessions) if (t - s.lastActivity > SESSION_IDLE_MS && !s.inFlight) sessions.delete(id);
    let s = sessions.get(sessionId) ?? null;
    if (!s && create) sessions.set(sessionId, (s = new FaceSessionState(t)));
    if (s) s.lastActivity = t;
    return s;
  }

  function emptyResult(status: FrameResult['status'], extra: Partial<FrameResult> = {}): FrameResult {
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

  async function identify(probe: Float32Array, excluded: ReadonlySet<string>): Promise<Identification> {
    const threshold = thresholdForGallery(config, index.memberCount);
    if (index.size === 0) return { status: 'unknown', match: null, reason: 'EMPTY_GALLERY', threshold, candidates: [] };
    const found = await index.search(probe, 3 + excluded.size);
    let suppressed = false;
    const candidates = found.filter((c) => {
      if (excluded.has(c.memberId)) return false;
      // Negative evidence: this face looks more like someone the cashier already said is NOT this member.
      const rejected = rejections.get(c.memberId);
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

  async function processFrame(s: FaceSessionState, bytes: Uint8Array): Promise<FrameResult> {
    const started = now();
    const t0 = performance.now();
    const analysis = await deps.engine.analyze(bytes, 'frame');
    if (!modelsLoaded) {
      modelsLoaded = true;
      emitStatus();
    }
    const base = frameBase(analysis);
    const finish = (r: FrameResult): FrameResult => ({ ...r, droppedFrames: s.dropped, processingMs: round3(performance.now() - t0) });
    if (analysis.primary === null || !analysis.quality) {
      s.resetEvidence();
      return finish(emptyResult('no_face', base));
    }
    const guidance = analysis.quality.issues;
    if (guidance.some((i) => BLOCKING_ISSUES.has(i)) || !analysis.embedding) {
      s.resetEvidence();
      return finish(emptyResult('guidance', { ...base, guidance }));
    }
    s.addEvidence({ at: started, embedding: analysis.embedding, live: analysis.liveness?.live ?? null }, config.decision);
    const needed = config.decision.frames;
    const common = { ...base, guidance, liveness: analysis.liveness ? round3(analysis.liveness.live) : null, framesCollected: s.evidence.length };
    const verdict = livenessVerdict(s.evidence, config.liveness, needed);
    if (verdict === 'spoof') {
      s.resetEvidence();
      s.confirmed = null;
      return finish(emptyResult('liveness_failed', { ...common, framesCollected: 0 }));
    }
    if (s.evidence.length < needed || verdict === 'pending') return finish(emptyResult('identifying', common));
    const decision = await identify(meanEmbedding(s.evidence), s.rejected);
    if (decision.status === 'identified' && decision.match) {
      s.confirmed = { ...decision.match, at: now() };
      return finish(emptyResult('identified', { ...common, match: decision.match }));
    }
    s.confirmed = null;
    return finish(emptyResult('unknown', { ...common, reason: decision.reason }));
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

  function requireConsent(memberId: string): void {
    if (!deps.hasFaceConsent(memberId)) {
      throw new AppError(FaceErrorCode.CONSENT_REQUIRED, 'Face enrolment needs the member’s recorded face consent first');
    }
  }

  /** Refuses a face that already belongs to another member (duplicate account, or the wrong person at the counter). */
  async function assertNoConflict(memberId: string, templates: Float32Array[]): Promise<void> {
    const threshold = thresholdForGallery(config, index.memberCount + 1);
    for (const t of templates) {
      const other = (await index.search(t, 3)).find((c) => c.memberId !== memberId);
      if (other && other.score >= threshold) {
        throw new AppError(FaceErrorCode.ENROLMENT_CONFLICT, 'This face is already enrolled for another member', {
          details: { otherMemberId: other.memberId },
        });
      }
    }
  }

  function storeTemplates(memberId: string, templates: Array<{ vector: Float32Array; quality: number | null }>, source: 'session' | 'photo' | 'cli'): number {
    const version = requireModelVersion();
    const key = deps.keyProvider.getKey();
    const rows = templates.map((t) => ({
      memberId,
      modelVersion: version,
      keyId: deps.keyProvider.keyId,
      sealed: sealVector(key, t.vector, templateAad(memberId, version, 'template')),
      source,
      quality: t.quality,
      createdAt: nowIso(),
    }));
    const { added, dropped } = repo.addTemplates(rows, config.enrolment.maxTemplatesPerMember);
    added.forEach((id, i) => {
      if (!dropped.includes(id)) index.add(id, memberId, templates[i]!.vector);
    });
    for (const id of dropped) index.removeTemplate(id);
    return added.filter((id) => !dropped.includes(id)).length;
  }

  function templatesOf(memberId: string): number {
    return repo.templateIdsOf(memberId).length;
  }

  function getStatus(): FaceStatus {
    const engineState = modelVersion === null ? 'disabled' : deps.engine.state();
    return {
      state: engineState,
      modelsLoaded: modelsLoaded && engineState === 'ready',
      modelVersion,
      lastError,
      gallery: { people: index.memberCount, templates: index.size, otherModelTemplates: gallery.otherModel, unreadableTemplates: gallery.unreadable },
      peopleWithFaceData: repo.countPeopleWithFaceData(),
      thresholds: {
        identify: thresholdForGallery(config, index.memberCount),
        verify: config.verifyThreshold,
        minMargin: config.decision.minMargin,
        liveness: config.liveness.threshold,
        decisionFrames: config.decision.frames,
      },
      livenessEnabled: config.liveness.enabled,
      droppedFrames: totalDropped,
    };
  }

  const service: FaceService = {
    async start() {
      let key: Buffer;
      try {
        key = deps.keyProvider.getKey();
      } catch (error) {
        // Without the key no template can be read or written: face features stay off, the kiosk keeps serving.
        lastError = (error as Error).message;
        modelVersion = null;
        log.error('face.key_unavailable', { error: lastError });
        emitStatus();
        return;
      }
      const version = modelVersion;
      let loaded = 0;
      for (const row of repo.iterateTemplates()) {
        if (row.modelVersion !== version) {
          gallery.otherModel++;
          continue;
        }
        const vector = openVector(key, row.sealed, templateAad(row.memberId, row.modelVersion, 'template'), EMBEDDING_DIM);
        if (!vector) {
          gallery.unreadable++;
          continue;
        }
        index.add(row.id, row.memberId, vector);
        loaded++;
      }
      for (const row of repo.allRejections()) {
        if (row.modelVersion !== version) continue;
        const vector = openVector(key, row.sealed, templateAad(row.memberId, row.modelVersion, 'rejection'), EMBEDDING_DIM);
        if (vector) rejections.set(row.memberId, [...(rejections.get(row.memberId) ?? []), vector]);
      }
      if (gallery.otherModel > 0) log.warn('face.templates_other_model', { count: gallery.otherModel, modelVersion: version });
      if (gallery.unreadable > 0) log.error('face.templates_unreadable', { count: gallery.unreadable, keyId: deps.keyProvider.keyId });
      log.info('face.gallery_loaded', { rows: loaded, people: index.memberCount });
      if (version !== null) void service.warmUp();
      emitStatus();
    },

    async warmUp() {
      if (modelVersion === null) return;
      try {
        const r = await deps.engine.warmUp();
        modelsLoaded = true;
        lastError = null;
        log.info('face.models_loaded', { loadMs: Math.round(r.loadMs), modelVersion: r.modelVersion });
      } catch (error) {
        modelsLoaded = false;
        lastError = (error as Error).message;
        log.error('face.models_failed', { error: lastError });
      }
      emitStatus();
    },

    async analyzeFrame(sessionId, bytes) {
      requireModelVersion();
      if (!sessions.has(sessionId) && (sessions.size >= MAX_SESSIONS || inFlightSessions >= MAX_SESSIONS_IN_FLIGHT)) {
        throw new AppError('RATE_LIMITED', 'Too many camera sessions at once', { retryable: true });
      }
      const s = session(sessionId, true)!;
      if (s.inFlight) {
        // Back-pressure: only the newest waiting frame survives; the one it replaces is answered as dropped.
        if (s.queued) {
          s.dropped++;
          totalDropped++;
          s.queued.resolve(emptyResult('dropped', { droppedFrames: s.dropped }));
        }
        return new Promise<FrameResult>((resolve, reject) => {
          s.queued = { bytes, resolve: resolve as (v: unknown) => void, reject };
        });
      }
      s.inFlight = true;
      inFlightSessions++;
      try {
        return await processFrame(s, bytes);
      } finally {
        s.inFlight = false;
        inFlightSessions--;
        const next = s.queued;
        if (next) {
          s.queued = null;
          service.analyzeFrame(sessionId, next.bytes).then(next.resolve, next.reject);
        }
      }
    },

    endSession(sessionId) {
      const s = sessions.get(sessionId);
      if (s?.queued) s.queued.resolve(emptyResult('dropped'));
      return sessions.delete(sessionId);
    },

    async enrollFromSession(sessionId, memberId, staffId = null) {
      requireConsent(memberId);
      const version = requireModelVersion();
      const s = session(sessionId, false);
      if (!s) throw new AppError(FaceErrorCode.SESSION_UNKNOWN, 'No camera session with that id (it may have expired)');
      const needed = config.enrolment.framesFromSession;
      const frames = s.evidence.filter((e) => now() - e.at <= config.decision.windowMs);
      if (frames.length < needed) {
        throw new AppError(FaceErrorCode.ENROLMENT_INSUFFICIENT, `Need ${needed} good recent frames; have ${frames.length}`, {
          retryable: true,
          details: { framesCollected: frames.length, framesNeeded: needed },
        });
      }
      if (livenessVerdict(frames, config.liveness, needed) !== 'live') {
        throw new AppError(FaceErrorCode.LIVENESS_FAILED, 'The face did not pass the liveness check');
      }
      const template = meanEmbedding(frames);
      await assertNoConflict(memberId, [template]);
      const added = storeTemplates(memberId, [{ vector: template, quality: null }], 'session');
      log.info('face.enrolled', { memberId, staffId, source: 'session', added });
      emitStatus();
      return { memberId, templatesAdded: added, templatesTotal: templatesOf(memberId), imagesUsed: frames.length, skipped: [], modelVersion: version };
    },

    async enrollFromPhotos(memberId, images, options = {}) {
      requireConsent(memberId);
      const version = requireModelVersion();
      const skipped: EnrolResult['skipped'] = [];
      const usable: Array<{ vector: Float32Array; quality: number }> = [];
      for (const [i, bytes] of images.entries()) {
        let a: FaceAnalysis;
        try {
          a = await deps.engine.analyze(bytes, 'photo');
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
      await assertNoConflict(memberId, usable.map((u) => u.vector));
      const chosen = usable.slice(0, config.enrolment.maxTemplatesPerMember);
      const added = storeTemplates(memberId, chosen.map((u) => ({ vector: u.vector, quality: u.quality })), options.source ?? 'photo');
      log.info('face.enrolled', { memberId, staffId: options.staffId ?? null, source: options.source ?? 'photo', added, skipped: skipped.length });
      emitStatus();
      return { memberId, templatesAdded: added, templatesTotal: templatesOf(memberId), imagesUsed: usable.length, skipped, modelVersion: version };
    },

    async identifyPhoto(bytes) {
      requireModelVersion();
      const a = await deps.engine.analyze(bytes, 'photo');
      if (a.primary === null || !a.embedding) {
        return { status: 'unknown', match: null, reason: 'NO_MATCH', threshold: thresholdForGallery(config, index.memberCount), candidates: [], faceCount: a.faces.length };
      }
      return { ...(await identify(a.embedding, new Set())), faceCount: a.faces.length };
    },

    rejectMatch(sessionId, memberId, staffId) {
      const s = session(sessionId, false);
      if (!s) throw new AppError(FaceErrorCode.SESSION_UNKNOWN, 'No camera session with that id (it may have expired)');
      s.rejected.add(memberId);
      if (s.confirmed?.memberId === memberId) s.confirmed = null;
      const version = modelVersion;
      // The probe is kept as negative evidence; the member's own templates are never changed by a rejection
      // (a cashier's mistake must not erase or pollute a real member's enrolment).
      if (s.evidence.length === 0 || version === null || config.rejections.maxPerMember === 0) {
        return { recorded: false, rejectionsForMember: rejections.get(memberId)?.length ?? 0 };
      }
      const probe = meanEmbedding(s.evidence);
      const key = deps.keyProvider.getKey();
      repo.addRejection(
        { memberId, modelVersion: version, keyId: deps.keyProvider.keyId, sealed: sealVector(key, probe, templateAad(memberId, version, 'rejection')), staffId, createdAt: nowIso() },
        config.rejections.maxPerMember,
      );
      const list = [...(rejections.get(memberId) ?? []), probe].slice(-config.rejections.maxPerMember);
      rejections.set(memberId, list);
      log.info('face.match_rejected', { memberId, staffId });
      return { recorded: true, rejectionsForMember: list.length };
    },

    countTemplates: (memberId) => templatesOf(memberId),

    getConfirmedMatch(sessionId) {
      const c = sessions.get(sessionId)?.confirmedMatch(now(), config.decision.confirmedTtlMs) ?? null;
      return c ? { memberId: c.memberId, confidence: c.confidence } : null;
    },

    deleteTemplatesForMember(memberId) {
      const removed = repo.deleteMember(memberId);
      index.removeMember(memberId);
      rejections.delete(memberId);
      for (const s of sessions.values()) if (s.confirmed?.memberId === memberId) s.confirmed = null;
      log.info('face.member_erased', { memberId, rows: removed.templates, rejections: removed.rejections });
      emitStatus();
      return removed.templates;
    },

    countPeopleWithFaceData: () => repo.countPeopleWithFaceData(),
    getStatus,

    async close() {
      for (const id of [...sessions.keys()]) service.endSession(id);
      await index.dispose();
      await deps.engine.close();
    },
  };
  return service;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
