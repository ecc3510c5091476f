import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { createMemoryLogger } from '../../core/logger.js';
import { fixedClock } from '../../core/clock.js';
import { faceConfigSchema } from '../../contract/face-config.js';
import { createInProcessEngine } from './face-engine.js';
import { createFaceService, type FaceService } from './face-service.js';
import { staticKeyProvider } from './template-crypto.js';
import { fixture } from './face-test-support.js';

/**
 * "Not me" decays (issue 16), over the real pipeline and a temp SQLite file: a mistaken rejection is
 * outweighed by one later phone/QR check-in, expires after the configured days (probe deleted),
 * and staff can list and clear it.
 */
const config = faceConfigSchema.parse({ rejections: { expireAfterDays: 30 } });
const engine = createInProcessEngine(config);
const key = randomBytes(32);
const clock = fixedClock('2026-11-22T10:00:00Z');
const DAY = 86_400_000;
let dir: string;
let db: Db;
let face: FaceService;

function service(): FaceService {
  return createFaceService(
    { db, config, log: createMemoryLogger(), clock },
    { engine: { ...engine, close: async () => undefined }, keyProvider: staticKeyProvider(key), hasFaceConsent: () => true },
  );
}

async function lastFrame(sessionId: string, name = 'barack-obama__congress-2009.jpg') {
  let last;
  for (let i = 0; i < config.decision.frames; i++) {
    last = await face.analyzeFrame(sessionId, fixture(name));
    clock.advance(100);
  }
  return last!;
}

/** The member at the kiosk taps "not me" on their own correct match. */
async function tapNotMe(sessionId: string): Promise<void> {
  expect((await lastFrame(sessionId)).match?.memberId).toBe('obama');
  expect(face.rejectMatch(sessionId, 'obama', null).recorded).toBe(true);
  expect(await lastFrame(`${sessionId}-after`)).toMatchObject({ status: 'unknown', reason: 'REJECTED_BEFORE' });
}

const rejectionRows = () => (db.prepare("SELECT count(*) AS n FROM face_rejections WHERE member_id = 'obama'").get() as { n: number }).n;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-rejections-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
  face = service();
  await face.start();
  await face.enrollFromPhotos('obama', [fixture('barack-obama__portrait-2012.jpg')]);
});
beforeEach(() => {
  face.clearRejections('obama', 'test');
});
afterAll(async () => {
  db.close();
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('"not me" evidence decays', () => {
  it('one confirmed phone check-in after a mistaken "not me" makes the member recognised again; a replay of it counts once', async () => {
    await tapNotMe('m1');
    // A cashier then says "not this member" too (staff may reject in any session that saw the face).
    await lastFrame('m2');
    expect(face.rejectMatch('m2', 'obama', 'staff-1')).toEqual({ recorded: true, rejectionsForMember: 2 });
    expect(rejectionRows()).toBe(2);
    expect(face.noteConfirmedCheckin('obama', 'phone', 'checkin-1')).toEqual({ outweighed: true, remaining: 1 });
    // The same check-in reported again (a replayed op) outweighs nothing more.
    expect(face.noteConfirmedCheckin('obama', 'phone', 'checkin-1')).toEqual({ outweighed: false, remaining: 1 });
    expect(await lastFrame('m3')).toMatchObject({ status: 'unknown', reason: 'REJECTED_BEFORE' });
    expect(face.noteConfirmedCheckin('obama', 'qr', 'checkin-2')).toEqual({ outweighed: true, remaining: 0 });
    expect((await lastFrame('m4')).match?.memberId).toBe('obama');
    expect(rejectionRows()).toBe(0);
  });

  it('expires after the configured days: the probe is deleted, also across a restart', async () => {
    await tapNotMe('e1');
    clock.advance(29 * DAY);
    expect(await lastFrame('e2')).toMatchObject({ status: 'unknown', reason: 'REJECTED_BEFORE' });
    clock.advance(1 * DAY + 1000);
    expect((await lastFrame('e3')).match?.memberId).toBe('obama');
    expect(rejectionRows()).toBe(0);

    await tapNotMe('e4');
    clock.advance(31 * DAY);
    const restarted = service();
    await restarted.start();
    expect(rejectionRows()).toBe(0);
    await restarted.close();
  });

  it('staff can review (ids, counts and dates only) and clear it', async () => {
    expect(face.listRejections()).toEqual([]);
    await tapNotMe('r1');
    const listed = face.listRejections();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toEqual({
      memberId: 'obama',
      count: 1,
      oldestAt: listed[0]!.newestAt,
      newestAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresAt: new Date(Date.parse(listed[0]!.oldestAt) + 30 * DAY).toISOString(),
    });
    expect(face.clearRejections('obama', 'manager-1')).toBe(1);
    expect(face.listRejections()).toEqual([]);
    expect((await lastFrame('r2')).match?.memberId).toBe('obama');
  });

  it('the retention timer deletes an expired probe of a member who is never looked up again (issue 14)', async () => {
    await tapNotMe('p1');
    clock.advance(29 * DAY);
    expect(face.purgeExpiredRejections()).toBe(0);
    expect(rejectionRows()).toBe(1);
    clock.advance(1 * DAY + 1000);
    expect(face.purgeExpiredRejections()).toBe(1);
    expect(rejectionRows()).toBe(0);
  });
});
