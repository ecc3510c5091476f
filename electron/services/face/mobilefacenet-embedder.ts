import * as ort from 'onnxruntime-node';
import type { RgbImage } from './image-decode.js';

export const EMBEDDING_DIM = 128;
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/**
 * MobileFaceNet as in native-models/mobilefacenet/MODEL.md: an aligned 112×112 face, RGB,
 * ImageNet mean/std; the face and its mirror image are embedded, the raw outputs added and
 * L2-normalised (the author's LFW protocol).
 */
export class MobileFaceNetEmbedder {
  constructor(private readonly session: ort.InferenceSession) {}

  async embed(aligned: RgbImage, useFlip = true): Promise<Float32Array> {
    const sum = new Float32Array(EMBEDDING_DIM);
    const plain = await this.run(toRgbNormalisedPlanar(aligned, false));
    for (let i = 0; i < EMBEDDING_DIM; i++) sum[i] = plain[i]!;
    if (useFlip) {
      const mirrored = await this.run(toRgbNormalisedPlanar(aligned, true));
      for (let i = 0; i < EMBEDDING_DIM; i++) sum[i] = sum[i]! + mirrored[i]!;
    }
    return l2Normalise(sum);
  }

  private async run(tensorData: Float32Array): Promise<Float32Array> {
    const out = await this.session.run({ input0: new ort.Tensor('float32', tensorData, [1, 3, aligned112, aligned112]) });
    return out.output0!.data as Float32Array;
  }
}

const aligned112 = 112;

export function toRgbNormalisedPlanar(image: RgbImage, mirror: boolean): Float32Array {
  const { data, width, height } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = mirror ? width - 1 - x : x;
      const src = (y * width + sx) * 3;
      const dst = y * width + x;
      for (let c = 0; c < 3; c++) out[c * plane + dst] = (data[src + c]! / 255 - MEAN[c]!) / STD[c]!;
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
