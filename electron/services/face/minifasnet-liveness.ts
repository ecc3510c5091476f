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

/** Source column/row of each of the 80 output columns/rows, and its bilinear weight (one table per crop). */
const colLo = new Int32Array(SIZE), colHi = new Int32Array(SIZE), colW = new Float64Array(SIZE);
const rowLo = new Int32Array(SIZE), rowHi = new Int32Array(SIZE), rowW = new Float64Array(SIZE);

/** cv2.resize's (INTER_LINEAR) source index and weight for each output index along one axis. */
function axisTable(srcLen: number, lo: Int32Array, hi: Int32Array, w: Float64Array): void {
  const f = srcLen / SIZE;
  for (let i = 0; i < SIZE; i++) {
    let s = (i + 0.5) * f - 0.5;
    if (s < 0) s = 0;
    let i0 = Math.floor(s);
    if (i0 > srcLen - 1) i0 = srcLen - 1;
    lo[i] = i0;
    hi[i] = Math.min(i0 + 1, srcLen - 1);
    w[i] = Math.min(1, s - i0);
  }
}

/**
 * Minivision's generate_patches crop, then a cv2-style bilinear resize to 80×80, as BGR planar raw
 * floats. Reads RGB or RGBA (alpha ignored). The per-column and per-row source indices and weights
 * are computed once per crop, not per pixel.
 */
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
  const data = image.data;
  const cn = image.channels ?? 3;
  axisTable(cw, colLo, colHi, colW);
  axisTable(ch, rowLo, rowHi, rowW);
  // Byte offsets of the source columns (the crop's left edge included).
  for (let u = 0; u < SIZE; u++) {
    colLo[u] = (left + colLo[u]!) * cn;
    colHi[u] = (left + colHi[u]!) * cn;
  }
  for (let v = 0; v < SIZE; v++) {
    const r0 = (top + rowLo[v]!) * W * cn, r1 = (top + rowHi[v]!) * W * cn;
    const wy = rowW[v]!, gy = 1 - wy;
    for (let u = 0; u < SIZE; u++) {
      const wx = colW[u]!, gx = 1 - wx;
      const i00 = r0 + colLo[u]!, i10 = r0 + colHi[u]!, i01 = r1 + colLo[u]!, i11 = r1 + colHi[u]!;
      const dst = v * SIZE + u;
      // Planar BGR: RGB channel c goes to plane 2 - c; cv2.resize on uint8 rounds.
      out[2 * plane + dst] = Math.round((data[i00]! * gx + data[i10]! * wx) * gy + (data[i01]! * gx + data[i11]! * wx) * wy);
      out[plane + dst] = Math.round((data[i00 + 1]! * gx + data[i10 + 1]! * wx) * gy + (data[i01 + 1]! * gx + data[i11 + 1]! * wx) * wy);
      out[dst] = Math.round((data[i00 + 2]! * gx + data[i10 + 2]! * wx) * gy + (data[i01 + 2]! * gx + data[i11 + 2]! * wx) * wy);
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
