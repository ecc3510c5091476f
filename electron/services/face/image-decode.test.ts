import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './image-decode.js';
import { FacePipeline } from './face-pipeline.js';
import { defaultFaceConfig } from '../../contract/face-config.js';
import { analyzeOptionsFor } from './face-engine.js';
import { fixture, MODELS_DIR } from './face-test-support.js';

const LIMIT = { maxPixels: 40_000_000 };

/** A PNG whose header claims width×height, with a tiny (invalid-size) body: only the header is ever read. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(100))), chunk('IEND', Buffer.alloc(0))]));
}

describe('decodeImage: bad input gets a specific code', () => {
  it('empty, non-image, truncated', async () => {
    await expect(decodeImage(new Uint8Array(), LIMIT)).rejects.toMatchObject({ code: 'FACE_IMAGE_EMPTY' });
    await expect(decodeImage(new TextEncoder().encode('%PDF-1.4 hello'), LIMIT)).rejects.toMatchObject({ code: 'FACE_IMAGE_UNSUPPORTED' });
    const jpeg = fixture('barack-obama__portrait-2012.jpg');
    await expect(decodeImage(jpeg.subarray(0, jpeg.length >> 1), LIMIT)).rejects.toMatchObject({ code: 'FACE_IMAGE_CORRUPT' });
    await expect(decodeImage(jpeg.subarray(0, 64), LIMIT)).rejects.toMatchObject({ code: 'FACE_IMAGE_CORRUPT' });
  });

  it('refuses a 30000×30000 PNG from its header, before decoding', async () => {
    const bomb = pngHeaderOnly(30000, 30000);
    expect(bomb.length).toBeLessThan(1000);
    await expect(decodeImage(bomb, LIMIT)).rejects.toMatchObject({ code: 'FACE_IMAGE_TOO_LARGE', details: { width: 30000, height: 30000 } });
  });

  it('normalises greyscale, CMYK, alpha and 16-bit images to 8-bit RGB', async () => {
    const src = sharp(Buffer.from(fixture('london-030__neutral.jpg'))).resize(200);
    const variants = {
      grey: await src.clone().greyscale().png().toBuffer(),
      cmyk: await src.clone().toColourspace('cmyk').jpeg().toBuffer(),
      alpha: await src.clone().ensureAlpha(0.5).png().toBuffer(),
      sixteen: await src.clone().toColourspace('rgb16').png().toBuffer(),
    };
    expect((await sharp(variants.cmyk).metadata()).space).toBe('cmyk');
    expect((await sharp(variants.sixteen).metadata()).depth).toBe('ushort');
    for (const [name, bytes] of Object.entries(variants)) {
      const img = await decodeImage(new Uint8Array(bytes), LIMIT);
      expect([name, img.width, img.height, img.data.length]).toEqual([name, 200, 200, 200 * 200 * 3]);
    }
  });

  it('applies EXIF rotation and downscales frames to the detector size', async () => {
    const rotated = await decodeImage(fixture('spoof/live__minivision-T1.jpg'), LIMIT);
    expect([rotated.width, rotated.height]).toEqual([480, 640]);
    const big = await decodeImage(fixture('london-030__neutral.jpg'), { ...LIMIT, maxSide: 640 });
    expect([big.width, big.height]).toEqual([640, 640]);
  });
});

describe('pipeline on awkward but valid frames', () => {
  let pipeline: FacePipeline;
  const frame = analyzeOptionsFor(defaultFaceConfig(), 'frame');
  beforeAll(async () => {
    pipeline = await FacePipeline.load(MODELS_DIR, { threads: 1 });
  });
  afterAll(async () => {
    await pipeline.dispose();
  });

  it('asks a face cut off by the frame border to move to the centre', async () => {
    // Keep only the left 62% of the portrait: the face's right part leaves the frame.
    const cut = await sharp(Buffer.from(fixture('barack-obama__portrait-2012.jpg'))).extract({ left: 0, top: 0, width: 540, height: 1137 }).jpeg().toBuffer();
    const a = await pipeline.analyze(new Uint8Array(cut), frame);
    expect(a.primary).not.toBeNull();
    expect(a.quality!.issues).toContain('FACE_AT_EDGE');
    expect(a.embedding).toBeNull();
  });

  it('handles a uniform (blank) frame as no face', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 200, b: 200 } } }).jpeg().toBuffer();
    const a = await pipeline.analyze(new Uint8Array(blank), frame);
    expect(a.faces).toHaveLength(0);
  });
});

describe('camera-frame fast path (issue 16)', () => {
  it('decodes a plain webcam JPEG to exactly the pixels of the general chain', async () => {
    const jpeg = await sharp(Buffer.from(fixture('lisa-debruine__pose3.jpg'))).resize(640, 480, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
    const fast = await decodeImage(new Uint8Array(jpeg), { ...LIMIT, maxSide: 640 });
    const general = await sharp(jpeg).rotate().flatten({ background: { r: 128, g: 128, b: 128 } }).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([fast.width, fast.height]).toEqual([general.info.width, general.info.height]);
    expect(Buffer.compare(Buffer.from(fast.data), general.data)).toBe(0);
  });

  it('still turns an EXIF-rotated JPEG and shrinks an oversized one (the general chain)', async () => {
    const rotated = await decodeImage(fixture('spoof/live__minivision-T1.jpg'), { ...LIMIT, maxSide: 640 });
    expect([rotated.width, rotated.height]).toEqual([480, 640]);
    const big = await sharp(Buffer.from(fixture('lisa-debruine__pose3.jpg'))).resize(1280, 960, { fit: 'cover' }).jpeg().toBuffer();
    const shrunk = await decodeImage(new Uint8Array(big), { ...LIMIT, maxSide: 640 });
    expect([shrunk.width, shrunk.height]).toEqual([640, 480]);
  });
});
