/**
 * Simulated presentation attacks made from the project's own fixture photos (issue 16): what a
 * 640×480 kiosk camera would see when someone holds up a printed photo or a phone/tablet showing
 * one. They are SIMULATIONS: physically motivated image effects, not captures of real attacks,
 * and every figure measured on them must say so. The recipe is deterministic (seeded noise,
 * fixed geometry), so `make-pad-fixtures.ts` regenerates the committed files byte for byte.
 *
 * Effects:
 *   print   paper: compressed dynamic range (paper white ≈ 232, ink black ≈ 38), slight
 *           desaturation and warm paper tint, halftone dot gain (blur), multiplicative paper-fibre
 *           texture; held in front of a wall, a white paper margin, a slight tilt.
 *           `print-glare` adds a specular glare blob of a glossy print.
 *   replay  screen: raised black level and blue-ish white point, RGB sub-pixel grid, moiré
 *           (beat of the screen's pixel grid against the camera's sampling, as two near-equal
 *           gratings); a black device bezel around the screen. `replay-bezel` makes the device
 *           smaller in the frame (the whole bezel visible) with a diagonal reflection streak.
 */
import sharp, { type Sharp } from 'sharp';

export type AttackKind = 'print-texture' | 'print-glare' | 'replay-moire' | 'replay-bezel';
export const ATTACK_KINDS: readonly AttackKind[] = ['print-texture', 'print-glare', 'replay-moire', 'replay-bezel'];

/** The attack type an ISO/IEC 30107-3 report groups by. */
export function attackTypeOf(kind: AttackKind): 'print' | 'replay' {
  return kind.startsWith('print') ? 'print' : 'replay';
}

const FRAME_W = 640;
const FRAME_H = 480;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

interface Raw {
  data: Uint8Array;
  width: number;
  height: number;
}

async function rawOf(input: Sharp): Promise<Raw> {
  const { data, info } = await input.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** A plain wall behind the attacker: a soft vertical gradient with sensor noise. */
function wall(random: () => number): Raw {
  const data = new Uint8Array(FRAME_W * FRAME_H * 3);
  const base = [150 + random() * 40, 145 + random() * 35, 135 + random() * 30];
  for (let y = 0; y < FRAME_H; y++) {
    for (let x = 0; x < FRAME_W; x++) {
      const shade = 1 - 0.25 * (y / FRAME_H) - 0.1 * Math.abs(x / FRAME_W - 0.5);
      for (let c = 0; c < 3; c++) data[(y * FRAME_W + x) * 3 + c] = clamp(base[c]! * shade + (random() - 0.5) * 6);
    }
  }
  return { data, width: FRAME_W, height: FRAME_H };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** The photo as printed paper: tone compression, tint, dot gain, fibre texture, glare. */
async function printed(photo: Buffer, width: number, height: number, random: () => number, glare: boolean): Promise<Raw> {
  const margin = Math.round(width * 0.05);
  const inner = await rawOf(sharp(photo).rotate().resize(width - 2 * margin, height - 2 * margin, { fit: 'cover', position: 'north' }).blur(0.9).modulate({ saturation: 0.85 }));
  // Low-frequency fibre texture: random values on a coarse grid, bilinearly interpolated, plus fine grain.
  const grid = 24;
  const cols = Math.ceil(width / grid) + 2;
  const rows = Math.ceil(height / grid) + 2;
  const coarse = Float32Array.from({ length: cols * rows }, () => random() - 0.5);
  const out = new Uint8Array(width * height * 3);
  const gx = width * (0.3 + random() * 0.4);
  const gy = height * (0.25 + random() * 0.3);
  const gr = width * (0.18 + random() * 0.1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cx = x / grid, cy = y / grid;
      const x0 = Math.floor(cx), y0 = Math.floor(cy), fx = cx - x0, fy = cy - y0;
      const t = (coarse[y0 * cols + x0]! * (1 - fx) + coarse[y0 * cols + x0 + 1]! * fx) * (1 - fy) + (coarse[(y0 + 1) * cols + x0]! * (1 - fx) + coarse[(y0 + 1) * cols + x0 + 1]! * fx) * fy;
      const fibre = 1 + 0.06 * t + 0.04 * (random() - 0.5);
      const inside = x >= margin && y >= margin && x < width - margin && y < height - margin;
      const g = glare ? Math.exp(-((x - gx) ** 2 + (y - gy) ** 2) / (2 * gr * gr)) : 0;
      for (let c = 0; c < 3; c++) {
        // Paper white 232 and ink black 38; a warm tint (paper absorbs a little blue).
        const src = inside ? inner.data[((y - margin) * inner.width + (x - margin)) * 3 + c]! : 255;
        const tint = c === 2 ? 0.94 : c === 0 ? 1.0 : 0.98;
        const tone = (38 + (src / 255) * (232 - 38)) * tint * fibre;
        out[(y * width + x) * 3 + c] = clamp(tone + g * 0.8 * (255 - tone));
      }
    }
  }
  return { data: out, width, height };
}

/** The photo on a phone/tablet screen: black level, white point, sub-pixels, moiré, bezel, streak. */
async function onScreen(photo: Buffer, width: number, height: number, random: () => number, streak: boolean): Promise<Raw> {
  const bezel = Math.round(width * 0.07);
  const screenW = width - 2 * bezel;
  const screenH = height - 2 * Math.round(bezel * 1.6);
  const top = Math.round(bezel * 1.6);
  const inner = await rawOf(sharp(photo).rotate().resize(screenW, screenH, { fit: 'cover', position: 'north' }));
  const out = new Uint8Array(width * height * 3);
  // Two gratings of near-equal period at a small angle: their product beats into moiré bands.
  const period = 2.6 + random() * 0.6;
  const angle = (random() - 0.5) * 0.3;
  const ca = Math.cos(angle), sa = Math.sin(angle);
  const depth = 0.1 + random() * 0.06;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const sx = x - bezel, sy = y - top;
      if (sx < 0 || sy < 0 || sx >= screenW || sy >= screenH) {
        // The device body: near-black plastic with a faint sheen.
        const sheen = 18 + 10 * Math.exp(-(((x / width - 0.2) * 6) ** 2));
        out[o] = clamp(sheen + (random() - 0.5) * 4);
        out[o + 1] = clamp(sheen + (random() - 0.5) * 4);
        out[o + 2] = clamp(sheen + 3 + (random() - 0.5) * 4);
        continue;
      }
      const m = 1 + depth * Math.sin((2 * Math.PI * x) / period) * Math.sin((2 * Math.PI * (x * ca + y * sa)) / (period * 1.04));
      const streakLight = streak ? 60 * Math.exp(-(((x - y * 0.8 - width * 0.2) / (width * 0.06)) ** 2)) : 0;
      for (let c = 0; c < 3; c++) {
        // Sub-pixel grid: each column favours one of R, G, B a little.
        const sub = x % 3 === c ? 1.06 : 0.97;
        const white = c === 2 ? 1.0 : c === 1 ? 0.96 : 0.9;
        const v = 22 + (inner.data[(sy * screenW + sx) * 3 + c]! / 255) * (245 - 22) * white;
        out[o + c] = clamp(v * m * sub + streakLight);
      }
    }
  }
  return { data: out, width, height };
}

