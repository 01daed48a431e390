import sharp from 'sharp';
import type { RgbImage } from '../image/decode.ts';
import { ort } from '../onnx/session.ts';

/** Integer pixel rectangle inside an image (what sharp's extract takes). */
export interface CropRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Clips the float corners [x1,y1]-[x2,y2] to the image and rounds to a non-empty integer rect. */
export function clipRect(x1: number, y1: number, x2: number, y2: number, imageWidth: number, imageHeight: number): CropRect {
  const left = Math.min(Math.max(Math.round(x1), 0), imageWidth - 1);
  const top = Math.min(Math.max(Math.round(y1), 0), imageHeight - 1);
  const right = Math.min(Math.max(Math.round(x2), left + 1), imageWidth);
  const bottom = Math.min(Math.max(Math.round(y2), top + 1), imageHeight);
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Crops `rect` out of the image and resizes it to width x height (aspect ratio not kept), in native code.
 * Bilinear ('linear') like the cv2.resize the reference pipelines use.
 */
export async function cropResize(image: RgbImage, rect: CropRect, width: number, height: number): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(rect)
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
}

export interface ChwOptions {
  /** value = (pixel - mean) * scale */
  mean: number;
  scale: number;
  /** Emit channels in B,G,R order (MiniFASNet). */
  bgr?: boolean;
  /** Mirror horizontally while converting (flip test-time augmentation). */
  mirror?: boolean;
}

/** Interleaved RGB bytes (width x height) -> planar NCHW float32 [1,3,H,W], in one pass. */
export function rgbToChw(rgb: Uint8Array, width: number, height: number, opts: ChwOptions): Float32Array {
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const { mean, scale } = opts;
  const [o0, o2] = opts.bgr ? [2 * plane, 0] : [0, 2 * plane];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const src = 3 * (row + (opts.mirror ? width - 1 - x : x));
      const dst = row + x;
      out[o0 + dst] = ((rgb[src] as number) - mean) * scale;
      out[plane + dst] = ((rgb[src + 1] as number) - mean) * scale;
      out[o2 + dst] = ((rgb[src + 2] as number) - mean) * scale;
    }
  }
  return out;
}

/** Runs a single-input, single-output model and returns the first output as float32. */
export async function runSingle(session: ort.InferenceSession, input: Float32Array, dims: readonly number[]): Promise<Float32Array> {
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  if (inputName === undefined || outputName === undefined) throw new Error('model has no input or output');
  const results = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) });
  const data = results[outputName]?.data;
  if (!(data instanceof Float32Array)) throw new Error(`output ${outputName} is not float32`);
  return data;
}

/** Numerically stable softmax. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp((logits[i] as number) - max));
  const sum = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / sum);
}

/** File name without directory and extension, used as a runner's modelName. */
export function modelNameOf(modelPath: string): string {
  const base = modelPath.split(/[\\/]/).pop() ?? modelPath;
  return base.replace(/\.onnx$/i, '');
}

/**
 * cv2.resize(INTER_LINEAR) of `rect` cut from the image, in one typed-array pass: half-pixel centres,
 * edge pixels replicated, and no antialiasing when shrinking (unlike sharp), which is what Silent-Face's
 * crop feeds MiniFASNet.
 */
export function cropResizeCv2Linear(image: RgbImage, rect: CropRect, width: number, height: number): Buffer {
  const { data: src, width: iw } = image;
  const out = Buffer.alloc(width * height * 3);
  const sx = rect.width / width,
    sy = rect.height / height;
  // Per output column: the two source byte offsets and the weight of the right one.
  const x0s = new Int32Array(width),
    x1s = new Int32Array(width),
    fxs = new Float32Array(width);
  for (let u = 0; u < width; u++) {
    const fx = Math.max((u + 0.5) * sx - 0.5, 0);
    const x0 = Math.min(Math.floor(fx), rect.width - 1);
    x0s[u] = 3 * (rect.left + x0);
    x1s[u] = 3 * (rect.left + Math.min(x0 + 1, rect.width - 1));
    fxs[u] = fx - x0;
  }
  let o = 0;
  for (let v = 0; v < height; v++) {
    const fy = Math.max((v + 0.5) * sy - 0.5, 0);
    const y0 = Math.min(Math.floor(fy), rect.height - 1);
    const wy = fy - y0;
    const r0 = (rect.top + y0) * iw * 3,
      r1 = (rect.top + Math.min(y0 + 1, rect.height - 1)) * iw * 3;
    for (let u = 0; u < width; u++, o += 3) {
      const a = r0 + (x0s[u] as number),
        b = r0 + (x1s[u] as number),
        c = r1 + (x0s[u] as number),
        d = r1 + (x1s[u] as number);
      const wx = fxs[u] as number;
      for (let k = 0; k < 3; k++) {
        const top = (src[a + k] as number) + wx * ((src[b + k] as number) - (src[a + k] as number));
        const bottom = (src[c + k] as number) + wx * ((src[d + k] as number) - (src[c + k] as number));
        out[o + k] = Math.round(top + wy * (bottom - top));
      }
    }
  }
  return out;
}
