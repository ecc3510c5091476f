import { AppError } from '../../contract/result.js';
import { FaceErrorCode } from './face-errors.js';
import type { RgbImage } from './image-decode.js';
import { channelsOf, rawFrameProblem, type RawFrame } from '../../contract/raw-frame.js';

export { isRawFrame, type RawFrame } from '../../contract/raw-frame.js';


export function assertRawFrame(f: RawFrame): void {
  const problem = rawFrameProblem({ ...f, byteLength: f.pixels.byteLength });
  if (problem !== null) throw new AppError(FaceErrorCode.FRAME_INVALID, `Bad camera frame: ${problem}`, { details: { width: f.width, height: f.height, stride: f.stride, format: f.format } });
}

/**
 * A frame whose rows carry no padding (canvas ImageData never has any) is read in place as the
 * pipeline's image — RGBA as 4-byte pixels, alpha ignored — so it costs no copy at all (issue 16:
 * the RGBA → RGB pack was ~0.6 ms of a frame). Null for a padded frame: pack it with rawFrameToRgb.
 */
export function rawFrameInPlace(f: RawFrame): RgbImage | null {
  const channels = channelsOf(f.format);
  if (f.stride !== f.width * channels) return null;
  const data = f.pixels.byteLength === f.stride * f.height ? f.pixels : f.pixels.subarray(0, f.stride * f.height);
  return channels === 4 ? { data, width: f.width, height: f.height, channels: 4 } : { data, width: f.width, height: f.height };
}

/**
 * Packed RGB buffers for raw frames, reused between frames: a frame holds one from conversion to
 * the end of its analysis (the models read it while their runs are pending), then gives it back.
 * Several sessions can be in flight at once, so it is a small pool rather than a single buffer.
 */
export class RgbBufferPool {
  private readonly free: Uint8Array[] = [];

  constructor(private readonly keep = 4) {}

  acquire(bytes: number): Uint8Array {
    const i = this.free.findIndex((b) => b.byteLength === bytes);
    if (i >= 0) return this.free.splice(i, 1)[0]!;
    return new Uint8Array(bytes);
  }

  release(buffer: Uint8Array): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }

  get size(): number {
    return this.free.length;
  }
}

/** Packs a validated raw frame into interleaved RGB (the pipeline's input), dropping alpha and row padding. */
export function rawFrameToRgb(f: RawFrame, target: Uint8Array): RgbImage {
  const { width, height, stride, pixels } = f;
  const rowBytes = width * 3;
  if (target.byteLength !== rowBytes * height) throw new RangeError(`target holds ${target.byteLength} bytes, not ${rowBytes * height}`);
  if (f.format === 'rgb') {
    if (stride === rowBytes) target.set(pixels.subarray(0, rowBytes * height));
    else for (let y = 0; y < height; y++) target.set(pixels.subarray(y * stride, y * stride + rowBytes), y * rowBytes);
    return { data: target, width, height };
  }
  let dst = 0;
  for (let y = 0; y < height; y++) {
    let src = y * stride;
    const end = src + width * 4;
    for (; src < end; src += 4) {
      target[dst++] = pixels[src]!;
      target[dst++] = pixels[src + 1]!;
      target[dst++] = pixels[src + 2]!;
    }
  }
  return { data: target, width, height };
}
