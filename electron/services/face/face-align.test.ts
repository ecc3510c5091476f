import { describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE, estimateSimilarity, warpToTemplate } from './face-align.js';
import { decodeImage, type RgbImage } from './image-decode.js';
import type { Point } from './face-geometry.js';
import { fixture } from './face-test-support.js';

/** The straightforward warp (bounds check per neighbour), as the reference for the fast path. */
function referenceWarp(image: RgbImage, landmarks: readonly Point[], size = 112): Uint8Array {
  const t = estimateSimilarity(landmarks, ARCFACE_TEMPLATE);
  const det = t.a * t.a + t.b * t.b;
  const ia = t.a / det, ib = t.b / det;
  const out = new Uint8Array(size * size * 3);
  const px = (x: number, y: number, ch: number) => (x < 0 || y < 0 || x >= image.width || y >= image.height ? 0 : image.data[(y * image.width + x) * 3 + ch]!);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const du = u - t.tx, dv = v - t.ty;
      const sx = ia * du + ib * dv, sy = -ib * du + ia * dv;
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const value = (px(x0, y0, ch) * (1 - fx) + px(x0 + 1, y0, ch) * fx) * (1 - fy) + (px(x0, y0 + 1, ch) * (1 - fx) + px(x0 + 1, y0 + 1, ch) * fx) * fy;
        out[(v * size + u) * 3 + ch] = Math.round(value);
      }
    }
  }
  return out;
}

describe('warpToTemplate fast path (issue 16)', () => {
  it('gives exactly the reference warp, for a face inside the image and one partly outside', async () => {
    const image = await decodeImage(fixture('london-030__neutral.jpg'), { maxPixels: 40e6, maxSide: 640 });
    const inside: Point[] = [{ x: 280, y: 300 }, { x: 360, y: 300 }, { x: 320, y: 350 }, { x: 290, y: 390 }, { x: 350, y: 390 }];
    // Shifted to the top-left corner: part of the crop falls outside the image (zero fill).
    const edge = inside.map((p) => ({ x: p.x - 300, y: p.y - 320 }));
    // The same pixels as RGBA (a camera frame read in place, issue 16), into a reused buffer.
    const rgba = new Uint8Array(image.width * image.height * 4);
    for (let p = 0; p < image.width * image.height; p++) rgba.set([image.data[3 * p]!, image.data[3 * p + 1]!, image.data[3 * p + 2]!, 255], 4 * p);
    const reused = new Uint8Array(112 * 112 * 3);
    // …and shifted past the bottom-right corner.
    const far = inside.map((p) => ({ x: p.x + image.width - 340, y: p.y + image.height - 360 }));
    for (const landmarks of [inside, edge, far]) {
      const reference = Buffer.from(referenceWarp(image, landmarks));
      const fast = warpToTemplate(image, landmarks);
      expect(Buffer.compare(Buffer.from(fast.data), reference)).toBe(0);
      const fromRgba = warpToTemplate({ data: rgba, width: image.width, height: image.height, channels: 4 }, landmarks, 112, reused);
      expect(fromRgba.data).toBe(reused);
      expect(Buffer.compare(Buffer.from(fromRgba.data), reference)).toBe(0);
    }
    expect(warpToTemplate(image, edge).data[0]).toBe(0);
  });
});
