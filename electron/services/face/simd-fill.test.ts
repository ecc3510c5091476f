import { describe, expect, it } from 'vitest';
import { fillBgrPlanarSimd } from './simd-fill.js';
import { fillBgrPlanar } from './yunet-detector.js';

/** Deterministic pseudo-random bytes (no Math.random in tests). */
function bytes(n: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  return Uint8Array.from({ length: n }, () => (s = (s * 1664525 + 1013904223) >>> 0) >>> 24);
}

describe('detector input with WebAssembly SIMD (issue 16)', () => {
  it('gives exactly the JavaScript fill’s floats for RGBA frames, frame after frame in the same memory', () => {
    for (const [width, height, seed] of [[640, 480, 1], [32, 16, 2], [640, 480, 3], [1280, 720, 4]] as const) {
      const rgba = bytes(width * height * 4, seed);
      const expected = new Float32Array(3 * width * height);
      fillBgrPlanar(expected, { data: rgba, width, height, channels: 4 }, width, height);
      const simd = fillBgrPlanarSimd(rgba, width, height);
      expect(simd).not.toBeNull();
      expect(simd!.length).toBe(expected.length);
      expect(Buffer.compare(Buffer.from(simd!.buffer, simd!.byteOffset, simd!.byteLength), Buffer.from(expected.buffer))).toBe(0);
    }
  });

  it('declines a pixel count it cannot take four at a time (the JavaScript fill is used)', () => {
    expect(fillBgrPlanarSimd(bytes(17 * 17 * 4, 5), 17, 17)).toBeNull();
  });
});
