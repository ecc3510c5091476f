import type { Db } from '../../db/connection.js';

/** SQL of the face domain, and nothing else. Rows carry sealed (encrypted) blobs only. */
export interface TemplateRow {
  id: number;
  memberId: string;
  modelVersion: string;
  keyId: string;
  sealed: Buffer;
}

export interface NewTemplate {
  memberId: string;
  modelVersion: string;
  keyId: string;
  sealed: Buffer;
  source: 'session' | 'photo' | 'cli';
  quality: number | null;
  createdAt: string;
}

export interface RejectionRow {
  id: number;
  memberId: string;
  modelVersion: string;
  keyId: string;
  sealed: Buffer;
  createdAt: string;
}

export class FaceRepository {
  constructor(private readonly db: Db) {}

  allTemplates(): TemplateRow[] {
    return this.db
      .prepare('SELECT id, member_id AS memberId, model_version AS modelVersion, key_id AS keyId, sealed FROM face_templates ORDER BY id')
      .all() as TemplateRow[];
  }

  /** Streams rows so a large gallery does not need two copies in memory at start-up. */
  *iterateTemplates(): IterableIterator<TemplateRow> {
    yield* this.db
      .prepare('SELECT id, member_id AS memberId, model_version AS modelVersion, key_id AS keyId, sealed FROM face_templates ORDER BY id')
      .iterate() as IterableIterator<TemplateRow>;
  }

  templateIdsOf(memberId: string): number[] {
    return (this.db.prepare('SELECT id FROM face_templates WHERE member_id = ? ORDER BY created_at, id').all(memberId) as Array<{ id: number }>).map((r) => r.id);
  }

