import { AppError } from '../../contract/result.js';
import { thresholdForGallery } from './face-config.js';
import { templateModelVersion } from './face-engine.js';
import { enrolFromPhotos, enrolFromSession, type EnrolmentEnv } from './face-enrolment.js';
import { FaceErrorCode } from './face-errors.js';
import { decideFrame, emptyFrameResult, identifyStill, type IdentificationEnv } from './face-identification.js';
import { FaceModelState } from './face-model-state.js';
import type { FaceService, FaceServiceContext, FaceServiceDeps, FaceStatus } from './face-service-types.js';
import { meanEmbedding } from './face-session.js';
import { FaceSessions } from './face-sessions.js';
import { FaceTemplateStore } from './face-template-store.js';
import { GalleryIndex } from './gallery-index.js';
import { isConfidentVisit } from './visit-learning.js';
import { openFaceVault, vaultFileBeside } from './face-vault.js';
import { MemberKeyring } from './member-keyring.js';
import type { Db } from '../../db/connection.js';
import { readManifest, resolveModelsDir } from './model-manifest.js';

export type { EnrolResult, FaceService, FaceServiceContext, FaceServiceDeps, FaceStatus, FrameResult, Identification } from './face-service-types.js';

/**
 * The face service: one object over its parts — camera sessions and back-pressure
 * (face-sessions.ts), identification (face-identification.ts), enrolment (face-enrolment.ts) and
 * the sealed templates (face-template-store.ts). Here: the models' state, start-up, status,
 * rejection of a match and erasure, which touch several parts at once.
 */
