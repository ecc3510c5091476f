import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, resizeRgb } from './image-decode.js';
import { readManifest, readVerifiedModel } from './model-manifest.js';
import { decodeYunet, fillBgrPlanar, YunetDetector } from './yunet-detector.js';
import { assertSizeAgnostic, makeDynamicYunet } from './yunet-dynamic.js';
import { nonMaxSuppression } from './face-geometry.js';
import { fixture, MODELS_DIR } from './face-test-support.js';

/**
 * The detector runs the shipped YuNet-s with symbolic input dims (yunet-dynamic.ts): these pin that
 * the edit changes no weight (identical outputs at 640×640) and that a 640×480 camera frame, run
 * at 640×480, finds the face where the 640×640 letterbox of the original graph finds it.
 */
const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };
let fixedBytes: Uint8Array;
let fixed: ort.InferenceSession;
let dynamic: ort.InferenceSession;

beforeAll(async () => {
  fixedBytes = readVerifiedModel(MODELS_DIR, readManifest(MODELS_DIR), 'detector');
  fixed = await ort.InferenceSession.create(fixedBytes, options);
  dynamic = await ort.InferenceSession.create(makeDynamicYunet(fixedBytes), options);
});
afterAll(async () => {
  await Promise.all([fixed.release(), dynamic.release()]);
});

/** A webcam-like 640×480 frame of a fixture photo. */
async function cameraFrame(name: string) {
  const jpeg = await sharp(Buffer.from(fixture(name))).resize(640, 480, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
  return decodeImage(new Uint8Array(jpeg), { maxPixels: 40e6 });
}

describe('YuNet-s with symbolic input dims', () => {
  it('gives exactly the original graph’s outputs at 640×640 on a real photo', async () => {
    const image = await decodeImage(fixture('barack-obama__portrait-2012.jpg'), { maxPixels: 40e6, maxSide: 640 });
    const tensor = new Float32Array(3 * 640 * 640);
    fillBgrPlanar(tensor, image, 640, 640);
    const a = await fixed.run({ input: new ort.Tensor('float32', tensor, [1, 3, 640, 640]) });
    const b = await dynamic.run({ input: new ort.Tensor('float32', tensor, [1, 3, 640, 640]) });
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect(b[name]!.data).toEqual(a[name]!.data);
  });

  it('detects a 640×480 camera frame on a 640×480 input, where the 640×640 letterbox finds the face', async () => {
    const detector = new YunetDetector(dynamic);
    for (const name of ['lisa-debruine__pose1.jpg', 'london-030__neutral.jpg', 'barack-obama__portrait-2012.jpg']) {
      const image = await cameraFrame(name);
      const prepared = await detector.prepare(image);
      expect([prepared.inputWidth, prepared.inputHeight]).toEqual([640, 480]);
      const faces = await detector.detect(image, { scoreThreshold: 0.6, nmsIou: 0.3 });

      // The original recipe: the same frame at the top-left of a zero 640×640 tensor, fixed graph.
      const letterbox = new Float32Array(3 * 640 * 640);
      fillBgrPlanar(letterbox, await resizeRgb(image, 640, 480), 640, 640);
      const out = await fixed.run({ input: new ort.Tensor('float32', letterbox, [1, 3, 640, 640]) });
      const reference = nonMaxSuppression(decodeYunet(out as unknown as Record<string, { data: Float32Array }>, 640, 640, 0.6), 0.3);

      expect(faces).toHaveLength(reference.length);
      expect(faces.length).toBeGreaterThan(0);
      const [f, r] = [faces[0]!, reference[0]!];
      expect(Math.abs(f.score - r.score)).toBeLessThan(0.02);
      for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(f.box[key] - r.box[key])).toBeLessThan(2);
      f.landmarks.forEach((p, i) => expect(Math.hypot(p.x - r.landmarks[i]!.x, p.y - r.landmarks[i]!.y)).toBeLessThan(1.5));
    }
  });

  it('pads a photo’s input only up to multiples of 32 and keeps the 640 scale', async () => {
    const detector = new YunetDetector(dynamic);
    const image = await decodeImage(fixture('multi__obama-biden-blueroom-2010.jpg'), { maxPixels: 40e6 });
    const prepared = await detector.prepare(image);
    const scale = Math.min(640 / image.width, 640 / image.height);
    expect(prepared.inputWidth % 32).toBe(0);
    expect(prepared.inputHeight % 32).toBe(0);
    expect(Math.max(prepared.inputWidth, prepared.inputHeight)).toBe(640);
    expect(prepared.inputHeight).toBe(Math.ceil(Math.round(image.height * scale) / 32) * 32);
  });

  it('refuses a graph whose Reshape is tied to one input size', () => {
    const bytes = Buffer.from(fixedBytes);
    // The int64 constant [1,-1,4] of the bbox Reshapes, made [1,6400,4].
    const pattern = Buffer.alloc(24);
    pattern.writeBigInt64LE(1n, 0);
    pattern.writeBigInt64LE(-1n, 8);
    pattern.writeBigInt64LE(4n, 16);
    const at = bytes.indexOf(pattern);
    expect(at).toBeGreaterThan(0);
    bytes.writeBigInt64LE(6400n, at + 8);
    expect(() => assertSizeAgnostic(new Uint8Array(bytes))).toThrow(/not \[1,-1,k\]/);
    expect(() => assertSizeAgnostic(fixedBytes)).not.toThrow();
  });
});
