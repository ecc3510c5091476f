import { describe, expect, it } from 'vitest';
import { rawFrameSchema } from '../../contract/face.js';
import { assertRawFrame, rawFrameInPlace, rawFrameToRgb, RgbBufferPool, type RawFrame } from './raw-frame.js';

const frame = (over: Partial<RawFrame> = {}): RawFrame => {
  const width = over.width ?? 32, height = over.height ?? 16, format = over.format ?? 'rgba';
  const stride = over.stride ?? width * (format === 'rgba' ? 4 : 3);
  return { width, height, stride, format, pixels: over.pixels ?? new Uint8Array(stride * height), ...over };
};

describe('raw camera frames', () => {
  it('accepts a frame whose dimensions fit its bytes (with or without row padding)', () => {
    expect(rawFrameSchema.safeParse(frame()).success).toBe(true);
    expect(rawFrameSchema.safeParse(frame({ format: 'rgb' })).success).toBe(true);
    // Padded rows; the last row may stop after its pixels (VideoFrame.copyTo lays rows out so).
    expect(rawFrameSchema.safeParse(frame({ stride: 160, pixels: new Uint8Array(160 * 15 + 128) })).success).toBe(true);
  });

  it.each([
    ['a byte count that does not match', frame({ pixels: new Uint8Array(32 * 16 * 4 - 1) }), /bytes do not hold a 32×16 rgba frame/],
    ['too many bytes', frame({ pixels: new Uint8Array(32 * 16 * 4 + 4) }), /bytes do not hold/],
    ['a stride shorter than a row', frame({ stride: 100 }), /stride 100 is shorter than a rgba row of 32 pixels/],
    ['a zero or fractional side', frame({ width: 0 }), /positive integers/],
    ['a side below the minimum', frame({ width: 8, stride: 32, pixels: new Uint8Array(32 * 16) }), /at least 16/],
    ['a frame above the limit', frame({ width: 4000, height: 16, pixels: new Uint8Array(4000 * 16 * 4) }), /the limit is 2073600 pixels/],
  ])('refuses %s with a message that says what does not fit', (_what, bad, message) => {
    const parsed = rawFrameSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(message);
    expect(() => assertRawFrame(bad)).toThrow(expect.objectContaining({ code: 'FACE_FRAME_INVALID' }));
  });

  it('packs RGBA with padded rows into interleaved RGB, dropping alpha and padding', () => {
    // 2×2 pixels, rows padded to 12 bytes.
    const pixels = new Uint8Array([1, 2, 3, 255, 4, 5, 6, 255, 99, 99, 99, 99, 7, 8, 9, 255, 10, 11, 12, 255, 99, 99, 99, 99]);
    const image = rawFrameToRgb({ width: 2, height: 2, stride: 12, format: 'rgba', pixels }, new Uint8Array(12));
    expect(Array.from(image.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const rgb = rawFrameToRgb({ width: 2, height: 2, stride: 8, format: 'rgb', pixels: new Uint8Array([1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0]) }, new Uint8Array(12));
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('reads a frame without row padding in place (no copy), RGBA as 4-byte pixels; a padded one is packed', () => {
    const rgba = frame();
    const image = rawFrameInPlace(rgba)!;
    expect(image.data).toBe(rgba.pixels);
    expect([image.width, image.height, image.channels]).toEqual([32, 16, 4]);
    const rgb = frame({ format: 'rgb' });
    expect(rawFrameInPlace(rgb)!.data).toBe(rgb.pixels);
    expect(rawFrameInPlace(rgb)!.channels ?? 3).toBe(3);
    expect(rawFrameInPlace(frame({ stride: 160, pixels: new Uint8Array(160 * 16) }))).toBeNull();
  });

  it('reuses RGB buffers between frames instead of allocating one per frame', () => {
    const pool = new RgbBufferPool(2);
    const a = pool.acquire(640 * 480 * 3);
    pool.release(a);
    expect(pool.acquire(640 * 480 * 3) === a).toBe(true);
    // Two frames in flight at once never share a buffer.
    const b = pool.acquire(640 * 480 * 3);
    expect(b === a).toBe(false);
  });
});
