import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { createMemoryLogger } from '../../core/logger.js';
import { fixedClock } from '../../core/clock.js';
import { faceConfigSchema, type FaceConfig } from '../../contract/face-config.js';
import { createInProcessEngine, type FaceEngine } from './face-engine.js';
import { createFaceService, type FaceService } from './face-service.js';
import { staticKeyProvider } from './template-crypto.js';
import { fixture } from './face-test-support.js';
import type { FaceAnalysis } from './face-pipeline.js';

/**
 * The service over the real pipeline (in-process engine, loaded once for the file), a temp SQLite
 * file and a fixed key: enrolment, multi-frame identification, open-set, liveness, negative
 * evidence, erasure, restart, encryption at rest and back-pressure.
 */
const config: FaceConfig = faceConfigSchema.parse({});
const engine = createInProcessEngine(config);
const key = randomBytes(32);
const clock = fixedClock('2026-11-22T10:00:00Z');
let dir: string;
let db: Db;
const consent = new Set(['obama', 'lisa', 'dup', 'mixed', 'biden']);
const log = createMemoryLogger();

function service(overrides: { engine?: FaceEngine; key?: Buffer; config?: FaceConfig } = {}): FaceService {
  return createFaceService(
    { db, config: overrides.config ?? config, log, clock },
    {
      engine: overrides.engine ?? { ...engine, close: async () => undefined },
      keyProvider: staticKeyProvider(overrides.key ?? key),
      hasFaceConsent: (id) => consent.has(id),
    },
  );
}

async function frames(face: FaceService, sessionId: string, name: string, n = config.decision.frames) {
  const results = [];
  for (let i = 0; i < n; i++) {
    results.push(await face.analyzeFrame(sessionId, fixture(name)));
    clock.advance(100);
  }
  return results;
}

