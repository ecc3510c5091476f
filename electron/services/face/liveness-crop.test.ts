import { describe, expect, it } from 'vitest';
import { expandedCrop } from './minifasnet-liveness.js';
import { decodeImage, type RgbImage } from './image-decode.js';
import type { Box } from './face-geometry.js';
import { fixture } from './face-test-support.js';

const SIZE = 80;

/** The per-pixel crop (indices and weights recomputed for every pixel), as the reference for the table-driven one. */
function referenceCrop(image: RgbImage, box: Box, wantedScale: number): Float32Array {
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
  const cw = Math.min(W - 1, Math.trunc(r)) - left + 1, ch = Math.min(H - 1, Math.trunc(b)) - top + 1;
  const out = new Float32Array(3 * SIZE * SIZE);
  for (let v = 0; v < SIZE; v++) {
    const sy = Math.max(0, (v + 0.5) * (ch / SIZE) - 0.5);
    const y0 = Math.min(Math.floor(sy), ch - 1), y1 = Math.min(y0 + 1, ch - 1), wy = Math.min(1, sy - y0);
    for (let u = 0; u < SIZE; u++) {
      const sx = Math.max(0, (u + 0.5) * (cw / SIZE) - 0.5);
      const x0 = Math.min(Math.floor(sx), cw - 1), x1 = Math.min(x0 + 1, cw - 1), wx = Math.min(1, sx - x0);
      const at = (x: number, y: number, c: number) => image.data[((top + y) * W + left + x) * 3 + c]!;
      for (let c = 0; c < 3; c++) {
        const value = (at(x0, y0, c) * (1 - wx) + at(x1, y0, c) * wx) * (1 - wy) + (at(x0, y1, c) * (1 - wx) + at(x1, y1, c) * wx) * wy;
        out[(2 - c) * SIZE * SIZE + v * SIZE + u] = Math.round(value);
      }
    }
  }
  return out;
}

describe('MiniFASNet crops (issue 16: per-axis tables, RGBA read in place)', () => {
  it('gives exactly the per-pixel reference, from RGB and from RGBA, for central, edge and clipped boxes', async () => {
    const image = await decodeImage(fixture('london-030__neutral.jpg'), { maxPixels: 40e6, maxSide: 640 });
    const rgba = new Uint8Array(image.width * image.height * 4);
    for (let p = 0; p < image.width * image.height; p++) rgba.set([image.data[3 * p]!, image.data[3 * p + 1]!, image.data[3 * p + 2]!, 9], 4 * p);
    const boxes: Box[] = [
      { x: 200, y: 250, width: 150.5, height: 190.2 },
      { x: -15, y: -20, width: 120, height: 140 },
      { x: image.width - 90, y: image.height - 70, width: 110, height: 95 },
      { x: 10, y: 10, width: image.width, height: image.height },
    ];
    const reused = new Float32Array(3 * SIZE * SIZE);
    for (const box of boxes) {
      for (const scale of [2.7, 4.0]) {
        const reference = Array.from(referenceCrop(image, box, scale));
        expect(Array.from(expandedCrop(image, box, scale))).toEqual(reference);
        expect(Array.from(expandedCrop({ data: rgba, width: image.width, height: image.height, channels: 4 }, box, scale, reused))).toEqual(reference);
      }
    }
  });
});
