/** The frame size the face engine analyses (it downsizes anything larger anyway; smaller uploads are faster). */
export const FRAME_MAX_SIDE = 640;
export const FRAME_JPEG_QUALITY = 0.8;

/** Scales (w, h) so the longer side is at most maxSide, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Draws the current video frame into the canvas and returns it as base64 JPEG (no data: prefix),
 * or null when the video has no frame yet. The canvas is reused between frames.
 */
export function captureFrameBase64(video: HTMLVideoElement, canvas: HTMLCanvasElement, maxSide = FRAME_MAX_SIDE, quality = FRAME_JPEG_QUALITY): string | null {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
  const size = fitWithin(video.videoWidth, video.videoHeight, maxSide);
  if (canvas.width !== size.width) canvas.width = size.width;
  if (canvas.height !== size.height) canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(video, 0, 0, size.width, size.height);
  const url = canvas.toDataURL('image/jpeg', quality);
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : null;
}

/** A camera frame as pixels for face.analyzeRawFrame (the contract's rawFrameSchema). */
export interface CameraFrame {
  width: number;
  height: number;
  stride: number;
  format: 'rgba';
  pixels: Uint8Array;
}

/**
 * Draws the current video frame into the canvas (at most `maxSide`, the engine's analysis size) and
 * returns its pixels, or null when the video has no frame yet. No JPEG encode here and no decode in
 * the engine (issue 16). The canvas and its CPU-side backing store are reused between frames
 * (`willReadFrequently`); the pixels are a view of ImageData's own buffer, not a copy.
 */
export function captureFrameRaw(video: HTMLVideoElement, canvas: HTMLCanvasElement, maxSide = FRAME_MAX_SIDE): CameraFrame | null {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
  const size = fitWithin(video.videoWidth, video.videoHeight, maxSide);
  if (canvas.width !== size.width) canvas.width = size.width;
  if (canvas.height !== size.height) canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
  if (!context) return null;
  context.drawImage(video, 0, 0, size.width, size.height);
  return imageDataFrame(context.getImageData(0, 0, size.width, size.height));
}

/** ImageData is RGBA without row padding. */
export function imageDataFrame(image: Pick<ImageData, 'width' | 'height' | 'data'>): CameraFrame {
  const { data } = image;
  return { width: image.width, height: image.height, stride: image.width * 4, format: 'rgba', pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
