import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { fixedClock } from '../../electron/core/clock.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { until as untilWithin } from '../support/until.js';

/** Model loading and worker restarts can take a while on a busy 2-core machine. */
const until = (check: () => boolean | Promise<boolean>, what: string) => untilWithin(check, what, 60_000, 100);

/**
 * The face engine as the app runs it: inference in the kiosk worker thread, the contract through
 * the dispatcher (results validated against the schemas), and a worker crash in the middle.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/faces');
const b64 = (name: string) => fs.readFileSync(path.join(FIXTURES, name)).toString('base64');

let dataDir: string;
let services: RunningServices;
const invoke = (method: string, args: unknown) => services.dispatcher.invoke(method, args, { clientId: 'face-it', transport: 'in-process' });

beforeAll(async () => {
  process.env.KIOSK_ALLOW_DEBUG_CRASH = '1';
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'face-it-'));
  services = await startServices({
    dataDir,
    transport: 'in-process',
    log: createMemoryLogger(),
    validateResults: true,
    // Frames count as one person's evidence within face.decision.windowMs (3 s) of each other: on
    // the clock, not on how long a busy 2-core machine takes to analyse them (here, a fixed instant).
    clock: fixedClock('2026-11-22T02:00:00Z'),
    face: { hasFaceConsent: (id) => id === 'm-obama' },
  });
  await services.worker.whenReady();
  await until(async () => {
    const r = await invoke('face.getStatus', {});
    return r.ok && (r.value as { modelsLoaded: boolean }).modelsLoaded;
  }, 'models to load in the worker');
});

afterAll(async () => {
  await services?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('face engine in the kiosk worker', () => {
  it('reports its state, model version and thresholds, and keeps the template key in a 0600 file', async () => {
    const r = await invoke('face.getStatus', {});
    expect(r.ok).toBe(true);
    expect(r).toMatchObject({ value: { state: 'ready', modelsLoaded: true, gallery: { people: 0 }, peopleWithFaceData: 0 } });
    expect((r as { value: { modelVersion: string } }).value.modelVersion).toMatch(/^mobilefacenet/);
    const keyFile = path.join(dataDir, 'keys', 'face-templates.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('enrols (staff only) and identifies over frames sent as base64 JPEG', async () => {
    const denied = await invoke('face.enrollFromPhotos', { memberId: 'm-obama', imagesBase64: [b64('barack-obama__portrait-2012.jpg')] });
    expect(denied).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    await services.face.enrollFromPhotos('m-obama', [new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'barack-obama__portrait-2012.jpg')))]);
    let last: unknown;
    for (let i = 0; i < 3; i++) last = await invoke('face.analyzeFrame', { sessionId: 'k-1', jpegBase64: `data:image/jpeg;base64,${b64('barack-obama__congress-2009.jpg')}` });
    expect(last).toMatchObject({ ok: true, value: { status: 'identified', match: { memberId: 'm-obama' } } });
    expect(services.face.getConfirmedMatch('k-1')?.memberId).toBe('m-obama');
    expect(services.face.countPeopleWithFaceData()).toBe(1);
  });

  it('identifies over frames sent as pixels (no JPEG), through the worker', async () => {
    const { data, info } = await sharp(path.join(FIXTURES, 'barack-obama__congress-2009.jpg')).resize(640, 480, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const frame = { width: info.width, height: info.height, stride: info.width * 4, format: 'rgba', pixels: new Uint8Array(data) };
    let last: unknown;
    for (let i = 0; i < 3; i++) last = await invoke('face.analyzeRawFrame', { sessionId: 'k-raw', frame });
    expect(last).toMatchObject({ ok: true, value: { status: 'identified', match: { memberId: 'm-obama' } } });
    const wrong = await invoke('face.analyzeRawFrame', { sessionId: 'k-raw', frame: { ...frame, height: 481 } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((wrong as { error: { message: string } }).error.message).toContain('do not hold a 640×481 rgba frame');
  });

  it('answers bad input with specific codes and the worker keeps serving', async () => {
    expect(await invoke('face.analyzeFrame', { sessionId: 'k-2', jpegBase64: '!!!not base64!!!' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await invoke('face.analyzeFrame', { sessionId: 'k-2', jpegBase64: Buffer.from('hello, not an image').toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'FACE_IMAGE_UNSUPPORTED' },
    });
    expect(await invoke('face.analyzeFrame', { sessionId: 'k-2', jpegBase64: b64('negatives/coffee.png') })).toMatchObject({ ok: true, value: { status: 'no_face' } });
    expect(services.worker.status().restarts).toBe(0);
  });

  it('fails with a retryable UNAVAILABLE while a crashed worker restarts, then works again with the gallery intact', async () => {
    await services.worker.request('debug.crash', {}).catch(() => undefined);
    await until(() => services.worker.status().state !== 'ready', 'the worker to go away');
    const during = await invoke('face.analyzeFrame', { sessionId: 'k-3', jpegBase64: b64('barack-obama__congress-2009.jpg') });
    expect(during).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', retryable: true } });
    const status = await invoke('face.getStatus', {});
    expect((status as { value: { state: string } }).value.state).not.toBe('ready');
    await services.worker.whenReady();
    let last: unknown;
    for (let i = 0; i < 3; i++) last = await invoke('face.analyzeFrame', { sessionId: 'k-4', jpegBase64: b64('barack-obama__congress-2009.jpg') });
    expect(last).toMatchObject({ ok: true, value: { status: 'identified', match: { memberId: 'm-obama' } } });
    expect(services.worker.status().restarts).toBe(1);
  });
});
