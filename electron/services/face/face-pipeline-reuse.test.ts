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
