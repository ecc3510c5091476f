/** Geometry shared by the pipeline stages. Coordinates are pixels of the decoded image. */
export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One detector result: box, YuNet's 5 landmarks (image-left eye, image-right eye, nose, mouth left, mouth right) and score. */
export interface DetectedFace {
  box: Box;
  landmarks: [Point, Point, Point, Point, Point];
  score: number;
}

export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union <= 0 ? 0 : inter / union;
}

/** Greedy NMS (as OpenCV's NMSBoxes): highest score first, drop boxes overlapping a kept one above the IoU limit. */
export function nonMaxSuppression(faces: DetectedFace[], iouThreshold: number, topK = 5000): DetectedFace[] {
  const sorted = [...faces].sort((a, b) => b.score - a.score).slice(0, topK);
  const kept: DetectedFace[] = [];
  for (const face of sorted) {
    if (kept.every((k) => iou(k.box, face.box) <= iouThreshold)) kept.push(face);
  }
  return kept;
}
