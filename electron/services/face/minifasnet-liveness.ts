import * as ort from 'onnxruntime-node';
import type { RgbImage } from './image-decode.js';
import type { Box } from './face-geometry.js';
import { SerialLock } from './serial-lock.js';

const SIZE = 80;

export interface LivenessScore {
  /** Fused probability that the face is live (mean of both models' class-1 softmax). */
  live: number;
  /** Fused class probabilities [spoof-a, live, spoof-b]. */
  probs: [number, number, number];
  isLive: boolean;
}

/**
 * The MiniFASNet pair as in native-models/minifasnet/MODEL.md: expanded crops (×2.7 for V2,
 * ×4.0 for V1SE) of the detector box in the full frame, stretched to 80×80, BGR raw 0..255,
 * softmax per model, probabilities added; live iff class 1 wins.
 */
export class MiniFasNetLiveness {
  /** One crop buffer per model, reused between frames. */
  private readonly buffers: Float32Array[];

  constructor(private readonly models: ReadonlyArray<{ session: ort.InferenceSession; scale: number }>) {
    this.buffers = models.map(() => new Float32Array(3 * SIZE * SIZE));
  }

  private readonly lock = new SerialLock();

  async score(image: RgbImage, box: Box): Promise<LivenessScore> {
    const sum: [number, number, number] = [0, 0, 0];
    await this.lock.run(async () => {
      for (const { session, feeds } of this.modelRuns(image, box)) {
        const out = await session.run(feeds);
        const p = softmax(out.output!.data as Float32Array);
        for (let i = 0; i < 3; i++) sum[i] = sum[i]! + p[i]!;
      }
    });
    const n = this.models.length;
    const probs = sum.map((v) => v / n) as [number, number, number];
    const label = probs.indexOf(Math.max(...probs));
    return { live: probs[1], probs, isLive: label === 1 };
  }

  /** Each model's session and input for this face (public for the bench's bare-model floor). */
  modelRuns(image: RgbImage, box: Box): Array<{ session: ort.InferenceSession; feeds: Record<string, ort.Tensor> }> {
    return this.models.map(({ session, scale }, i) => ({ session, feeds: { input: new ort.Tensor('float32', expandedCrop(image, box, scale, this.buffers[i]), [1, 3, SIZE, SIZE]) } }));
  }
}

/** Minivision's generate_patches crop, then a cv2-style bilinear resize to 80×80, as BGR planar raw floats. */
export function expandedCrop(image: RgbImage, box: Box, wantedScale: number, target?: Float32Array): Float32Array {
  const W = image.width, H = image.height;
  const scale = Math.min((H - 1) / box.height, (W - 1) / box.width, wantedScale);
  const nw = box.width * scale, nh = box.height * scale;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  let l = cx - nw / 2, t = cy - nh / 2, r = cx + nw / 2, b = cy + nh / 2;
  if (l < 0) { r -= l; l = 0; }
  if (t < 0) { b -= t; t = 0; }
  if (r > W - 1) { l -= r - W + 1; r = W - 1; }
  if (b > H - 1) { t -= b - H + 1; b = H - 1; }
  const left = Math.max(0, Math.trunc(l)), top = Math.max(0, Math.trunc(t));
  const right = Math.min(W - 1, Math.trunc(r)), bottom = Math.min(H - 1, Math.trunc(b));
  const cw = right - left + 1, ch = bottom - top + 1;
  // Every element is written below, so a reused buffer needs no clearing.
  const out = target && target.length === 3 * SIZE * SIZE ? target : new Float32Array(3 * SIZE * SIZE);
  const plane = SIZE * SIZE;
  const fx = cw / SIZE, fy = ch / SIZE;
  for (let v = 0; v < SIZE; v++) {
    let sy = (v + 0.5) * fy - 0.5;
    if (sy < 0) sy = 0;
    let y0 = Math.floor(sy);
    if (y0 > ch - 1) y0 = ch - 1;
    const y1 = Math.min(y0 + 1, ch - 1);
    const wy = Math.min(1, sy - y0);
    for (let u = 0; u < SIZE; u++) {
      let sx = (u + 0.5) * fx - 0.5;
      if (sx < 0) sx = 0;
      let x0 = Math.floor(sx);
      if (x0 > cw - 1) x0 = cw - 1;
      const x1 = Math.min(x0 + 1, cw - 1);
      const wx = Math.min(1, sx - x0);
      const i00 = ((top + y0) * W + left + x0) * 3, i10 = ((top + y0) * W + left + x1) * 3;
      const i01 = ((top + y1) * W + left + x0) * 3, i11 = ((top + y1) * W + left + x1) * 3;
      const dst = v * SIZE + u;
      for (let c = 0; c < 3; c++) {
        const value =
          (image.data[i00 + c]! * (1 - wx) + image.data[i10 + c]! * wx) * (1 - wy) + (image.data[i01 + c]! * (1 - wx) + image.data[i11 + c]! * wx) * wy;
        // Planar BGR: RGB channel c goes to plane 2 - c.
        out[(2 - c) * plane + dst] = Math.round(value); // cv2.resize on uint8 rounds
      }
    }
  }
  return out;
}

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const exps: number[] = [];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i]! - max);
    exps.push(e);
    sum += e;
  }
  return exps.map((e) => e / sum);
}
