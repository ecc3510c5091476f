import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Chromium plays an MJPEG file as its fake camera (at 30 fps, looping). Our clips start with a
 * plain grey lead-in (nobody in front of the kiosk) and then show the photo, so the test can tell
 * when "the face appears" and time the greeting from there.
 *
 * `-pix_fmt yuvj420p` is required: 4:4:4 MJPEG arrives in Chromium as all-green frames.
 */
export interface ClipOptions {
  /** Absolute path of the photo to show; null for a clip with nobody in it. */
  photo: string | null;
  leadInSeconds?: number;
  faceSeconds?: number;
  /** Degrees clockwise to rotate the photo first (ffmpeg here ignores EXIF orientation). */
  rotate?: 0 | 90;
}

export const CLIP_FPS = 30;
const WIDTH = 640;
const HEIGHT = 480;

export function makeClip(options: ClipOptions): string {
  const leadIn = options.leadInSeconds ?? 1.5;
  const face = options.faceSeconds ?? 14;
  const rotate = options.rotate ?? 0;
  const key = createHash('sha256').update(JSON.stringify({ ...options, leadIn, face, rotate, v: 2 })).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'kiosk-e2e-clips');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${key}.mjpeg`);
  if (fs.existsSync(out) && fs.statSync(out).size > 0) return out;

  const tmp = `${out}.${process.pid}.tmp`;
  const grey = `color=c=0x7f7f7f:s=${WIDTH}x${HEIGHT}:r=${CLIP_FPS}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  if (options.photo === null) {
    args.push('-f', 'lavfi', '-i', `${grey}:d=${leadIn + face}`, '-vf', 'format=yuvj420p');
  } else {
    const fit = `${rotate === 90 ? 'transpose=1,' : ''}scale=${WIDTH}:${HEIGHT}:force_original_aspect_ratio=decrease,pad=${WIDTH}:${HEIGHT}:(ow-iw)/2:(oh-ih)/2:color=0x7f7f7f,setsar=1,format=yuvj420p`;
    args.push(
      '-f', 'lavfi', '-i', `${grey}:d=${leadIn}`,
      '-loop', '1', '-framerate', String(CLIP_FPS), '-t', String(face), '-i', options.photo,
      '-filter_complex', `[0:v]format=yuvj420p,setsar=1[lead];[1:v]${fit}[face];[lead][face]concat=n=2:v=1:a=0[out]`,
      '-map', '[out]',
    );
  }
  args.push('-r', String(CLIP_FPS), '-pix_fmt', 'yuvj420p', '-q:v', '4', '-f', 'mjpeg', tmp);
  execFileSync('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  fs.renameSync(tmp, out);
  return out;
}
