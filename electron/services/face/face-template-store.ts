import type { FaceConfig } from '../../contract/face-config.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import type { FaceModelState } from './face-model-state.js';
import { FaceRepository } from './face-repository.js';
import { RejectionEvidence, type VectorSealing } from './face-rejections.js';
import type { GalleryIndex } from './gallery-index.js';
import { EMBEDDING_DIM } from './mobilefacenet-embedder.js';
import { openVector, sealVector, templateAad, type TemplateKeyProvider } from './template-crypto.js';
import { planTemplate, type HeldTemplate } from './visit-learning.js';

export interface TemplateStoreOptions {
  db: Db;
  index: GalleryIndex;
  keyProvider: TemplateKeyProvider;
  models: FaceModelState;
  config: FaceConfig;
  log: Logger;
  nowIso: () => string;
  now: () => number;
}

/**
 * Face data at rest and in memory: templates, "not this member" probes and consented photos are
 * sealed with the template key before they reach the database; the decrypted templates live only
 * in the gallery index, the decrypted probes only here.
 */
export class FaceTemplateStore {
  readonly index: GalleryIndex;
  /** Templates left out of the gallery at start: made by another model, or not readable with this key. */
  readonly skipped = { otherModel: 0, unreadable: 0 };
  private readonly repo: FaceRepository;
  /** Probes a cashier or the member said are NOT this member (negative evidence that decays). */
  readonly rejections: RejectionEvidence;

  constructor(private readonly options: TemplateStoreOptions) {
    this.index = options.index;
    this.repo = new FaceRepository(options.db);
    this.rejections = new RejectionEvidence(this.repo, { config: options.config, sealing: this.sealing, log: options.log, now: options.now });
  }

  /**
   * The one place issue-16 code seals and opens face vectors (visit templates, "not me" probes),
   * so a change of sealing scheme (i14b's per-member keys) changes these two functions only.
   */
  readonly sealing: VectorSealing = {
    keyId: () => this.options.keyProvider.keyId,
    seal: (memberId, version, purpose, vector) => sealVector(this.options.keyProvider.getKey(), vector, templateAad(memberId, version, purpose)),
    open: (memberId, version, purpose, sealed) => openVector(this.options.keyProvider.getKey(), sealed, templateAad(memberId, version, purpose), EMBEDDING_DIM),
  };

  /** Decrypts this model's templates into the index and its rejection probes into memory. */
  load(key: Buffer): void {
    const { log, keyProvider } = this.options;
    const version = this.options.models.version;
    let loaded = 0;
    for (const row of this.repo.iterateTemplates()) {
      if (row.modelVersion !== version) {
        this.skipped.otherModel++;
        continue;
      }
      const vector = openVector(key, row.sealed, templateAad(row.memberId, row.modelVersion, 'template'), EMBEDDING_DIM);
      if (!vector) {
        this.skipped.unreadable++;
        continue;
      }
      this.index.add(row.id, row.memberId, vector);
      loaded++;
    }
    this.rejections.load(version);
    if (this.skipped.otherModel > 0) log.warn('face.templates_other_model', { count: this.skipped.otherModel, modelVersion: version });
    if (this.skipped.unreadable > 0) log.error('face.templates_unreadable', { count: this.skipped.unreadable, keyId: keyProvider.keyId });
    log.info('face.gallery_loaded', { rows: loaded, people: this.index.memberCount });
  }

  /** Seals, stores and indexes new templates; the oldest beyond the per-member limit go. Returns how many were kept. */
  addTemplates(memberId: string, templates: Array<{ vector: Float32Array; quality: number | null }>, source: 'session' | 'photo' | 'cli'): number {
    const { keyProvider, config } = this.options;
    const version = this.options.models.require();
    const key = keyProvider.getKey();
    const rows = templates.map((t) => ({
      memberId,
      modelVersion: version,
      keyId: keyProvider.keyId,
      sealed: sealVector(key, t.vector, templateAad(memberId, version, 'template')),
      source,
      quality: t.quality,
      createdAt: this.options.nowIso(),
    }));
    const { added, dropped } = this.repo.addTemplates(rows, config.enrolment.maxTemplatesPerMember);
    added.forEach((id, i) => {
      if (!dropped.includes(id)) this.index.add(id, memberId, templates[i]!.vector);
    });
    for (const id of dropped) this.index.removeTemplate(id);
    return added.filter((id) => !dropped.includes(id)).length;
  }

  /** Erasure: every template and probe of the member, from the database and from memory. */
  deleteMember(memberId: string): { templates: number; rejections: number } {
    const removed = this.repo.deleteMember(memberId);
    this.index.removeMember(memberId);
    this.rejections.forget(memberId);
    return removed;
  }

  /**
   * A confident visit's probe becomes one of the member's templates within `budget`, replacing the
   * most redundant visit template when full (never the enrolment anchor); the member's templates of
   * a superseded model go at the same time. Returns what happened.
   */
  learnVisitTemplate(memberId: string, probe: Float32Array, budget: number): { learned: boolean; replaced: boolean; supersededRemoved: number } {
    const version = this.options.models.require();
    const rows = this.repo.memberTemplates(memberId, version);
    const held: Array<HeldTemplate & { id: number }> = [];
    for (const r of rows) {
      const vector = this.sealing.open(memberId, version, 'template', r.sealed);
      if (vector) held.push({ id: r.id, isAnchor: !r.isVisit, vector });
    }
    const plan = planTemplate(held, probe, budget);
    if (plan.action === 'skip') return { learned: false, replaced: false, supersededRemoved: 0 };
    const replaceId = plan.action === 'replace' ? held[plan.index]!.id : null;
    const { id, deleted } = this.repo.addVisitTemplate(
      { memberId, modelVersion: version, keyId: this.sealing.keyId(), sealed: this.sealing.seal(memberId, version, 'template', probe), source: 'session', quality: null, createdAt: this.options.nowIso() },
      replaceId,
    );
    this.index.add(id, memberId, probe);
    for (const d of deleted) this.index.removeTemplate(d);
    const supersededRemoved = deleted.filter((d) => d !== replaceId).length;
    if (supersededRemoved > 0) this.skipped.otherModel = Math.max(0, this.skipped.otherModel - supersededRemoved);
    return { learned: true, replaced: replaceId !== null, supersededRemoved };
  }

  membersOnlyOnOtherModels(): Array<{ memberId: string; templates: number; modelVersions: string[] }> {
    const version = this.options.models.version ?? '';
    return this.repo.membersOnlyOnOtherModels(version).map((r) => ({ ...r, modelVersions: r.modelVersions.split(',') }));
  }

  countTemplates(memberId: string): number {
    return this.repo.templateIdsOf(memberId).length;
  }

  countPeopleWithFaceData(): number {
    return this.repo.countPeopleWithFaceData();
  }

  dispose(): Promise<void> {
    return this.index.dispose();
  }
}
