import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { createMemoryLogger } from '../../core/logger.js';
import { fixedClock } from '../../core/clock.js';
import { faceConfigSchema } from '../../contract/face-config.js';
import { createInProcessEngine } from './face-engine.js';
import { createFaceService, type FaceService } from './face-service.js';
import { staticKeyProvider } from './template-crypto.js';
import { fixture } from './face-test-support.js';

/**
 * Recognition that improves with visits (issue 16), over the real pipeline and a temp SQLite file:
 * a confident confirmed visit becomes a template within the budget, never replacing the enrolment
 * anchor; a member with "not me" on record learns nothing; superseded-model templates go once the
 * member has a current one, and members with only old-model templates are listed for re-enrolment.
 */
const config = faceConfigSchema.parse({ enrolment: { maxTemplatesPerMember: 2 } });
const engine = createInProcessEngine(config);
const clock = fixedClock('2026-11-22T10:00:00Z');
let dir: string;
let db: Db;
let face: FaceService;
let sessionNo = 0;

async function visit(photo: string): Promise<string> {
  const sessionId = `v${++sessionNo}`;
  for (let i = 0; i < config.decision.frames; i++) {
    await face.analyzeFrame(sessionId, fixture(photo));
    clock.advance(100);
  }
  return sessionId;
}

const rows = (memberId: string) =>
  db
    .prepare('SELECT t.id, t.model_version AS model, v.template_id IS NOT NULL AS isVisit FROM face_templates t LEFT JOIN face_template_visits v ON v.template_id = t.id WHERE member_id = ? ORDER BY t.id')
    .all(memberId) as Array<{ id: number; model: string; isVisit: number }>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-visits-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
  face = createFaceService(
    { db, config, log: createMemoryLogger(), clock },
    { engine: { ...engine, close: async () => undefined }, keyProvider: staticKeyProvider(randomBytes(32)), hasFaceConsent: () => true },
  );
  await face.start();
  await face.enrollFromPhotos('obama', [fixture('barack-obama__portrait-2012.jpg')]);
  await face.enrollFromPhotos('lisa', [fixture('lisa-debruine__pose3.jpg')]);
});
afterAll(async () => {
  db.close();
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('learning from confirmed visits', () => {
  it('adds a confident visit as a template, once per confirmed match, and only for the member it confirmed', async () => {
    const anchorId = rows('obama')[0]!.id;
    const s = await visit('barack-obama__congress-2009.jpg');
    expect(face.getConfirmedMatch(s)?.memberId).toBe('obama');
    expect(face.learnFromVisit(s, 'lisa')).toEqual({ learned: false, reason: 'NOT_CONFIRMED' });
    expect(face.learnFromVisit(s, 'obama')).toEqual({ learned: true, reason: null });
    expect(face.learnFromVisit(s, 'obama')).toEqual({ learned: false, reason: 'ALREADY_LEARNED' });
    expect(rows('obama').map((r) => [r.id === anchorId, r.isVisit])).toEqual([
      [true, 0],
      [false, 1],
    ]);
    expect(face.getStatus().gallery.templates).toBe(3);
  });

  it('keeps the budget: a further visit replaces a visit template or is skipped as redundant, never the anchor', async () => {
    const anchorId = rows('obama')[0]!.id;
    const s = await visit('barack-obama__congress-2009.jpg');
    const r = face.learnFromVisit(s, 'obama');
    // The same photo again is as redundant as the template it would replace: skipped or swapped, never more than the budget.
    expect([null, 'REDUNDANT']).toContain(r.reason);
    expect(rows('obama')).toHaveLength(2);
    expect(rows('obama')[0]!.id).toBe(anchorId);
  });

  it('learns nothing for a member with "not me" on record', async () => {
    const s = await visit('lisa-debruine__pose1.jpg');
    expect(face.getConfirmedMatch(s)?.memberId).toBe('lisa');
    expect(face.rejectMatch(s, 'lisa', 'staff-1').recorded).toBe(true);
    const s2 = await visit('lisa-debruine__pose3.jpg'); // her enrolment photo: still closer to her template than to the rejected probe
    expect(face.getConfirmedMatch(s2)?.memberId).toBe('lisa');
    expect(face.learnFromVisit(s2, 'lisa')).toEqual({ learned: false, reason: 'REJECTION_ON_RECORD' });
    expect(rows('lisa')).toHaveLength(1);
  });

  it('lists members left only with superseded-model templates, and drops a member’s old ones at a learned visit', async () => {
    const insertOld = db.prepare("INSERT INTO face_templates (member_id, model_version, key_id, sealed, source, quality, created_at) VALUES (?, 'old-model', 'k', x'00', 'photo', NULL, '2020-01-01T00:00:00Z')");
    insertOld.run('old-only');
    insertOld.run('obama');
    insertOld.run('lisa');
    expect(face.listStaleTemplateMembers()).toEqual([{ memberId: 'old-only', templates: 1, modelVersions: ['old-model'] }]);
    face.clearRejections('lisa', null);
    const s = await visit('lisa-debruine__pose1.jpg');
    expect(face.learnFromVisit(s, 'lisa').learned).toBe(true);
    // Lisa now has a current-model template from today: her superseded one is gone; nothing of Obama's was touched.
    expect(rows('lisa').map((r) => r.model === 'old-model')).toEqual([false, false]);
    expect(rows('obama').filter((r) => r.model === 'old-model')).toHaveLength(1);
    expect(face.listStaleTemplateMembers().map((m) => m.memberId)).toEqual(['old-only']);
  });
});
