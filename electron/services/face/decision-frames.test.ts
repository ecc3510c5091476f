import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/connection.js';
import { createMemoryLogger } from '../../core/logger.js';
import { fixedClock } from '../../core/clock.js';
import { faceConfigSchema, type FaceConfig } from '../../contract/face-config.js';
import { createFaceService, type FaceService } from './face-service.js';
import { staticKeyProvider } from './template-crypto.js';
import { readManifest } from './model-manifest.js';
import { MODELS_DIR } from './face-test-support.js';
import { scriptedEngine, unitVector, type Scene, type ScriptedEngine } from './scripted-face-engine.js';

/**
 * Liveness runs only on decision frames (issue 16; README "Decision frames"), with a scripted engine
 * that records whether each frame was analysed with the MiniFASNet pair.
 */
const ANN = 1, ANN_AGAIN = 2, BOB = 3, PRINT = 4, NOBODY = 5;
const scenes = new Map<number, Scene>([
  [ANN, { embedding: unitVector(0), live: 0.95 }],
  [ANN_AGAIN, { embedding: unitVector(0, 1, 0.2), live: 0.95 }],
  [BOB, { embedding: unitVector(5), live: 0.95 }],
  [PRINT, { embedding: unitVector(0), live: 0.1 }],
  [NOBODY, { embedding: null, live: 0 }],
]);
const frame = (scene: number) => new Uint8Array([scene]);
const version = readManifest(MODELS_DIR).models.embedder.version;

let dir: string;
let db: Db;
let engine: ScriptedEngine;
let clock: ReturnType<typeof fixedClock>;
let face: FaceService;

async function start(config: FaceConfig = faceConfigSchema.parse({})): Promise<void> {
  engine = scriptedEngine(scenes, version);
  face = createFaceService({ db, config, log: createMemoryLogger(), clock }, { engine, keyProvider: staticKeyProvider(randomBytes(32)), hasFaceConsent: () => true });
  await face.start();
  await face.enrollFromPhotos('ann', [frame(ANN)]);
  engine.calls.length = 0;
}

const send = (session: string, scene: number) => face.analyzeFrame(session, frame(scene));
const livenessRuns = () => engine.calls.map((c) => c.liveness);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-decision-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
  clock = fixedClock('2026-12-01T09:00:00Z');
});
afterEach(async () => {
  await face.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('decision frames', () => {
  it('runs liveness on the frames of a decision, not on the frames that follow it while the same face stays', async () => {
    await start();
    const first = [await send('s', ANN), await send('s', ANN), await send('s', ANN)];
    expect(first.map((r) => r.status)).toEqual(['identifying', 'identifying', 'identified']);
    expect(first.every((r) => r.liveness !== null)).toBe(true);
    // The same face keeps coming: the decision is held, no liveness run, no new search.
    const held = [await send('s', ANN_AGAIN), await send('s', ANN)];
    expect(held.map((r) => [r.status, r.match?.memberId, r.liveness])).toEqual([
      ['identified', 'ann', null],
      ['identified', 'ann', null],
    ]);
    expect(livenessRuns()).toEqual([true, true, true, false, false]);
  });

  it('decides again on fresh live frames once the hold expires; a decision never rests on a frame without liveness', async () => {
    const config = faceConfigSchema.parse({ decision: { holdMs: 1500 } });
    await start(config);
    for (let i = 0; i < 3; i++) await send('s', ANN);
    clock.advance(1000);
    expect((await send('s', ANN)).liveness).toBeNull();
    clock.advance(1000); // 2 s after the decision: past holdMs
    const fresh = [await send('s', ANN), await send('s', ANN), await send('s', ANN)];
    expect(fresh.map((r) => [r.status, r.framesCollected])).toEqual([
      ['identifying', 1],
      ['identifying', 2],
      ['identified', 3],
    ]);
    expect(livenessRuns()).toEqual([true, true, true, false, true, true, true]);
    // Every decided result came after `frames` consecutive liveness runs.
    const decidedAt = [2, 6];
    for (const i of decidedAt) expect(livenessRuns().slice(i - 2, i + 1)).toEqual([true, true, true]);
  });

  it('ends the hold for another face: that frame (analysed without liveness) does not enter the new window', async () => {
    await start();
    for (let i = 0; i < 3; i++) await send('s', ANN);
    const other = await send('s', BOB);
    expect(other).toMatchObject({ status: 'identifying', framesCollected: 0, match: null });
    const bob = [await send('s', BOB), await send('s', BOB), await send('s', BOB)];
    expect(bob.map((r) => r.status)).toEqual(['identifying', 'identifying', 'unknown']);
    expect(bob[2]!.reason).toBe('NO_MATCH');
    expect(livenessRuns()).toEqual([true, true, true, false, true, true, true]);
  });

  it('ends the hold when the face leaves, and never holds a spoof', async () => {
    await start();
    for (let i = 0; i < 3; i++) await send('s', ANN);
    expect((await send('s', NOBODY)).status).toBe('no_face');
    expect((await send('s', ANN)).status).toBe('identifying');
    expect(livenessRuns().slice(3)).toEqual([false, true]);
    // A print fails at once, and every later frame of it is checked again.
    const spoof = [await send('p', PRINT), await send('p', PRINT), await send('p', PRINT)];
    expect(spoof.map((r) => r.status)).toEqual(['liveness_failed', 'liveness_failed', 'liveness_failed']);
    expect(livenessRuns().slice(5)).toEqual([true, true, true]);
  });

  it('a rejected match is not repeated by the hold', async () => {
    await start();
    for (let i = 0; i < 3; i++) await send('s', ANN);
    face.rejectMatch('s', 'ann', 'staff-1');
    const after = await send('s', ANN);
    expect(after.status).not.toBe('identified');
    expect(engine.calls.at(-1)!.liveness).toBe(true);
  });

  it('with holdMs 0 every usable frame is a decision frame', async () => {
    await start(faceConfigSchema.parse({ decision: { holdMs: 0 } }));
    for (let i = 0; i < 5; i++) await send('s', ANN);
    expect(livenessRuns()).toEqual([true, true, true, true, true]);
  });

  it('runs no liveness at all when liveness is switched off', async () => {
    await start(faceConfigSchema.parse({ liveness: { enabled: false }, decision: { holdMs: 0 } }));
    const r = [await send('s', ANN), await send('s', ANN), await send('s', ANN)];
    expect(r[2]!.status).toBe('identified');
    expect(r.every((x) => x.liveness === null)).toBe(true);
  });
});
