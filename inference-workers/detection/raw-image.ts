import type { RgbImage } from '../image/decode.ts';

// Row-wise copies of raw RGB (one memcpy per row): cheaper than a sharp round trip.

/** The w x h region at (x, y); it must lie inside the image. */
export function cropRgb(image: RgbImage, x: number, y: number, width: number, height: number): RgbImage {
  if (x < 0 || y < 0 || x + width > image.width || y + height > image.height || width <= 0 || height <= 0) {
    throw new Error(`crop ${width}x${height}+${x}+${y} outside ${image.width}x${image.height}`);
  }
  const data = Buffer.alloc(width * height * 3);
  const rowBytes = width * 3;
  for (let r = 0; r < height; r++) {
    const src = ((y + r) * image.width + x) * 3;
    image.data.copy(data, r * rowBytes, src, src + rowBytes);
  }
  return { data, width, height };
}

/** The image on a black canvas with the given border widths. */
export function padRgb(image: RgbImage, left: number, top: number, right: number, bottom: number): RgbImage {
  const width = image.width + left + right;
  const height = image.height + top + bottom;
  const data = Buffer.alloc(width * height * 3); // zero-filled = black
  const rowBytes = image.width * 3;
  for (let r = 0; r < image.height; r++) {
    image.data.copy(data, ((top + r) * width + left) * 3, r * rowBytes, (r + 1) * rowBytes);
  }
  return { data, width, height };
}
