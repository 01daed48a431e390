import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { Config } from '../config/config.ts';
import { AppError } from '../pipeline/errors.ts';

/** An uploaded file as the multipart parser hands it over (a WHATWG File). */
export interface UploadFile {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface UploadedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  format: 'jpeg' | 'png' | 'webp';
  sha256: string;
}

const acceptedFormats = new Set(['jpeg', 'png', 'webp']);
const isAccepted = (format: string | undefined): format is UploadedImage['format'] => format !== undefined && acceptedFormats.has(format);

/**
 * Reads an upload and sniffs its real type and size from the header (never trusting the file name
 * or content type), so bad or oversized images are refused before anything is stored or decoded.
 */
export async function readImageUpload(file: UploadFile, config: Pick<Config, 'MAX_UPLOAD_BYTES' | 'MAX_IMAGE_PIXELS'>): Promise<UploadedImage> {
  const limits = { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS };
  if (file.size > limits.maxBytes) {
    throw new AppError('IMAGE_TOO_LARGE', `The image is ${file.size} bytes; the limit is ${limits.maxBytes} bytes.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength === 0) throw new AppError('BAD_IMAGE', 'The uploaded file is empty.');
  let meta: Metadata;
  try {
    // Only the header is read here. sharp's own pixel limit (limitInputPixels) would refuse a header
    // that claims more pixels than it decodes as an unreadable file (BAD_IMAGE); it is off for this
    // read so that MAX_IMAGE_PIXELS below answers IMAGE_TOO_LARGE. The decode in the inference worker
    // (inference-workers/image/decode.ts) keeps sharp's limit.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('BAD_IMAGE', 'The uploaded file is not an image that can be read (JPEG, PNG or WebP expected).');
  }
  const format = meta.format;
  if (!isAccepted(format)) {
    throw new AppError('BAD_IMAGE', `Unsupported image format ${format ?? 'unknown'}; JPEG, PNG and WebP are accepted.`);
  }
  if (!meta.width || !meta.height) throw new AppError('BAD_IMAGE', 'The image header has no dimensions.');
  const pixels = meta.width * meta.height;
  if (pixels > limits.maxPixels) {
    throw new AppError('IMAGE_TOO_LARGE', `The image has ${pixels} pixels (${meta.width}×${meta.height}); the limit is ${limits.maxPixels}.`);
  }
  // EXIF orientations 5–8 turn the image a quarter: report the upright size, as results use it.
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  return {
    bytes,
    width: quarterTurn ? meta.height : meta.width,
    height: quarterTurn ? meta.width : meta.height,
    format,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
