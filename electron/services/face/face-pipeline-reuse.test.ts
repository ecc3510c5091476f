import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacePipeline, type FaceAnalysis } from './face-pipeline.js';
import { analyzeOptionsFor } from './face-engine.js';
import { defaultFaceConfig } from '../../contract/face-config.js';
import { fixture, MODELS_DIR } from './face-test-support.js';

/**
 * The models' input buffers are reused between frames (issue 16). Overlapping calls — a camera
 * frame while an enrolment photo is analysed — must still each get their own results.
 */
let pipeline: FacePipeline;
beforeAll(async () => {
  pipeline = await FacePipeline.load(MODELS_DIR, { threads: 1 });
});
afterAll(async () => {
  await pipeline.dispose();
});

describe('buffer reuse between frames', () => {
  it('gives overlapping calls the same results as one-at-a-time calls', async () => {
    const frame = analyzeOptionsFor(defaultFaceConfig(), 'frame');
    const inputs = await Promise.all(
      ['lisa-debruine__pose3.jpg', 'london-030__neutral.jpg', 'barack-obama__portrait-2012.jpg'].map(async (name) =>
        new Uint8Array(await sharp(Buffer.from(fixture(name))).resize(640, 480, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer()),
      ),
    );
    const sequential: FaceAnalysis[] = [];
    for (const bytes of inputs) sequential.push(await pipeline.analyze(bytes, frame));
    const overlapping = await Promise.all([...inputs, ...inputs].map((bytes) => pipeline.analyze(bytes, frame)));
    overlapping.forEach((a, i) => {
      const s = sequential[i % inputs.length]!;
      expect(a.embedding).not.toBeNull();
      expect(Array.from(a.embedding!)).toEqual(Array.from(s.embedding!));
      expect(a.liveness!.live).toBe(s.liveness!.live);
      expect(a.faces[a.primary!]!.box).toEqual(s.faces[s.primary!]!.box);
    });
    // Different people: the results really differ, so equality above is not trivial.
    expect(Array.from(sequential[0]!.embedding!)).not.toEqual(Array.from(sequential[1]!.embedding!));
  });
});

describe('camera frames as pixels (no JPEG round trip)', () => {
  it('gives a raw RGBA frame the same analysis as the same pixels decoded from a JPEG, with buffers reused', async () => {
    const options = analyzeOptionsFor(defaultFaceConfig(), 'frame');
    const jpeg = await sharp(Buffer.from(fixture('barack-obama__portrait-2012.jpg'))).resize(640, 480, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
    const { data, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const frame = { width: info.width, height: info.height, stride: info.width * 4, format: 'rgba' as const, pixels: new Uint8Array(data) };
    // The same pixels with padded rows (read through the packed-RGB path, not in place).
    const padded = new Uint8Array((info.width * 4 + 16) * info.height);
    for (let y = 0; y < info.height; y++) padded.set(frame.pixels.subarray(y * frame.stride, (y + 1) * frame.stride), y * (frame.stride + 16));
    const fromJpeg = await pipeline.analyze(new Uint8Array(jpeg), options);
    const fromRaw = await pipeline.analyzeRaw(frame, options);
    const again = await pipeline.analyzeRaw(frame, options);
    const fromPadded = await pipeline.analyzeRaw({ ...frame, stride: frame.stride + 16, pixels: padded }, options);
    for (const a of [fromRaw, again, fromPadded]) {
      expect(a.embedding).not.toBeNull();
      expect(Array.from(a.embedding!)).toEqual(Array.from(fromJpeg.embedding!));
      expect(a.liveness!.live).toBe(fromJpeg.liveness!.live);
      expect(a.faces).toEqual(fromJpeg.faces);
    }
  });

  it('scales a frame larger than frameMaxSide down like a decoded one, and refuses bad dimensions', async () => {
    const options = analyzeOptionsFor(defaultFaceConfig(), 'frame');
    const { data, info } = await sharp(Buffer.from(fixture('barack-obama__portrait-2012.jpg'))).resize(1280, 960, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
    const big = await pipeline.analyzeRaw({ width: info.width, height: info.height, stride: info.width * 3, format: 'rgb', pixels: new Uint8Array(data) }, options);
    expect([big.imageWidth, big.imageHeight]).toEqual([640, 480]);
    expect(big.embedding).not.toBeNull();
    await expect(pipeline.analyzeRaw({ width: 640, height: 480, stride: 2560, format: 'rgba', pixels: new Uint8Array(100) }, options)).rejects.toMatchObject({ code: 'FACE_FRAME_INVALID' });
  });
});
