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
