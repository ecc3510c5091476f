import * as ort from 'onnxruntime-node';
import { resizeRgb, type RgbImage } from './image-decode.js';
import { SerialLock } from './serial-lock.js';
import { fillBgrPlanarSimd } from './simd-fill.js';
import { nonMaxSuppression, type DetectedFace, type Point } from './face-geometry.js';

/** The longer side the image is scaled to before detection (YuNet-s was trained and verified at 640). */
export const YUNET_INPUT = 640;
/** The network's input height and width must be multiples of this. */
const YUNET_ALIGN = 32;
const STRIDES = [8, 16, 32] as const;

export interface DetectorOptions {
  scoreThreshold: number;
  nmsIou: number;
}

/**
 * YuNet as in native-models/yunet/MODEL.md: BGR, raw 0..255, the image scaled to fit 640×640,
 * at the top-left of a zero tensor only as large as the scaled image rounded up to multiples of 32
 * (640×480 for a 640×480 frame: the graph's input dims are symbolic, see yunet-dynamic.ts),
 * anchor-free decoding per stride, greedy NMS, coordinates divided by the scale.
 */
export class YunetDetector {
  /** Reused between frames of the same size (a camera sends one size): no 4.9 MB allocation per frame. */
  private tensorData = new Float32Array(0);

  constructor(private readonly session: ort.InferenceSession) {}

  private readonly lock = new SerialLock();

  async detect(image: RgbImage, options: DetectorOptions): Promise<DetectedFace[]> {
    const { out, sx, sy, inputWidth, inputHeight } = await this.lock.run(async () => {
      const prepared = await this.prepare(image);
      return { ...prepared, out: await this.session.run(prepared.feeds) };
    });
    const faces = decodeYunet(out as unknown as Record<string, { data: Float32Array }>, inputWidth, inputHeight, options.scoreThreshold);
    return nonMaxSuppression(faces, options.nmsIou).map((f) => ({
      score: f.score,
      box: { x: f.box.x / sx, y: f.box.y / sy, width: f.box.width / sx, height: f.box.height / sy },
      landmarks: f.landmarks.map((p) => ({ x: p.x / sx, y: p.y / sy })) as DetectedFace['landmarks'],
    }));
  }

  /**
   * The model's input for this image, and the per-axis scale back to image coordinates (the
   * rounding of w/h makes them differ very slightly from one scale). Public so the bench can run
   * the bare model on exactly what the pipeline feeds it (the floor).
   */
  async prepare(image: RgbImage): Promise<{ feeds: Record<string, ort.Tensor>; sx: number; sy: number; inputWidth: number; inputHeight: number }> {
    const scale = Math.min(YUNET_INPUT / image.width, YUNET_INPUT / image.height);
    const w = Math.min(YUNET_INPUT, Math.max(1, Math.round(image.width * scale)));
    const h = Math.min(YUNET_INPUT, Math.max(1, Math.round(image.height * scale)));
    const inputWidth = Math.ceil(w / YUNET_ALIGN) * YUNET_ALIGN;
    const inputHeight = Math.ceil(h / YUNET_ALIGN) * YUNET_ALIGN;
    // An RGBA camera frame that fills the input exactly (640×480): WebAssembly SIMD, same numbers.
    const simd = image.channels === 4 && w === image.width && h === image.height && inputWidth === w && inputHeight === h ? fillBgrPlanarSimd(image.data, w, h) : null;
    let data = simd;
    if (!data) {
      const resized = await resizeRgb(image, w, h);
      const length = 3 * inputWidth * inputHeight;
      if (this.tensorData.length !== length) this.tensorData = new Float32Array(length);
      fillBgrPlanar(this.tensorData, resized, inputWidth, inputHeight);
      data = this.tensorData;
    }
    const input = new ort.Tensor('float32', data, [1, 3, inputHeight, inputWidth]);
    return { feeds: { input }, sx: w / image.width, sy: h / image.height, inputWidth, inputHeight };
  }

  get modelSession(): ort.InferenceSession {
    return this.session;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Writes the pixels (RGB or RGBA interleaved) as planar B,G,R floats (raw 0..255) at the top-left;
 * the rest stays 0. The one pass over the whole frame outside the models, so it is written for speed:
 * an RGBA frame is read one 32-bit word per pixel.
 */
export function fillBgrPlanar(target: Float32Array, image: RgbImage, tensorWidth: number, tensorHeight: number): void {
  // Only the padding needs zeros (the image overwrites the rest); none at all when the image fills the tensor.
  if (image.width !== tensorWidth || image.height !== tensorHeight) target.fill(0);
  const plane = tensorWidth * tensorHeight;
  const { data, width, height } = image;
  const channels = image.channels ?? 3;
  const bPlane = target.subarray(0, plane), gPlane = target.subarray(plane, 2 * plane), rPlane = target.subarray(2 * plane, 3 * plane);
  if (channels === 4 && LITTLE_ENDIAN && data.byteOffset % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, width * height);
    for (let y = 0; y < height; y++) {
      let src = y * width;
      const end = src + width;
      for (let dst = y * tensorWidth; src < end; src++, dst++) {
        const v = words[src]!;
        rPlane[dst] = v & 0xff;
        gPlane[dst] = (v >>> 8) & 0xff;
        bPlane[dst] = (v >>> 16) & 0xff;
      }
    }
    return;
  }
  for (let y = 0; y < height; y++) {
    let src = y * width * channels;
    const end = src + width * channels;
    for (let dst = y * tensorWidth; src < end; src += channels, dst++) {
      rPlane[dst] = data[src]!;
      gPlane[dst] = data[src + 1]!;
      bPlane[dst] = data[src + 2]!;
    }
  }
}

/** OpenCV FaceDetectorYN::postProcess, before NMS. */
export function decodeYunet(outputs: Record<string, { data: Float32Array }>, inputWidth: number, inputHeight: number, scoreThreshold: number): DetectedFace[] {
  const faces: DetectedFace[] = [];
  for (const s of STRIDES) {
    const cols = Math.floor(inputWidth / s);
    const rows = Math.floor(inputHeight / s);
    const cls = outputs[`cls_${s}`]!.data;
    const obj = outputs[`obj_${s}`]!.data;
    const bbox = outputs[`bbox_${s}`]!.data;
    const kps = outputs[`kps_${s}`]!.data;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        const score = Math.sqrt(clamp01(cls[i]!) * clamp01(obj[i]!));
        if (score < scoreThreshold) continue;
        const cx = (c + bbox[4 * i]!) * s;
        const cy = (r + bbox[4 * i + 1]!) * s;
        const w = Math.exp(bbox[4 * i + 2]!) * s;
        const h = Math.exp(bbox[4 * i + 3]!) * s;
        const landmarks: Point[] = [];
        for (let n = 0; n < 5; n++) landmarks.push({ x: (kps[10 * i + 2 * n]! + c) * s, y: (kps[10 * i + 2 * n + 1]! + r) * s });
        faces.push({ box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, landmarks: landmarks as DetectedFace['landmarks'], score });
      }
    }
  }
  return faces;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