let face: FaceService;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-service-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
  face = service();
  await face.start();
});
afterAll(async () => {
  db.close();
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('face service', () => {
  it('refuses enrolment without recorded consent and stores nothing', async () => {
    await expect(face.enrollFromPhotos('no-consent', [fixture('barack-obama__portrait-2012.jpg')])).rejects.toMatchObject({ code: 'FACE_CONSENT_REQUIRED' });
    expect(face.countPeopleWithFaceData()).toBe(0);
  });

  it('enrols from a photo, sealed at rest, and counts the person', async () => {
    const r = await face.enrollFromPhotos('obama', [fixture('barack-obama__portrait-2012.jpg'), fixture('negatives/coffee.png'), new Uint8Array([1, 2, 3])]);
    expect(r).toMatchObject({ memberId: 'obama', templatesAdded: 1, templatesTotal: 1, imagesUsed: 1 });
    expect(r.skipped).toEqual([
      { index: 1, code: 'FACE_NOT_FOUND' },
      { index: 2, code: 'FACE_IMAGE_UNSUPPORTED' },
    ]);
    expect(face.countPeopleWithFaceData()).toBe(1);
    const row = db.prepare('SELECT sealed, model_version FROM face_templates').get() as { sealed: Buffer; model_version: string };
    expect(row.model_version).toBe(r.modelVersion);
    expect(row.sealed.length).toBe(1 + 12 + 16 + 512);
  });

  it('identifies an enrolled member over several live frames, then confirms the match', async () => {
    const results = await frames(face, 's-obama', 'barack-obama__congress-2009.jpg');
    expect(results.slice(0, -1).map((r) => [r.status, r.framesCollected])).toEqual([
      ['identifying', 1],
      ['identifying', 2],
    ]);
    const last = results.at(-1)!;
    expect(last.status).toBe('identified');
    expect(last.match!.memberId).toBe('obama');
    expect(last.match!.confidence).toBeGreaterThan(face.getStatus().thresholds.identify);
    expect(last.primaryBox!.width).toBeGreaterThan(0.1);
    expect(face.getConfirmedMatch('s-obama')).toEqual({ memberId: 'obama', confidence: last.match!.confidence });
    expect(face.getConfirmedMatch('someone-else')).toBeNull();
  });

  it('says "not a member yet" for a stranger instead of the nearest member', async () => {
    const last = (await frames(face, 's-lisa', 'lisa-debruine__pose1.jpg')).at(-1)!;
    expect(last.status).toBe('unknown');
    expect(last.reason).toBe('NO_MATCH');
    expect(last.match).toBeNull();
    expect(face.getConfirmedMatch('s-lisa')).toBeNull();
  });

  it('refuses a screen replay and a print, and reports no face for a cup of coffee', async () => {
    expect((await face.analyzeFrame('s-replay', fixture('spoof/attack-replay__minivision-F2.jpg'))).status).toBe('liveness_failed');
    expect((await face.analyzeFrame('s-print', fixture('spoof/attack-print__minivision-F1.jpg'))).status).toBe('liveness_failed');
    const none = await face.analyzeFrame('s-none', fixture('negatives/coffee.png'));
    expect(none).toMatchObject({ status: 'no_face', faceCount: 0, primaryBox: null });
  });

  it('uses the primary face when several are in view, and says so', async () => {
    const r = await face.analyzeFrame('s-multi', fixture('multi__obama-biden-blueroom-2010.jpg'));
    expect(r.faceCount).toBe(2);
    expect(r.guidance).toContain('MULTIPLE_FACES');
    expect(r.status).toBe('identifying');
    expect(r.primaryBox).not.toBeNull();
  });

  it('answers bad bytes with a specific code and keeps serving the session', async () => {
    await expect(face.analyzeFrame('s-bad', new TextEncoder().encode('not an image'))).rejects.toMatchObject({ code: 'FACE_IMAGE_UNSUPPORTED' });
    const jpeg = fixture('london-030__neutral.jpg');
    await expect(face.analyzeFrame('s-bad', jpeg.subarray(0, 2000))).rejects.toMatchObject({ code: 'FACE_IMAGE_CORRUPT' });
    await expect(face.analyzeFrame('s-bad', jpeg.subarray(0, jpeg.length >> 1))).rejects.toMatchObject({ code: 'FACE_IMAGE_CORRUPT' });
    expect((await face.analyzeFrame('s-bad', jpeg)).status).toBe('identifying');
  });

  it('refuses to enrol a face that belongs to another member, or photos of two people', async () => {
    await expect(face.enrollFromPhotos('dup', [fixture('barack-obama__congress-2009.jpg')])).rejects.toMatchObject({
      code: 'FACE_ENROLMENT_CONFLICT',
      details: { otherMemberId: 'obama' },
    });
    await expect(face.enrollFromPhotos('mixed', [fixture('lisa-debruine__pose1.jpg'), fixture('london-030__neutral.jpg')])).rejects.toMatchObject({
      code: 'FACE_ENROLMENT_INCONSISTENT',
    });
    await expect(face.enrollFromPhotos('biden', [fixture('multi__obama-biden-blueroom-2010.jpg')])).rejects.toMatchObject({ code: 'FACE_ENROLMENT_INSUFFICIENT' });
    expect(face.countPeopleWithFaceData()).toBe(1);
  });

  it('enrols from a live camera session and then recognises the member from other frames', async () => {
    await frames(face, 's-join', 'lisa-debruine__pose1.jpg');
    const r = await face.enrollFromSession('s-join', 'lisa');
    expect(r).toMatchObject({ memberId: 'lisa', templatesAdded: 1, imagesUsed: 3 });
    const last = (await frames(face, 's-lisa-again', 'lisa-debruine__pose3.jpg')).at(-1)!;
    expect(last.status).toBe('identified');
    expect(last.match!.memberId).toBe('lisa');
    await expect(face.enrollFromSession('nope', 'lisa')).rejects.toMatchObject({ code: 'FACE_SESSION_UNKNOWN' });
  });

  it('keeps no photo: after a photo enrolment no stored value holds any of the photo, raw, base64 or hex', async () => {
    const photo = fixture('lisa-debruine__pose3.jpg');
    expect((await face.enrollFromPhotos('lisa', [photo])).templatesAdded).toBe(1);
    expect(face.countPeopleWithFaceData()).toBe(2);
    // A slice from inside the image data (offsets divisible by 3 keep base64 aligned with the whole).
    const slice = Buffer.from(photo.subarray(999, 999 + 48));
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).not.toContain('face_images');
    const found: string[] = [];
    for (const table of tables) {
      for (const { name: column } of db.pragma(`table_info("${table}")`) as Array<{ name: string }>) {
        const hits = db
          .prepare(`SELECT count(*) AS n FROM "${table}" WHERE instr("${column}", ?) > 0 OR instr(CAST("${column}" AS TEXT), ?) > 0 OR instr(CAST("${column}" AS TEXT), ?) > 0`)
          .get(slice, slice.toString('base64'), slice.toString('hex')) as { n: number };
        if (hits.n > 0) found.push(`${table}.${column}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('records "not this member" as negative evidence without touching the member’s templates', async () => {
    await frames(face, 's-wrong', 'barack-obama__congress-2009.jpg');
    expect(face.getConfirmedMatch('s-wrong')?.memberId).toBe('obama');
    expect(face.rejectMatch('s-wrong', 'obama', 'staff-1')).toEqual({ recorded: true, rejectionsForMember: 1 });
    expect(face.getConfirmedMatch('s-wrong')).toBeNull();
    // The same presentation again, in a new session: suppressed for that member.
    const again = (await frames(face, 's-wrong-2', 'barack-obama__congress-2009.jpg')).at(-1)!;
    expect(again).toMatchObject({ status: 'unknown', reason: 'REJECTED_BEFORE' });
    // The enrolment itself is intact: the enrolled photo still identifies the member.
    const enrolled = (await frames(face, 's-enrolled', 'barack-obama__portrait-2012.jpg')).at(-1)!;
    expect(enrolled.match?.memberId).toBe('obama');
    expect((db.prepare("SELECT count(*) AS n FROM face_templates WHERE member_id = 'obama'").get() as { n: number }).n).toBe(1);
  });

  it('loads the gallery at start-up, ignoring templates of another model version or key', async () => {
    db.prepare("INSERT INTO face_templates (member_id, model_version, key_id, sealed, source, quality, created_at) VALUES ('old', 'other-model', 'k', x'00', 'photo', NULL, '2020-01-01T00:00:00Z')").run();
    const current = (db.prepare("SELECT count(*) AS n FROM face_templates WHERE model_version <> 'other-model'").get() as { n: number }).n;
    expect(current).toBe(3); // obama 1; lisa: session 1 + photo 1
    const restarted = service();
    await restarted.start();
    const status = restarted.getStatus();
    db.prepare("DELETE FROM face_templates WHERE member_id = 'old'").run();
    expect(status.gallery).toMatchObject({ people: 2, templates: current, otherModelTemplates: 1, unreadableTemplates: 0 });
    const last = (await frames(restarted, 's-restart', 'barack-obama__portrait-2012.jpg')).at(-1)!;
    expect(last.match?.memberId).toBe('obama');

    const wrongKey = service({ key: randomBytes(32) });
    await wrongKey.start();
    expect(wrongKey.getStatus().gallery).toMatchObject({ templates: 0, unreadableTemplates: current });
  });

  it('erases a member: rows and index, and the member is no longer identified', async () => {
    expect(face.deleteTemplatesForMember('obama')).toBe(1);
    expect((db.prepare("SELECT count(*) AS n FROM face_rejections WHERE member_id = 'obama'").get() as { n: number }).n).toBe(0);
    const last = (await frames(face, 's-after-erase', 'barack-obama__portrait-2012.jpg')).at(-1)!;
    expect(last.status).toBe('unknown');
    expect(face.countPeopleWithFaceData()).toBe(1);
    expect(face.deleteTemplatesForMember('obama')).toBe(0);
  });

  it('never logs templates or images', () => {
    const text = log.lines.join('\n');
    expect(text).toContain('face.enrolled');
    expect(text).not.toMatch(/\d\.\d{5,},\s*-?\d\.\d{5,}/);
  });
});

describe('back-pressure', () => {
  it('keeps one frame in flight, replaces the waiting frame with a newer one and answers the stale one as dropped', async () => {
    const calls: Array<(a: FaceAnalysis) => void> = [];
    const slow: FaceEngine = {
      analyze: () => new Promise<FaceAnalysis>((resolve) => calls.push(resolve)),
      warmUp: async () => ({ loadMs: 0, modelVersion: 'x' }),
      state: () => 'ready',
      close: async () => undefined,
    };
    const f = service({ engine: slow });
    await f.start();
    const empty: FaceAnalysis = {
      imageWidth: 640,
      imageHeight: 480,
      faces: [],
      primary: null,
      quality: null,
      liveness: null,
      embedding: null,
      modelVersion: 'x',
      timingsMs: { decode: 0, detect: 0, align: 0, liveness: 0, embed: 0 },
    };
    const first = f.analyzeFrame('bp', new Uint8Array([1]));
    const second = f.analyzeFrame('bp', new Uint8Array([2]));
    const third = f.analyzeFrame('bp', new Uint8Array([3]));
    expect(calls).toHaveLength(1);
    expect((await second).status).toBe('dropped');
    calls[0]!(empty);
    expect((await first).status).toBe('no_face');
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(2);
    calls[1]!(empty);
    const last = await third;
    expect(last).toMatchObject({ status: 'no_face', droppedFrames: 1 });
    expect(f.getStatus().droppedFrames).toBe(1);

    // Many sessions at once (a misbehaving client): refused, retryable, once 4 are in flight.
    const flood = ['a', 'b', 'c', 'd'].map((id) => f.analyzeFrame(id, new Uint8Array([1])));
    await expect(f.analyzeFrame('e', new Uint8Array([1]))).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    for (let i = 2; i < 6; i++) calls[i]!(empty);
    expect((await Promise.all(flood)).map((r) => r.status)).toEqual(['no_face', 'no_face', 'no_face', 'no_face']);
  });
});

describe('warm-up and close', () => {
  it('loads the models once when start() and the worker ask together, and reads nothing after close()', async () => {
    let release: () => void = () => undefined;
    let warmUps = 0;
    const gated: FaceEngine = {
      analyze: () => Promise.reject(new Error('not used')),
      warmUp: () => {
        warmUps++;
        return new Promise((resolve) => {
          release = () => resolve({ loadMs: 1, modelVersion: 'x' });
        });
      },
      state: () => 'ready',
      close: async () => undefined,
    };
    const ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-warmup-'));
    const ownDb = openDatabase(path.join(ownDir, 'store.sqlite'));
    const statuses: unknown[] = [];
    const f = createFaceService(
      { db: ownDb, config, log, clock, onStatus: (s) => statuses.push(s) },
      { engine: gated, keyProvider: staticKeyProvider(key), hasFaceConsent: () => true },
    );
    await f.start(); // starts a warm-up in the background
    const second = f.warmUp(); // the worker's "ready" arrives while it runs
    expect(warmUps).toBe(1);
    const closing = f.close();
    const reported = statuses.length;
    release();
    await Promise.all([second, closing]);
    // Closed while warming: the late result reports nothing, so nothing reads the database after close.
    ownDb.close();
    expect(statuses).toHaveLength(reported);
    expect(warmUps).toBe(1);
    fs.rmSync(ownDir, { recursive: true, force: true });
  });
});
