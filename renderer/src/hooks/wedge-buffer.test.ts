import { describe, expect, it } from 'vitest';
import { WedgeBuffer } from './wedge-buffer.js';

function type(buffer: WedgeBuffer, text: string, start: number, gap: number): string | null {
  let result: string | null = null;
  [...text, 'Enter'].forEach((ch, i) => {
    const key = ch === 'Enter' && i === text.length ? 'Enter' : ch;
    result = buffer.feed(key, start + i * gap) ?? result;
  });
  return result;
}

describe('WedgeBuffer', () => {
  it('recognises a fast burst ended by Enter as a scan', () => {
    expect(type(new WedgeBuffer(), 'MK1:abc123', 1000, 8)).toBe('MK1:abc123');
  });
  it('ignores human typing speed', () => {
    expect(type(new WedgeBuffer(), '13800138000', 1000, 180)).toBeNull();
  });
  it('ignores codes that are too short and starts over after a pause', () => {
    const b = new WedgeBuffer();
    expect(type(b, 'ab', 0, 5)).toBeNull();
    b.feed('x', 10_000);
    b.feed('y', 10_005);
    // a long pause: the earlier characters do not leak into the next scan
    expect(type(b, 'CODE42', 20_000, 5)).toBe('CODE42');
  });
  it('skips modifier keys between characters', () => {
    const b = new WedgeBuffer();
    const keys = ['Shift', 'M', 'K', 'Shift', '-', '1', '2', 'Enter'];
    const out = keys.map((k, i) => b.feed(k, 100 + i * 5)).filter(Boolean);
    expect(out).toEqual(['MK-12']);
  });
});
