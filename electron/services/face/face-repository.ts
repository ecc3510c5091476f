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

  addRejection(row: Omit<RejectionRow, 'id'> & { staffId: string | null; createdAt: string }, keep: number): number {
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

  rejectionsOf(memberId: string): RejectionRow[] {
    return this.db
      .prepare('SELECT id, member_id AS memberId, model_version AS modelVersion, key_id AS keyId, sealed FROM face_rejections WHERE member_id = ? ORDER BY id')
      .all(memberId) as RejectionRow[];
  }

  allRejections(): RejectionRow[] {
    return this.db
      .prepare('SELECT id, member_id AS memberId, model_version AS modelVersion, key_id AS keyId, sealed FROM face_rejections ORDER BY id')
      .all() as RejectionRow[];
  }
}
