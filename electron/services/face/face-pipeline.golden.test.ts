import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { FacePipeline, type AnalyzeOptions } from './face-pipeline.js';
import { decodeImage } from './image-decode.js';
import { warpToTemplate, ARCFACE_TEMPLATE, estimateSimilarity } from './face-align.js';
import { cosine } from './mobilefacenet-embedder.js';
import { defaultFaceConfig } from '../../contract/face-config.js';
import { analyzeOptionsFor } from './face-engine.js';
import { fixture, MODELS_DIR } from './face-test-support.js';

/**
 * Golden tests on real photos: they pin every stage of the MODEL.md recipes, so a change in
 * pre/post-processing (channel order, normalisation, padding, decoding) shows up here first.
 */
let pipeline: FacePipeline;
const config = defaultFaceConfig();
const photo: AnalyzeOptions = analyzeOptionsFor(config, 'photo');
const frame: AnalyzeOptions = analyzeOptionsFor(config, 'frame');

beforeAll(async () => {
  pipeline = await FacePipeline.load(MODELS_DIR, { threads: 1 });
});
afterAll(async () => {
  await pipeline.dispose();
});

describe('YuNet detection (BGR raw, 640 letterbox, stride decoding, NMS)', () => {
  it('finds Obama’s face where MODEL.md recorded it (box and 5 landmarks)', async () => {
    const image = await decodeImage(fixture('barack-obama__portrait-2012.jpg'), { maxPixels: 40e6 });
    const faces = await pipeline.detect(image, 0.6);
    expect(faces).toHaveLength(1);
    const f = faces[0]!;
    expect(f.score).toBeCloseTo(0.946, 2);
    expect(f.box.x).toBeCloseTo(371, -1);
    expect(f.box.y).toBeCloseTo(90, -1);
    expect(f.box.width).toBeCloseTo(240, -1);
    expect(f.box.height).toBeCloseTo(329, -1);
    const expected = [[439, 214], [554, 214], [495, 268], [440, 318], [547, 319]];
    f.landmarks.forEach((p, i) => {
      expect(Math.abs(p.x - expected[i]![0]!)).toBeLessThan(3);
      expect(Math.abs(p.y - expected[i]![1]!)).toBeLessThan(3);
    });
  });

  it('finds both faces in the two-person photo, each once (NMS), with MODEL.md scores', async () => {
    const image = await decodeImage(fixture('multi__obama-biden-blueroom-2010.jpg'), { maxPixels: 40e6 });
    const faces = await pipeline.detect(image, 0.6);
    expect(faces).toHaveLength(2);
    expect(faces.map((f) => f.score.toFixed(2)).sort()).toEqual(['0.92', '0.93']);
  });

  it('finds no face in a photo of coffee', async () => {
    const a = await pipeline.analyze(fixture('negatives/coffee.png'), photo);
    expect(a.faces).toHaveLength(0);
    expect(a.primary).toBeNull();
    expect(a.embedding).toBeNull();
  });

  it('honours EXIF orientation (the spoof samples are stored sideways)', async () => {
    const a = await pipeline.analyze(fixture('spoof/live__minivision-T1.jpg'), photo);
    expect([a.imageWidth, a.imageHeight]).toEqual([480, 640]);
    expect(a.faces).toHaveLength(1);
    // Upright face: eyes above the nose, above the mouth.
    const [le, re, nose, lm] = a.faces[0]!.landmarks;
    expect(le.y).toBeLessThan(nose.y);
    expect(re.y).toBeLessThan(nose.y);
    expect(nose.y).toBeLessThan(lm.y);
  });
});

describe('alignment (Umeyama similarity to the ArcFace template)', () => {
  it('maps the template onto itself and the detected landmarks close to the template', async () => {
    const identity = estimateSimilarity(ARCFACE_TEMPLATE, ARCFACE_TEMPLATE);
    expect(identity.a).toBeCloseTo(1, 6);
    expect(identity.b).toBeCloseTo(0, 6);
    const image = await decodeImage(fixture('barack-obama__portrait-2012.jpg'), { maxPixels: 40e6 });
    const [face] = await pipeline.detect(image, 0.6);
    const t = estimateSimilarity(face!.landmarks, ARCFACE_TEMPLATE);
    const residuals = face!.landmarks.map((p, i) => {
      const x = t.a * p.x - t.b * p.y + t.tx;
      const y = t.b * p.x + t.a * p.y + t.ty;
      return Math.hypot(x - ARCFACE_TEMPLATE[i]!.x, y - ARCFACE_TEMPLATE[i]!.y);
    });
    // A least-squares fit of 5 points: small residuals, none large (a swapped landmark order gives > 20).
    expect(residuals.reduce((a, b) => a + b, 0) / residuals.length).toBeLessThan(3.5);
    expect(Math.max(...residuals)).toBeLessThan(6);
    const aligned = warpToTemplate(image, face!.landmarks);
    expect([aligned.width, aligned.height]).toEqual([112, 112]);
  });
});

