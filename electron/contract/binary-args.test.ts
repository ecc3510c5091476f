import { describe, expect, it } from 'vitest';
import { decodeBinaryArgs, encodeBinaryArgs, hasBytes } from './binary-args.js';

describe('binary argument bodies (camera pixels over the browser-hosted transport)', () => {
  it('round-trips arguments with bytes at any depth, keeping the bytes exact', () => {
    const pixels = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const args = { sessionId: 'kiosk-1', frame: { width: 2, height: 1, stride: 6, format: 'rgb', pixels }, extra: [new Uint8Array([9])] };
    expect(hasBytes(args)).toBe(true);
    const back = decodeBinaryArgs(encodeBinaryArgs(args)) as typeof args;
    expect(back.sessionId).toBe('kiosk-1');
    expect(back.frame.pixels).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.frame.pixels)).toEqual(Array.from(pixels));
    expect(Array.from(back.extra[0]!)).toEqual([9]);
  });

  it('says when there are no bytes (those calls stay JSON)', () => {
    expect(hasBytes({ sessionId: 'x', n: 1, list: ['a'] })).toBe(false);
  });

  it('refuses a body that is not one, is cut short or points outside itself', () => {
    expect(() => decodeBinaryArgs(new TextEncoder().encode('{"sessionId":"x"}'))).toThrow(/not a binary argument body/);
    const good = encodeBinaryArgs({ pixels: new Uint8Array(10) });
    expect(() => decodeBinaryArgs(good.subarray(0, 12))).toThrow(/cut short/);
    expect(() => decodeBinaryArgs(good.subarray(0, good.byteLength - 5))).toThrow(/outside the body/);
  });
});
