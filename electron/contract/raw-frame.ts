/**
 * A camera frame as pixels (issue 16): what the renderer reads from its canvas, sent without the
 * JPEG encode in the renderer and the decode here (sharp's decode was ~4 ms of a ~24 ms frame).
 * `stride` is the byte length of one row as sent (≥ width × channels; canvas ImageData has no padding,
 * a VideoFrame copy may have some).
 */
export interface RawFrame {
  width: number;
  height: number;
  stride: number;
  format: 'rgba' | 'rgb';
  pixels: Uint8Array;
}

/** The largest camera frame accepted as pixels: 1920×1080 (what a kiosk webcam gives at most). */
export const RAW_FRAME_MAX_SIDE = 1920;
export const RAW_FRAME_MAX_PIXELS = 1920 * 1080;
/** Below this nothing could pass the quality gates (minimum face 64 px), so it is refused as nonsense. */
export const RAW_FRAME_MIN_SIDE = 16;

export function channelsOf(format: RawFrame['format']): 3 | 4 {
  return format === 'rgba' ? 4 : 3;
}

export function isRawFrame(input: unknown): input is RawFrame {
  return typeof input === 'object' && input !== null && !(input instanceof Uint8Array) && 'pixels' in input;
}

/**
 * Why these dimensions cannot describe these pixels, or null when they can. Shared by the contract
 * schema (the boundary) and the worker (which must not trust its caller either).
 */
export function rawFrameProblem(f: Pick<RawFrame, 'width' | 'height' | 'stride' | 'format'> & { byteLength: number }): string | null {
  const sides = [f.width, f.height, f.stride];
  if (!sides.every((v) => Number.isInteger(v) && v > 0)) return `width, height and stride must be positive integers (got ${f.width}×${f.height}, stride ${f.stride})`;
  if (f.width < RAW_FRAME_MIN_SIDE || f.height < RAW_FRAME_MIN_SIDE) return `the frame is ${f.width}×${f.height}; each side must be at least ${RAW_FRAME_MIN_SIDE}`;
  if (f.width > RAW_FRAME_MAX_SIDE || f.height > RAW_FRAME_MAX_SIDE || f.width * f.height > RAW_FRAME_MAX_PIXELS) {
    return `the frame is ${f.width}×${f.height}; the limit is ${RAW_FRAME_MAX_PIXELS} pixels, ${RAW_FRAME_MAX_SIDE} a side`;
  }
  const rowBytes = f.width * channelsOf(f.format);
  if (f.stride < rowBytes) return `stride ${f.stride} is shorter than a ${f.format} row of ${f.width} pixels (${rowBytes} bytes)`;
  // The last row needs only its pixels, not the padding after them (VideoFrame.copyTo lays rows out so).
  const needed = f.stride * (f.height - 1) + rowBytes;
  const most = f.stride * f.height;
  if (f.byteLength < needed || f.byteLength > most) return `${f.byteLength} bytes do not hold a ${f.width}×${f.height} ${f.format} frame with stride ${f.stride} (expected ${needed === most ? most : `${needed}–${most}`})`;
  return null;
}