/** Places the presented object on the wall with a slight tilt and encodes the camera frame. */
async function compose(object: Raw, random: () => number, left: number, top: number): Promise<Buffer> {
  const tilt = (random() - 0.5) * 6;
  const rotated = await sharp(Buffer.from(object.data), { raw: { width: object.width, height: object.height, channels: 3 } })
    .rotate(tilt, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  // The tilted object may not fit the frame any more: the camera sees it a little further away.
  const objectPng = await sharp(rotated).resize(FRAME_W, FRAME_H, { fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  const placed = await sharp(objectPng).metadata();
  const back = wall(random);
  const x = Math.max(0, Math.min(FRAME_W - (placed.width ?? 0), Math.round(left - ((placed.width ?? 0) - object.width) / 2)));
  const y = Math.max(0, Math.min(FRAME_H - (placed.height ?? 0), Math.round(top - ((placed.height ?? 0) - object.height) / 2)));
  return sharp(Buffer.from(back.data), { raw: { width: FRAME_W, height: FRAME_H, channels: 3 } })
    .composite([{ input: objectPng, left: x, top: y }])
    // The camera: a little softness and its own JPEG.
    .blur(0.6)
    .jpeg({ quality: 85, chromaSubsampling: '4:2:0' })
    .toBuffer();
}

/** One simulated attack frame (640×480 JPEG) of `photo`, deterministic for a given seed. */
export async function simulateAttack(photo: Buffer, kind: AttackKind, seed: number): Promise<Buffer> {
  const random = rng(seed);
  switch (kind) {
    case 'print-texture':
    case 'print-glare': {
      // An A5-ish portrait print held close: most of the frame height.
      const h = Math.round(FRAME_H * (0.9 + random() * 0.08));
      const w = Math.round(h * 0.75);
      const paper = await printed(photo, w, h, random, kind === 'print-glare');
      return compose(paper, random, (FRAME_W - w) / 2 + (random() - 0.5) * 60, (FRAME_H - h) / 2);
    }
    case 'replay-moire':
    case 'replay-bezel': {
      const scale = kind === 'replay-bezel' ? 0.82 + random() * 0.06 : 0.96 + random() * 0.03;
      const h = Math.round(FRAME_H * scale);
      const w = Math.round(h * 0.72);
      const screen = await onScreen(photo, w, h, random, kind === 'replay-bezel');
      return compose(screen, random, (FRAME_W - w) / 2 + (random() - 0.5) * 60, (FRAME_H - h) / 2);
    }
  }
}
