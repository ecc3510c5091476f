import type { RgbImage } from './image-decode.js';
import type { Point } from './face-geometry.js';

/** The ArcFace 112×112 template, in YuNet landmark order (see native-models/mobilefacenet/MODEL.md). */
export const ARCFACE_TEMPLATE: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];
export const ALIGNED_SIZE = 112;

/** x' = a·x − b·y + tx ; y' = b·x + a·y + ty (rotation + uniform scale + translation). */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Least-squares similarity (Umeyama, no reflection, no shear) mapping `src` onto `dst`. */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  const n = src.length;
  let msx = 0, msy = 0, mdx = 0, mdy = 0;
  for (let i = 0; i < n; i++) {
    msx += src[i]!.x; msy += src[i]!.y; mdx += dst[i]!.x; mdy += dst[i]!.y;
  }
  msx /= n; msy /= n; mdx /= n; mdy /= n;
  let dot = 0, cross = 0, varSrc = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i]!.x - msx, sy = src[i]!.y - msy;
    const dx = dst[i]!.x - mdx, dy = dst[i]!.y - mdy;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
    varSrc += sx * sx + sy * sy;
  }
  if (varSrc === 0) return { a: 1, b: 0, tx: mdx - msx, ty: mdy - msy };
  const a = dot / varSrc;
  const b = cross / varSrc;
  return { a, b, tx: mdx - (a * msx - b * msy), ty: mdy - (b * msx + a * msy) };
}

/**
 * Warps the face into a 112×112 RGB crop like cv2.warpAffine (bilinear, pixels outside the image are 0).
 * Each output pixel is mapped back through the inverse similarity. Reads RGB or RGBA (alpha ignored).
 * `target` (size × size × 3 bytes, every byte is written) lets a caller reuse the output buffer.
 */
export function warpToTemplate(image: RgbImage, landmarks: readonly Point[], size = ALIGNED_SIZE, target?: Uint8Array): RgbImage {
  const t = estimateSimilarity(landmarks, ARCFACE_TEMPLATE);
  const det = t.a * t.a + t.b * t.b;
  // Inverse of [[a,-b],[b,a]] is [[a,b],[-b,a]]/det.
  const ia = t.a / det, ib = t.b / det;
  const out = target && target.byteLength === size * size * 3 ? target : new Uint8Array(size * size * 3);
  const { data, width, height } = image;
  const cn = image.channels ?? 3;
  const row = width * cn;
  for (let v = 0; v < size; v++) {
    const dv = v - t.ty;
    for (let u = 0; u < size; u++) {
      const du = u - t.tx;
      const sx = ia * du + ib * dv;
      const sy = -ib * du + ia * dv;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      const fx = sx - x0, fy = sy - y0;
      const gx = 1 - fx, gy = 1 - fy;
      const o = (v * size + u) * 3;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        // All four neighbours inside (nearly every pixel of a face crop): one index, no bounds checks.
        const i00 = y0 * row + x0 * cn, i01 = i00 + row;
        out[o] = Math.round((data[i00]! * gx + data[i00 + cn]! * fx) * gy + (data[i01]! * gx + data[i01 + cn]! * fx) * fy);
        out[o + 1] = Math.round((data[i00 + 1]! * gx + data[i00 + cn + 1]! * fx) * gy + (data[i01 + 1]! * gx + data[i01 + cn + 1]! * fx) * fy);
        out[o + 2] = Math.round((data[i00 + 2]! * gx + data[i00 + cn + 2]! * fx) * gy + (data[i01 + 2]! * gx + data[i01 + cn + 2]! * fx) * fy);
        continue;
      }
      // Partly outside (a face at the frame's edge: the template reaches above the forehead): outside neighbours are 0.
      const xIn0 = x0 >= 0 && x0 < width, xIn1 = x0 + 1 >= 0 && x0 + 1 < width;
      const yIn0 = y0 >= 0 && y0 < height, yIn1 = y0 + 1 >= 0 && y0 + 1 < height;
      const i00 = y0 * row + x0 * cn, i01 = i00 + row;
      for (let ch = 0; ch < 3; ch++) {
        const p00 = xIn0 && yIn0 ? data[i00 + ch]! : 0;
        const p10 = xIn1 && yIn0 ? data[i00 + cn + ch]! : 0;
        const p01 = xIn0 && yIn1 ? data[i01 + ch]! : 0;
        const p11 = xIn1 && yIn1 ? data[i01 + cn + ch]! : 0;
        const value = (p00 * gx + p10 * fx) * gy + (p01 * gx + p11 * fx) * fy;
        out[o + ch] = Math.round(value);
      }
    }
  }
  return { data: out, width: size, height: size };
}
