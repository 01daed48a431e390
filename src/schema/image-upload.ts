import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { Config } from '../config/config.ts';
import type { UploadFile } from './builder.ts';
import { userError } from './errors.ts';

export interface UploadedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  format: 'jpeg' | 'png' | 'webp';
  sha256: string;
}

const acceptedFormats = new Set(['jpeg', 'png', 'webp']);

/**
 * Reads an upload and sniffs its real type and size from the header (never trusting the file name
 * or content type), so bad or oversized images are refused before anything is stored or decoded.
 */
export async function readImageUpload(file: UploadFile, config: Pick<Config, 'MAX_UPLOAD_BYTES' | 'MAX_IMAGE_PIXELS'>): Promise<UploadedImage> {
  const limits = { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS };
  if (file.size > limits.maxBytes) {
    throw userError('IMAGE_TOO_LARGE', `The image is ${file.size} bytes; the limit is ${limits.maxBytes} bytes.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength === 0) throw userError('BAD_IMAGE', 'The uploaded file is empty.');
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw userError('BAD_IMAGE', 'The uploaded file is not an image that can be read (JPEG, PNG or WebP expected).');
  }
  if (!meta.format || !acceptedFormats.has(meta.format)) {
    throw userError('BAD_IMAGE', `Unsupported image format ${meta.format ?? 'unknown'}; JPEG, PNG and WebP are accepted.`);
  }
  if (!meta.width || !meta.height) throw userError('BAD_IMAGE', 'The image header has no dimensions.');
  const pixels = meta.width * meta.height;
  if (pixels > limits.maxPixels) {
    throw userError('IMAGE_TOO_LARGE', `The image has ${pixels} pixels (${meta.width}×${meta.height}); the limit is ${limits.maxPixels}.`);
  }
  // EXIF orientations 5–8 turn the image a quarter: report the upright size, as results use it.
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  return {
    bytes,
    width: quarterTurn ? meta.height : meta.width,
    height: quarterTurn ? meta.width : meta.height,
    format: meta.format as UploadedImage['format'],
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
