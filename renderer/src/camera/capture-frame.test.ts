import { describe, expect, it } from 'vitest';
import { fitWithin, imageDataFrame } from './capture-frame.js';

describe('fitWithin', () => {
  it('keeps frames at or under the limit unchanged', () => {
    expect(fitWithin(640, 480, 640)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(320, 240, 640)).toEqual({ width: 320, height: 240 });
  });
  it('scales the longer side down to the limit, keeping the aspect ratio', () => {
    expect(fitWithin(1920, 1080, 640)).toEqual({ width: 640, height: 360 });
    expect(fitWithin(720, 1280, 640)).toEqual({ width: 360, height: 640 });
  });
});

describe('imageDataFrame', () => {
  it('describes canvas pixels as an RGBA frame without copying them', () => {
    const data = new Uint8ClampedArray(4 * 2 * 4).fill(9);
    const frame = imageDataFrame({ width: 4, height: 2, data } as unknown as ImageData);
    expect(frame).toMatchObject({ width: 4, height: 2, stride: 16, format: 'rgba' });
    expect(frame.pixels.buffer).toBe(data.buffer);
    expect(frame.pixels.byteLength).toBe(32);
  });
});