  /** Inserts the new templates and drops the member's oldest beyond `keep`, in one transaction. Returns new ids and dropped ids. */
  addTemplates(rows: NewTemplate[], keep: number): { added: number[]; dropped: number[] } {
    const insert = this.db.prepare(
      'INSERT INTO face_templates (member_id, model_version, key_id, sealed, source, quality, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const remove = this.db.prepare('DELETE FROM face_templates WHERE id = ?');
    return this.db.transaction(() => {
      const added = rows.map((r) => Number(insert.run(r.memberId, r.modelVersion, r.keyId, r.sealed, r.source, r.quality, r.createdAt).lastInsertRowid));
      const dropped: number[] = [];
      for (const memberId of new Set(rows.map((r) => r.memberId))) {
        const ids = this.templateIdsOf(memberId);
        for (const id of ids.slice(0, Math.max(0, ids.length - keep))) {
          remove.run(id);
          dropped.push(id);
        }
      }
      return { added, dropped };
    })();
  }

  /** The member's templates of one model with their sealed vectors; `isVisit` marks the ones a visit added. */
  memberTemplates(memberId: string, modelVersion: string): Array<{ id: number; sealed: Buffer; isVisit: boolean }> {
    return (
      this.db
        .prepare(
          `SELECT t.id, t.sealed, v.template_id IS NOT NULL AS isVisit FROM face_templates t LEFT JOIN face_template_visits v ON v.template_id = t.id
           WHERE t.member_id = ? AND t.model_version = ? ORDER BY t.created_at, t.id`,
        )
        .all(memberId, modelVersion) as Array<{ id: number; sealed: Buffer; isVisit: number }>
    ).map((r) => ({ id: r.id, sealed: r.sealed, isVisit: r.isVisit === 1 }));
  }

  /**
   * Stores a template learned from a visit in one transaction: inserted and marked, the replaced
   * one (if any) deleted, and the member's templates of other model versions deleted (superseded:
   * the member now has a template of the current model). Returns the new id and the deleted ids.
   */
  addVisitTemplate(row: NewTemplate, replaceId: number | null): { id: number; deleted: number[] } {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare('INSERT INTO face_templates (member_id, model_version, key_id, sealed, source, quality, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(row.memberId, row.modelVersion, row.keyId, row.sealed, row.source, row.quality, row.createdAt).lastInsertRowid,
      );
      this.db.prepare('INSERT INTO face_template_visits (template_id, learned_at) VALUES (?, ?)').run(id, row.createdAt);
      const deleted: number[] = [];
      if (replaceId !== null && this.db.prepare('DELETE FROM face_templates WHERE id = ? AND member_id = ?').run(replaceId, row.memberId).changes > 0) deleted.push(replaceId);
      const stale = this.db.prepare('SELECT id FROM face_templates WHERE member_id = ? AND model_version <> ?').all(row.memberId, row.modelVersion) as Array<{ id: number }>;
      for (const s of stale) {
        this.db.prepare('DELETE FROM face_templates WHERE id = ?').run(s.id);
        deleted.push(s.id);
      }
      return { id, deleted };
    })();
  }

  /** Members whose every template is of another model version: they need a new enrolment (staff prompt). */
  membersOnlyOnOtherModels(modelVersion: string): Array<{ memberId: string; templates: number; modelVersions: string }> {
    return this.db
      .prepare(
        `SELECT member_id AS memberId, count(*) AS templates, group_concat(DISTINCT model_version) AS modelVersions FROM face_templates
         GROUP BY member_id HAVING sum(model_version = ?) = 0 ORDER BY max(created_at) DESC`,
      )
      .all(modelVersion) as Array<{ memberId: string; templates: number; modelVersions: string }>;
  }

  /** Erases everything biometric held for the member (templates, rejection probes). */
  deleteMember(memberId: string): { templates: number; rejections: number } {
    return this.db.transaction(() => ({
      templates: this.db.prepare('DELETE FROM face_templates WHERE member_id = ?').run(memberId).changes,
      rejections: this.db.prepare('DELETE FROM face_rejections WHERE member_id = ?').run(memberId).changes,
    }))();
  }

  /** At load: rows of shredded members go, rows of the old format get their per-member sealing; one transaction. */
  applyLoadRepairs(
    keyId: string,
    repairs: Record<'templates' | 'rejections', { shredded: number[]; resealed: Array<{ id: number; sealed: Buffer }> }>,
  ): void {
    if (repairs.templates.shredded.length + repairs.templates.resealed.length + repairs.rejections.shredded.length + repairs.rejections.resealed.length === 0) return;
    this.db.transaction(() => {
      for (const table of ['face_templates', 'face_rejections'] as const) {
        const r = table === 'face_templates' ? repairs.templates : repairs.rejections;
        const remove = this.db.prepare(`DELETE FROM ${table} WHERE id = ?`);
        const update = this.db.prepare(`UPDATE ${table} SET sealed = ?, key_id = ? WHERE id = ?`);
        for (const id of r.shredded) remove.run(id);
        for (const row of r.resealed) update.run(row.sealed, keyId, row.id);
      }
    })();
  }

  countPeopleWithFaceData(): number {
    return (this.db.prepare('SELECT count(DISTINCT member_id) AS n FROM face_templates').get() as { n: number }).n;
  }

  addRejection(row: Omit<RejectionRow, 'id'> & { staffId: string | null }, keep: number): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare('INSERT INTO face_rejections (member_id, model_version, key_id, sealed, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(row.memberId, row.modelVersion, row.keyId, row.sealed, row.staffId, row.createdAt).lastInsertRowid,
      );
      // Only the most recent probes count: bounded storage, and old mistakes age out.
      this.db
        .prepare('DELETE FROM face_rejections WHERE member_id = ? AND id NOT IN (SELECT id FROM face_rejections WHERE member_id = ? ORDER BY id DESC LIMIT ?)')
        .run(row.memberId, row.memberId, keep);
      return id;
    })();
  }

  allRejections(): RejectionRow[] {
    return this.db
      .prepare('SELECT id, member_id AS memberId, model_version AS modelVersion, key_id AS keyId, sealed, created_at AS createdAt FROM face_rejections ORDER BY id')
      .all() as RejectionRow[];
  }

  /** Rejections recorded before `iso` (expired): deleted, probe and all. */
  deleteRejectionsBefore(iso: string): number {
    return this.db.prepare('DELETE FROM face_rejections WHERE created_at < ?').run(iso).changes;
  }

  deleteRejection(id: number): void {
    this.db.prepare('DELETE FROM face_rejections WHERE id = ?').run(id);
  }

  deleteRejectionsOf(memberId: string): number {
    return this.db.prepare('DELETE FROM face_rejections WHERE member_id = ?').run(memberId).changes;
  }

  rejectionSummaries(): Array<{ memberId: string; count: number; oldestAt: string; newestAt: string }> {
    return this.db
      .prepare('SELECT member_id AS memberId, count(*) AS count, min(created_at) AS oldestAt, max(created_at) AS newestAt FROM face_rejections GROUP BY member_id ORDER BY max(created_at) DESC')
      .all() as Array<{ memberId: string; count: number; oldestAt: string; newestAt: string }>;
  }
}
