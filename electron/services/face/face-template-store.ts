import type { FaceConfig } from '../../contract/face-config.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/connection.js';
import type { FaceModelState } from './face-model-state.js';
import { FaceRepository } from './face-repository.js';
import { RejectionEvidence } from './face-rejections.js';
import type { GalleryIndex } from './gallery-index.js';
import { EMBEDDING_DIM } from './mobilefacenet-embedder.js';
import type { MemberKeyring } from './member-keyring.js';
import { openVector, templateAad, type TemplateKeyProvider } from './template-crypto.js';
import { planTemplate, type HeldTemplate } from './visit-learning.js';

export interface TemplateStoreOptions {
  db: Db;
  index: GalleryIndex;
  keyProvider: TemplateKeyProvider;
  /** Per-member keys: every template and probe is sealed under its member's key (crypto-shredding). */
  keyring: MemberKeyring;
  models: FaceModelState;
  config: FaceConfig;
  log: Logger;
  nowIso: () => string;
  now: () => number;
}

/**
 * Face data at rest and in memory: templates and "not this member" probes are sealed under the
 * member's own key (member-keyring.ts, wrapped by the device key) before they reach the database;
 * the decrypted templates live only in the gallery index, the decrypted probes only here.
 * Rows sealed directly under the device key by older versions are re-sealed at load.
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
    this.rejections = new RejectionEvidence(this.repo, { config: options.config, keyring: options.keyring, log: options.log, now: options.now });
  }

  /**
   * Decrypts this model's templates into the index and its rejection probes into memory. Rows of a
   * member whose key was shredded (erasure interrupted before the rows went) are deleted; rows of
   * the previous format (sealed by the device key itself) are re-sealed under the member's key.
   */
  load(key: Buffer): void {
    const { log, keyProvider } = this.options;
    const version = this.options.models.version;
    let loaded = 0;
    const shredded: number[] = [];
    const resealed: Array<{ id: number; sealed: Buffer }> = [];
    for (const row of this.repo.iterateTemplates()) {
      if (row.modelVersion !== version) {
        this.skipped.otherModel++;
        continue;
      }
      const vector = this.openRow(key, row, 'template', shredded, resealed);
      if (!vector) continue;
      this.index.add(row.id, row.memberId, vector);
      loaded++;
    }
    const shreddedProbes: number[] = [];
    const resealedProbes: Array<{ id: number; sealed: Buffer }> = [];
    this.rejections.load(version, (row) => this.openRow(key, row, 'rejection', shreddedProbes, resealedProbes));
    this.repo.applyLoadRepairs(this.options.keyring.keyId, { templates: { shredded, resealed }, rejections: { shredded: shreddedProbes, resealed: resealedProbes } });
    if (shredded.length + shreddedProbes.length > 0) log.info('face.shredded_rows_removed', { templates: shredded.length, rejections: shreddedProbes.length });
    if (resealed.length + resealedProbes.length > 0) log.info('face.rows_resealed_per_member', { templates: resealed.length, rejections: resealedProbes.length });
    if (this.skipped.otherModel > 0) log.warn('face.templates_other_model', { count: this.skipped.otherModel, modelVersion: version });
    if (this.skipped.unreadable > 0) log.error('face.templates_unreadable', { count: this.skipped.unreadable, keyId: keyProvider.keyId });
    log.info('face.gallery_loaded', { rows: loaded, people: this.index.memberCount });
  }

  private openRow(
    deviceKey: Buffer,
    row: { id: number; memberId: string; modelVersion: string; keyId: string; sealed: Buffer },
    purpose: 'template' | 'rejection',
    shredded: number[],
    resealed: Array<{ id: number; sealed: Buffer }>,
  ): Float32Array | null {
    const { keyring, keyProvider } = this.options;
    const aad = templateAad(row.memberId, row.modelVersion, purpose);
    if (row.keyId === keyring.keyId) {
      const vector = toVector(keyring.open(row.memberId, row.sealed, aad));
      if (!vector && !keyring.hasKey(row.memberId)) shredded.push(row.id);
      else if (!vector && purpose === 'template') this.skipped.unreadable++;
      return vector;
    }
    const vector = row.keyId === keyProvider.keyId ? openVector(deviceKey, row.sealed, aad, EMBEDDING_DIM) : null;
    if (vector) resealed.push({ id: row.id, sealed: keyring.seal(row.memberId, bytesOf(vector), aad) });
    else if (purpose === 'template') this.skipped.unreadable++;
    return vector;
  }

  /** Seals, stores and indexes new templates; the oldest beyond the per-member limit go. Returns how many were kept. */
  addTemplates(memberId: string, templates: Array<{ vector: Float32Array; quality: number | null }>, source: 'session' | 'photo' | 'cli'): number {
    const { keyring, config } = this.options;
    const version = this.options.models.require();
    const rows = templates.map((t) => ({
      memberId,
      modelVersion: version,
      keyId: keyring.keyId,
      sealed: keyring.seal(memberId, bytesOf(t.vector), templateAad(memberId, version, 'template')),
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

  /**
   * Erasure: the member's key is shredded first (from then on no copy of their face data anywhere
   * can be opened), then every template and probe goes from the database (secure_delete zeroes the
   * bytes) and from memory.
   */
  deleteMember(memberId: string): { templates: number; rejections: number } {
    this.options.keyring.shred(memberId);
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
    const { keyring } = this.options;
    const version = this.options.models.require();
    const aad = templateAad(memberId, version, 'template');
    const rows = this.repo.memberTemplates(memberId, version);
    const held: Array<HeldTemplate & { id: number }> = [];
    for (const r of rows) {
      const vector = toVector(keyring.open(memberId, r.sealed, aad));
      if (vector) held.push({ id: r.id, isAnchor: !r.isVisit, vector });
    }
    const plan = planTemplate(held, probe, budget);
    if (plan.action === 'skip') return { learned: false, replaced: false, supersededRemoved: 0 };
    const replaceId = plan.action === 'replace' ? held[plan.index]!.id : null;
    const { id, deleted } = this.repo.addVisitTemplate(
      { memberId, modelVersion: version, keyId: keyring.keyId, sealed: keyring.seal(memberId, bytesOf(probe), aad), source: 'session', quality: null, createdAt: this.options.nowIso() },
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

function bytesOf(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

function toVector(plain: Buffer | null): Float32Array | null {
  if (!plain || plain.length !== EMBEDDING_DIM * 4) return null;
  const out = new Float32Array(EMBEDDING_DIM);
  new Uint8Array(out.buffer).set(plain);
  return out;
}
