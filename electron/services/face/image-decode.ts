import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../contract/result.js';
import { FaceErrorCode } from './face-errors.js';

/** 8-bit sRGB pixels, interleaved R,G,B, row-major, EXIF orientation already applied. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
  /**
   * Bytes per pixel: 3 (R,G,B; the default) or 4 (R,G,B,A as a camera canvas gives it, alpha
   * ignored). Rows are packed (width × channels bytes). A 4-channel frame is read in place, so a
   * raw camera frame needs no RGBA → RGB copy (issue 16).
   */
  channels?: 3 | 4;
}

export interface DecodeOptions {
  /** Refuse images with more pixels than this (checked from the header, before full decode). */
  maxPixels: number;
  /** Downscale (never enlarge) so the longer side is at most this. */
  maxSide?: number;
}

// sharp decodes lazily; these are the formats we accept from a camera or a staff import.
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif', 'avif']);

/**
 * Decodes camera frames and imported photos defensively: the header is read first so a
 * decompression bomb (e.g. 30000×30000 PNG) is refused before any pixel is allocated; greyscale,
 * CMYK, 16-bit and alpha images are normalised to 8-bit sRGB; EXIF rotation is applied.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<RgbImage> {
  if (bytes.byteLength === 0) throw new AppError(FaceErrorCode.IMAGE_EMPTY, 'The image is empty');
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    // A known signature whose header does not parse is a broken image, not a foreign format.
    if (looksLikeImage(bytes)) throw new AppError(FaceErrorCode.IMAGE_CORRUPT, `The image header is damaged: ${shortReason(error)}`);
    throw new AppError(FaceErrorCode.IMAGE_UNSUPPORTED, `Not a readable image: ${shortReason(error)}`);
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
    throw new AppError(FaceErrorCode.IMAGE_UNSUPPORTED, `Unsupported image format: ${meta.format ?? 'unknown'}`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new AppError(FaceErrorCode.IMAGE_CORRUPT, 'The image has no dimensions');
  if (width * height > options.maxPixels) {
    throw new AppError(FaceErrorCode.IMAGE_TOO_LARGE, `The image is ${width}×${height}; the limit is ${options.maxPixels} pixels`, {
      details: { width, height, maxPixels: options.maxPixels },
    });
  }
  try {
    if (isPlainCameraJpeg(meta, options)) {
      // A webcam frame: baseline sRGB JPEG, no EXIF turn, no alpha, already small enough. Rotation,
      // flattening, colour conversion and resizing would all be no-ops, so decode straight to raw
      // pixels in one sequential pass (about 0.3 ms less per frame than the general chain).
      const { data, info } = await sharp(input, { limitInputPixels: options.maxPixels, failOn: 'error', sequentialRead: true }).raw().toBuffer({ resolveWithObject: true });
      if (info.channels === 3) return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
    }
    let pipeline = sharp(input, { limitInputPixels: options.maxPixels, failOn: 'error', pages: 1 })
      .rotate()
      // Transparent areas become mid-grey rather than black, closer to what a camera would see.
      .flatten({ background: { r: 128, g: 128, b: 128 } })
      .toColourspace('srgb');
    if (options.maxSide !== undefined) {
      pipeline = pipeline.resize({ width: options.maxSide, height: options.maxSide, fit: 'inside', withoutEnlargement: true });
    }
    const { data, info } = await pipeline.removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new AppError(FaceErrorCode.IMAGE_CORRUPT, `Unexpected channel count ${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(FaceErrorCode.IMAGE_CORRUPT, `The image cannot be decoded: ${shortReason(error)}`);
  }
}

function isPlainCameraJpeg(meta: Metadata, options: DecodeOptions): boolean {
  return (
    meta.format === 'jpeg' &&
    (meta.orientation === undefined || meta.orientation === 1) &&
    meta.hasAlpha !== true &&
    meta.channels === 3 &&
    meta.space === 'srgb' &&
    meta.icc === undefined &&
    (options.maxSide === undefined || Math.max(meta.width ?? Infinity, meta.height ?? Infinity) <= options.maxSide)
  );
}

/** Resizes raw RGB to exactly w×h (bilinear, like cv2.INTER_LINEAR for the detector input). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === image.width && height === image.height) return image;
  const channels = image.channels ?? 3;
  const { data, info } = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels },
  })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const resized: RgbImage = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  return info.channels === 4 ? { ...resized, channels: 4 } : resized;
}

/** JPEG, PNG, GIF, WebP, TIFF signatures. */
export function looksLikeImage(bytes: Uint8Array): boolean {
  const b = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, text: string) => [...text].every((c, i) => b(from + i) === c.charCodeAt(0));
  return (
    (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) ||
    (b(0) === 0x89 && ascii(1, 'PNG')) ||
    ascii(0, 'GIF8') ||
    (ascii(0, 'RIFF') && ascii(8, 'WEBP')) ||
    (ascii(0, 'II') && b(2) === 42 && b(3) === 0) ||
    (ascii(0, 'MM') && b(2) === 0 && b(3) === 42)
  );
}

function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 160);
}
