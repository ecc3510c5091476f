import type { RgbImage } from './image-decode.js';
import type { DetectedFace } from './face-geometry.js';

/** What the member is told to fix. The UI maps each code to a sentence in its language. */
export type QualityIssue = 'FACE_TOO_SMALL' | 'FACE_AT_EDGE' | 'TOO_DARK' | 'TOO_BRIGHT' | 'BLURRED' | 'TURNED_AWAY' | 'MULTIPLE_FACES';

export interface QualityGates {
  /** Shorter side of the face box, in pixels of the (≤640 px) analysed frame. */
  minFacePx: number;
  /** Mean luma (0..255) of the aligned face. */
  minBrightness: number;
  maxBrightness: number;
  /** Variance of the Laplacian of the aligned face's luma; low means blurred. */
  minSharpness: number;
  /** |nose offset from the eye midpoint| / eye distance; ~0 when facing the camera. */
  maxYaw: number;
  /** Nose height between eyes (0) and mouth (1); outside the range the head is tilted up/down. */
  pitchRange: [number, number];
  /** The face box may reach this far (fraction of its size) beyond the frame before it counts as cut off. */
  edgeTolerance: number;
}

export interface QualityReport {
  issues: QualityIssue[];
  faceSizePx: number;
  brightness: number;
  sharpness: number;
  yaw: number;
  pitch: number;
}

/** Issues that make a frame useless for identification (multiple faces is not one: the primary face is used). */
export const BLOCKING_ISSUES: ReadonlySet<QualityIssue> = new Set(['FACE_TOO_SMALL', 'FACE_AT_EDGE', 'TOO_DARK', 'TOO_BRIGHT', 'BLURRED', 'TURNED_AWAY']);

/**
 * The primary face: area × (1 − distance from the centre / half-diagonal). The person at the counter
 * is large and central; a bystander near the edge loses even when slightly larger. (On LFW dev this
 * rule and "most central" both give 99.33%; "area × (1 − 0.5·distance)" picked background faces: 99.11%.)
 */
export function choosePrimaryFace(faces: readonly DetectedFace[], width: number, height: number): number | null {
  let best: number | null = null;
  let bestScore = -Infinity;
  const diag = Math.hypot(width, height) / 2;
  faces.forEach((f, i) => {
    const cx = f.box.x + f.box.width / 2;
    const cy = f.box.y + f.box.height / 2;
    const offCentre = Math.hypot(cx - width / 2, cy - height / 2) / diag;
    const score = f.box.width * f.box.height * Math.max(0.01, 1 - offCentre);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

export function assessQuality(image: RgbImage, faces: readonly DetectedFace[], primary: number, aligned: RgbImage, gates: QualityGates): QualityReport {
  const face = faces[primary]!;
  const issues: QualityIssue[] = [];
  const faceSizePx = Math.min(face.box.width, face.box.height);
  if (faceSizePx < gates.minFacePx) issues.push('FACE_TOO_SMALL');

  const tolX = face.box.width * gates.edgeTolerance;
  const tolY = face.box.height * gates.edgeTolerance;
  if (face.box.x < -tolX || face.box.y < -tolY || face.box.x + face.box.width > image.width + tolX || face.box.y + face.box.height > image.height + tolY) {
    issues.push('FACE_AT_EDGE');
  }

  const { brightness, sharpness } = lumaStats(aligned);
  if (brightness < gates.minBrightness) issues.push('TOO_DARK');
  else if (brightness > gates.maxBrightness) issues.push('TOO_BRIGHT');
  if (sharpness < gates.minSharpness) issues.push('BLURRED');

  const [le, re, nose, lm, rm] = face.landmarks;
  const eyeMidX = (le.x + re.x) / 2, eyeMidY = (le.y + re.y) / 2;
  const eyeDist = Math.hypot(re.x - le.x, re.y - le.y) || 1;
  // Rotate into the eye axis so a tilted (rolled) head does not read as turned.
  const angle = Math.atan2(re.y - le.y, re.x - le.x);
  const cos = Math.cos(-angle), sin = Math.sin(-angle);
  const nx = (nose.x - eyeMidX) * cos - (nose.y - eyeMidY) * sin;
  const ny = (nose.x - eyeMidX) * sin + (nose.y - eyeMidY) * cos;
  const mouthY = (((lm.x + rm.x) / 2 - eyeMidX) * sin + ((lm.y + rm.y) / 2 - eyeMidY) * cos) || 1;
  const yaw = nx / eyeDist;
  const pitch = ny / mouthY;
  if (Math.abs(yaw) > gates.maxYaw || pitch < gates.pitchRange[0] || pitch > gates.pitchRange[1]) issues.push('TURNED_AWAY');

  if (faces.length > 1) issues.push('MULTIPLE_FACES');
  return { issues, faceSizePx, brightness, sharpness, yaw, pitch };
}

/** Luma scratch, reused between calls (the function is synchronous); only the region read is filled. */
let lumaScratch = new Float32Array(0);

/** Mean luma and Laplacian variance over the central part of the aligned face (no background). */
export function lumaStats(aligned: RgbImage): { brightness: number; sharpness: number } {
  const { data, width, height } = aligned;
  const cn = aligned.channels ?? 3;
  if (lumaScratch.length < width * height) lumaScratch = new Float32Array(width * height);
  const luma = lumaScratch;
  const x0 = Math.round(width * 0.2), x1 = Math.round(width * 0.8);
  const y0 = Math.round(height * 0.25), y1 = Math.round(height * 0.9);
  // The region and the one-pixel ring its Laplacian reads (clamped to the image, as the reads are).
  const ly0 = Math.max(0, y0 - 1), ly1 = Math.min(height, y1 + 1), lx0 = Math.max(0, x0 - 1), lx1 = Math.min(width, x1 + 1);
  for (let y = ly0; y < ly1; y++) {
    for (let x = lx0, i = y * width + lx0, p = i * cn; x < lx1; x++, i++, p += cn) luma[i] = 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
  }
  let sum = 0, n = 0, lapSum = 0, lapSq = 0, m = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      sum += luma[i]!;
      n++;
      const lap = luma[i - 1]! + luma[i + 1]! + luma[i - width]! + luma[i + width]! - 4 * luma[i]!;
      lapSum += lap;
      lapSq += lap * lap;
      m++;
    }
  }
  const mean = lapSum / m;
  return { brightness: sum / n, sharpness: lapSq / m - mean * mean };
}
