import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from './image-decode.js';
import { readManifest, readVerifiedModel } from './model-manifest.js';
import { decodeMessage, encodeMessage, stringOf, type Field } from './onnx-protobuf.js';
import { rewritePreluAsMax } from './prelu-rewrite.js';
import { MiniFasNetLiveness } from './minifasnet-liveness.js';
import { fixture, MODELS_DIR } from './face-test-support.js';

/**
 * The liveness pair runs with its PRelu nodes as Mul + Max (prelu-rewrite.ts). These pin that the
 * edit changes no output, bit for bit, on the shipped files and a real face, and that a PRelu the
 * identity does not hold for (a slope above 1) is left alone.
 */
const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };
const manifest = readManifest(MODELS_DIR);
const roles = ['livenessV2', 'livenessV1SE'] as const;
const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.release()));
});

async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  const s = await ort.InferenceSession.create(bytes, options);
  sessions.push(s);
  return s;
}

async function outputs(s: ort.InferenceSession, input: Float32Array): Promise<Float32Array> {
  const out = await s.run({ input: new ort.Tensor('float32', input, [1, 3, 80, 80]) });
  return out[s.outputNames[0]!]!.data as Float32Array;
}

/** Inputs that reach every PRelu with both signs: a real face crop (as the pipeline feeds it) and wide noise. */
async function inputs(): Promise<Float32Array[]> {
  const image = await decodeImage(fixture('barack-obama__portrait-2012.jpg'), { maxPixels: 40e6, maxSide: 640 });
  const box = { x: image.width * 0.3, y: image.height * 0.2, width: image.width * 0.4, height: image.height * 0.5 };
  const probe = new MiniFasNetLiveness([
    { session: await session(readVerifiedModel(MODELS_DIR, manifest, 'livenessV2')), scale: manifest.models.livenessV2.cropScale },
    { session: await session(readVerifiedModel(MODELS_DIR, manifest, 'livenessV1SE')), scale: manifest.models.livenessV1SE.cropScale },
  ]);
  const crops = probe.modelRuns(image, box).map((r) => new Float32Array(r.feeds['input']!.data as Float32Array));
  let seed = 7;
  const noise = Float32Array.from({ length: 3 * 80 * 80 }, () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed / 2 ** 32) * 600 - 300;
  });
  return [...crops, noise];
}

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('MiniFASNet with PRelu as Mul + Max', () => {
  it('rewrites all 33 PRelu nodes of each shipped model and gives bit-identical outputs', async () => {
    const probes = await inputs();
    for (const role of roles) {
      const original = readVerifiedModel(MODELS_DIR, manifest, role);
      const rewrite = rewritePreluAsMax(original);
      expect({ role, rewritten: rewrite.rewritten, kept: rewrite.kept }).toEqual({ role, rewritten: 33, kept: 0 });
      const [before, after] = [await session(original), await session(rewrite.model)];
      for (const input of probes) {
        const [a, b] = [await outputs(before, input), await outputs(after, input)];
        expect(a.some((v) => v !== 0), role).toBe(true);
        expect(same(a, b), `${role}: ${[...a].join(',')} vs ${[...b].join(',')}`).toBe(true);
      }
    }
  });

  it('leaves a PRelu whose slope exceeds 1 as it is (Max(x, a·x) would not be PRelu there)', async () => {
    const original = readVerifiedModel(MODELS_DIR, manifest, 'livenessV2');
    const patched = withFirstSlopeAt(original, 1.5);
    const rewrite = rewritePreluAsMax(patched);
    expect({ rewritten: rewrite.rewritten, kept: rewrite.kept }).toEqual({ rewritten: 32, kept: 1 });
    const [before, after] = [await session(patched), await session(rewrite.model)];
    for (const input of await inputs()) expect(same(await outputs(before, input), await outputs(after, input))).toBe(true);
  });
});

/** The model with the first PRelu's first slope value set to `value` (raw float initialiser). */
function withFirstSlopeAt(bytes: Uint8Array, value: number): Uint8Array {
  const model = decodeMessage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const graphField = model.find((f) => f.field === 7)!;
  const graph = decodeMessage(graphField.value as Buffer);
  const firstPrelu = graph.filter((f) => f.field === 1).map((f) => decodeMessage(f.value as Buffer)).find((n) => stringOf(n, 4) === 'PRelu')!;
  const slopeName = (firstPrelu.filter((f) => f.field === 1)[1]!.value as Buffer).toString('utf8');
  const edited: Field[] = graph.map((g) => {
    if (g.field !== 5) return g;
    const tensor = decodeMessage(g.value as Buffer);
    if (stringOf(tensor, 8) !== slopeName) return g;
    return {
      ...g,
      value: encodeMessage(
        tensor.map((t) => {
          if (t.field !== 9) return t;
          const raw = Buffer.from(t.value as Buffer);
          raw.writeFloatLE(value, 0);
          return { ...t, value: raw };
        }),
      ),
    };
  });
  return encodeMessage(model.map((f) => (f === graphField ? { ...f, value: encodeMessage(edited) } : f)));
}