describe('MobileFaceNet embedding (RGB, ImageNet mean/std, flip, L2)', () => {
  const embeddings = new Map<string, Float32Array>();
  beforeAll(async () => {
    for (const name of ['barack-obama__portrait-2012.jpg', 'barack-obama__congress-2009.jpg', 'lisa-debruine__pose1.jpg', 'lisa-debruine__pose3.jpg', 'london-030__neutral.jpg', 'london-030__smiling.jpg', 'joe-biden__vp-portrait.jpg']) {
      const a = await pipeline.analyze(fixture(name), photo);
      embeddings.set(name, a.embedding!);
    }
  });

  it('produces unit-length 128-d vectors', () => {
    for (const e of embeddings.values()) {
      expect(e).toHaveLength(128);
      expect(cosine(e, e)).toBeCloseTo(1, 4);
    }
  });

  it('scores every same-person pair above every different-person pair, with a clear gap', () => {
    const person = (n: string) => n.split('__')[0]!;
    const names = [...embeddings.keys()];
    const same: number[] = [];
    const different: number[] = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const s = cosine(embeddings.get(names[i]!)!, embeddings.get(names[j]!)!);
        (person(names[i]!) === person(names[j]!) ? same : different).push(s);
      }
    }
    expect(Math.min(...same)).toBeGreaterThan(0.55);
    expect(Math.max(...different)).toBeLessThan(0.3);
    expect(Math.min(...same)).toBeGreaterThan(config.verifyThreshold);
    expect(Math.max(...different)).toBeLessThan(config.verifyThreshold);
  });

  it('chooses the central, larger face as primary in a photo with bystanders', async () => {
    const a = await pipeline.analyze(fixture('joe-biden__vp-portrait.jpg'), { ...photo, detectorScoreThreshold: 0.6 });
    expect(a.faces.length).toBeGreaterThan(1);
    expect(a.quality!.issues).toContain('MULTIPLE_FACES');
    const primary = a.faces[a.primary!]!;
    expect(primary.score).toBeGreaterThan(0.9);
    expect(primary.box.width).toBeGreaterThan(400);
  });
});

describe('MiniFASNet liveness (BGR raw, expanded crops, softmax, class 1 = real)', () => {
  it('accepts the live sample and refuses the print and the screen replay', async () => {
    const live = await pipeline.analyze(fixture('spoof/live__minivision-T1.jpg'), frame);
    const print = await pipeline.analyze(fixture('spoof/attack-print__minivision-F1.jpg'), frame);
    const replay = await pipeline.analyze(fixture('spoof/attack-replay__minivision-F2.jpg'), frame);
    expect(live.liveness!.isLive).toBe(true);
    expect(live.liveness!.live).toBeGreaterThan(0.95);
    expect(print.liveness!.isLive).toBe(false);
    expect(print.liveness!.live).toBeLessThan(config.liveness.threshold);
    expect(replay.liveness!.isLive).toBe(false);
    expect(replay.liveness!.live).toBeLessThan(0.05);
  });

  it('ignores EXIF orientation at its peril: the sideways live image is not found upright', async () => {
    // The same bytes without the EXIF rotation: proves the test above depends on .rotate().
    const raw = await sharp(Buffer.from(fixture('spoof/live__minivision-T1.jpg'))).jpeg().toBuffer(); // drops EXIF, keeps stored orientation
    const a = await pipeline.analyze(new Uint8Array(raw), photo);
    expect([a.imageWidth, a.imageHeight]).toEqual([640, 480]);
  });
});

describe('quality gates', () => {
  it('asks a small face to come closer and a dark face for light', async () => {
    const small = await sharp(Buffer.from(fixture('lisa-debruine__pose1.jpg'))).resize(80).jpeg().toBuffer();
    const a = await pipeline.analyze(new Uint8Array(small), frame);
    expect(a.quality?.issues ?? ['no face']).toContain('FACE_TOO_SMALL');
    expect(a.embedding).toBeNull();

    const dark = await sharp(Buffer.from(fixture('london-030__neutral.jpg'))).resize(640).linear(0.12, 0).jpeg().toBuffer();
    const d = await pipeline.analyze(new Uint8Array(dark), frame);
    expect(d.primary).not.toBeNull();
    expect(d.quality!.issues).toContain('TOO_DARK');
  });

  it('reports a blurred face as BLURRED', async () => {
    const blurred = await sharp(Buffer.from(fixture('london-030__neutral.jpg'))).resize(640).blur(6).jpeg().toBuffer();
    const a = await pipeline.analyze(new Uint8Array(blurred), frame);
    expect(a.primary).not.toBeNull();
    expect(a.quality!.issues).toContain('BLURRED');
  });
});
