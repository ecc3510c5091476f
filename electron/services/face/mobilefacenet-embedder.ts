import * as ort from 'onnxruntime-node';
import type { RgbImage } from './image-decode.js';
import { SerialLock } from './serial-lock.js';

export const EMBEDDING_DIM = 128;
const aligned112 = 112;
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/**
 * MobileFaceNet as in native-models/mobilefacenet/MODEL.md: an aligned 112×112 face, RGB,
 * ImageNet mean/std; the face and its mirror image are embedded, the raw outputs added and
 * L2-normalised (the author's LFW protocol).
 */
export class MobileFaceNetEmbedder {
  /** Input buffers reused between frames (plain, mirrored): the session copies them in on run. */
  private readonly buffers = [new Float32Array(3 * aligned112 * aligned112), new Float32Array(3 * aligned112 * aligned112)] as const;

  constructor(private readonly session: ort.InferenceSession) {}

  private readonly lock = new SerialLock();

  embed(aligned: RgbImage, useFlip = true): Promise<Float32Array> {
    return this.lock.run(async () => {
      const sum = new Float32Array(EMBEDDING_DIM);
      for (const { feeds } of this.modelRuns(aligned, useFlip)) {
        const out = (await this.session.run(feeds)).output0!.data as Float32Array;
        for (let i = 0; i < EMBEDDING_DIM; i++) sum[i] = sum[i]! + out[i]!;
      }
      return l2Normalise(sum);
    });
  }

  /** The session and its inputs for this aligned face: plain, and mirrored when flip is on (public for the bench's floor). */
  modelRuns(aligned: RgbImage, useFlip: boolean): Array<{ session: ort.InferenceSession; feeds: Record<string, ort.Tensor> }> {
    const tensor = (mirror: boolean) => new ort.Tensor('float32', toRgbNormalisedPlanar(aligned, mirror, this.buffers[mirror ? 1 : 0]), [1, 3, aligned112, aligned112]);
    const runs = [{ session: this.session, feeds: { input0: tensor(false) } }];
    if (useFlip) runs.push({ session: this.session, feeds: { input0: tensor(true) } });
    return runs;
  }
}

/** (v / 255 − mean) / std for every byte value and channel, as float32: the same numbers as computing it per pixel. */
const NORMALISED = Float32Array.from({ length: 3 * 256 }, (_, i) => (i % 256 / 255 - MEAN[Math.floor(i / 256)]!) / STD[Math.floor(i / 256)]!);

export function toRgbNormalisedPlanar(image: RgbImage, mirror: boolean, target?: Float32Array): Float32Array {
  const { data, width, height } = image;
  const cn = image.channels ?? 3;
  const plane = width * height;
  const out = target && target.length === 3 * plane ? target : new Float32Array(3 * plane);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = mirror ? width - 1 - x : x;
      const src = (y * width + sx) * cn;
      const dst = y * width + x;
      out[dst] = NORMALISED[data[src]!]!;
      out[plane + dst] = NORMALISED[256 + data[src + 1]!]!;
      out[2 * plane + dst] = NORMALISED[512 + data[src + 2]!]!;
    }
  }
  return out;
}

export function l2Normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  if (norm === 0) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