export function createFaceService(ctx: FaceServiceContext, deps: FaceServiceDeps): FaceService {
  const { config, log } = ctx;
  const models = new FaceModelState();
  try {
    const manifest = readManifest(resolveModelsDir(config.modelsDir));
    models.version = templateModelVersion(manifest.models.embedder.version);
  } catch (error) {
    models.lastError = (error as Error).message;
    log.error('face.manifest_unavailable', { error: models.lastError });
  }

  const now = () => ctx.clock.now().getTime();
  const nowIso = () => ctx.clock.now().toISOString();
  // Set by close(): a warm-up still in flight must not read the database after it is closed.
  let closed = false;
  // One warm-up at a time: start() and the worker's "ready" both ask for one, and they overlap.
  let warming: Promise<void> | null = null;
  const emitStatus = (): void => {
    if (!closed) ctx.onStatus?.(getStatus());
  };
  let vault: Db;
  try {
    vault = deps.vault ?? openFaceVault(vaultFileBeside(ctx.db.name));
  } catch (error) {
    // Without the vault no member key can be kept: face features stay off, the kiosk keeps serving.
    models.lastError = (error as Error).message;
    models.version = null;
    log.error('face.vault_unavailable', { error: models.lastError });
    vault = openFaceVault(':memory:');
  }
  const ownsVault = deps.vault === undefined;
  const keyring = new MemberKeyring(vault, deps.keyProvider, nowIso);
  const store = new FaceTemplateStore({ db: ctx.db, index: deps.index ?? new GalleryIndex(), keyProvider: deps.keyProvider, keyring, models, config, log, nowIso, now });
  const sessions = new FaceSessions(now, (droppedFrames) => emptyFrameResult(config, 'dropped', droppedFrames === undefined ? {} : { droppedFrames }));
  const identification: IdentificationEnv = { config, engine: deps.engine, store, models, now, emitStatus };
  const enrolment: EnrolmentEnv = { config, log, engine: deps.engine, consent: deps, store, models, sessions, now, emitStatus };

  function getStatus(): FaceStatus {
    const engineState = models.version === null ? 'disabled' : deps.engine.state();
    const index = store.index;
    return {
      state: engineState,
      modelsLoaded: models.loaded && engineState === 'ready',
      modelVersion: models.version,
      lastError: models.lastError,
      gallery: { people: index.memberCount, templates: index.size, otherModelTemplates: store.skipped.otherModel, unreadableTemplates: store.skipped.unreadable },
      peopleWithFaceData: store.countPeopleWithFaceData(),
      thresholds: {
        identify: thresholdForGallery(config, index.memberCount),
        verify: config.verifyThreshold,
        minMargin: config.decision.minMargin,
        liveness: config.liveness.threshold,
        decisionFrames: config.decision.frames,
      },
      livenessEnabled: config.liveness.enabled,
      droppedFrames: sessions.totalDropped,
    };
  }

  const seenCheckins = new Set<string>();
  const service: FaceService = {
    async start() {
      let key: Buffer;
      try {
        key = deps.keyProvider.getKey();
      } catch (error) {
        // Without the key no template can be read or written: face features stay off, the kiosk keeps serving.
        models.lastError = (error as Error).message;
        models.version = null;
        log.error('face.key_unavailable', { error: models.lastError });
        emitStatus();
        return;
      }
      store.load(key);
      if (models.version !== null) void service.warmUp();
      emitStatus();
    },

    warmUp() {
      if (models.version === null || closed) return Promise.resolve();
      warming ??= (async () => {
        try {
          const r = await deps.engine.warmUp();
          models.loaded = true;
          models.lastError = null;
          if (!closed) log.info('face.models_loaded', { loadMs: Math.round(r.loadMs), modelVersion: r.modelVersion });
        } catch (error) {
          models.loaded = false;
          models.lastError = (error as Error).message;
          if (!closed) log.error('face.models_failed', { error: models.lastError });
        } finally {
          warming = null;
        }
        emitStatus();
      })();
      return warming;
    },

    async analyzeFrame(sessionId, bytes) {
      models.require();
      return sessions.submit(sessionId, bytes, (s, frame) => decideFrame(identification, s, frame), service.analyzeFrame);
    },

    endSession: (sessionId) => sessions.end(sessionId),
    enrollFromSession: (sessionId, memberId, staffId = null) => enrolFromSession(enrolment, sessionId, memberId, staffId),
    enrollFromPhotos: (memberId, images, options = {}) => enrolFromPhotos(enrolment, memberId, images, options),

    async identifyPhoto(bytes) {
      models.require();
      return identifyStill(identification, bytes);
    },

    rejectMatch(sessionId, memberId, staffId) {
      const s = sessions.touch(sessionId, false);
      if (!s) throw new AppError(FaceErrorCode.SESSION_UNKNOWN, 'No camera session with that id (it may have expired)');
      s.rejected.add(memberId);
      if (s.confirmed?.memberId === memberId) s.confirmed = null;
      // A held "identified" must not keep repeating the member just rejected: the next frames decide afresh.
      s.held = null;
      const version = models.version;
      // The probe is kept as negative evidence; the member's own templates are never changed by a rejection
      // (a cashier's mistake must not erase or pollute a real member's enrolment).
      if (s.evidence.length === 0 || version === null || config.rejections.maxPerMember === 0) {
        return { recorded: false, rejectionsForMember: store.rejections.count(memberId) };
      }
      const rejectionsForMember = store.rejections.add(memberId, version, meanEmbedding(s.evidence), staffId);
      log.info('face.match_rejected', { memberId, staffId });
      return { recorded: true, rejectionsForMember };
    },

    countTemplates: (memberId) => store.countTemplates(memberId),

    noteConfirmedCheckin(memberId, method, checkinId) {
      // A replayed op reports the same check-in again: it must not outweigh a second rejection.
      if (seenCheckins.has(checkinId)) return { outweighed: false, remaining: store.rejections.count(memberId) };
      seenCheckins.add(checkinId);
      if (seenCheckins.size > 1000) seenCheckins.delete(seenCheckins.values().next().value!);
      const r = store.rejections.outweighOne(memberId);
      if (r.outweighed) log.info('face.rejection_outweighed', { memberId, method, remaining: r.remaining });
      return r;
    },

    listRejections: () => store.rejections.list(),

    learnFromVisit(sessionId, memberId) {
      const s = sessions.peek(sessionId);
      const c = s?.confirmedMatch(now(), config.decision.confirmedTtlMs) ?? null;
      if (!c || c.memberId !== memberId) return { learned: false, reason: 'NOT_CONFIRMED' };
      if (c.learned) return { learned: false, reason: 'ALREADY_LEARNED' };
      const evidence = { score: c.confidence, margin: c.margin, threshold: c.threshold, isLive: true, isConfirmed: true, hasRejection: store.rejections.count(memberId) > 0 };
      if (!isConfidentVisit(evidence, config.visits)) return { learned: false, reason: evidence.hasRejection ? 'REJECTION_ON_RECORD' : 'NOT_CONFIDENT' };
      c.learned = true;
      const r = store.learnVisitTemplate(memberId, c.probe, config.enrolment.maxTemplatesPerMember);
      if (!r.learned) return { learned: false, reason: 'REDUNDANT' };
      log.info('face.visit_template', { memberId, replaced: r.replaced, supersededRemoved: r.supersededRemoved });
      emitStatus();
      return { learned: true, reason: null };
    },

    listStaleTemplateMembers: () => store.membersOnlyOnOtherModels(),

    clearRejections(memberId, staffId) {
      const cleared = store.rejections.clear(memberId);
      log.info('face.rejections_cleared', { memberId, staffId, cleared });
      return cleared;
    },

    purgeExpiredRejections: () => store.rejections.purgeExpired(),

    getConfirmedMatch(sessionId) {
      const c = sessions.peek(sessionId)?.confirmedMatch(now(), config.decision.confirmedTtlMs) ?? null;
      return c ? { memberId: c.memberId, confidence: c.confidence } : null;
    },

    deleteTemplatesForMember(memberId) {
      const removed = store.deleteMember(memberId);
      // Old page versions stay in the WAL until a checkpoint; inside a caller's transaction (member
      // erasure) the caller checkpoints after its commit.
      if (!ctx.db.inTransaction) checkpointAfterErasure(ctx.db);
      sessions.forgetMatchesOf(memberId);
      log.info('face.member_erased', { memberId, rows: removed.templates, rejections: removed.rejections });
      emitStatus();
      return removed.templates;
    },

    countPeopleWithFaceData: () => store.countPeopleWithFaceData(),
    getStatus,

    async close() {
      closed = true;
      // Let a warm-up in flight finish first (its engine call cannot be cancelled); it reports nothing now.
      await warming;
      for (const id of sessions.ids()) service.endSession(id);
      await store.dispose();
      if (ownsVault && vault.open) vault.close();
      await deps.engine.close();
    },
  };
  return service;
}

/**
 * Moves every WAL frame into the database file (where secure_delete has zeroed the erased rows) and
 * truncates the WAL, so no old page version with the erased rows stays in it. A reader holding an
 * old snapshot can block the truncation; the shredded key already makes those frames unreadable.
 */
export function checkpointAfterErasure(db: Db): void {
  if (db.name === '' || db.name === ':memory:') return;
  db.pragma('wal_checkpoint(TRUNCATE)');
}
