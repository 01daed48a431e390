import sharp from 'sharp';

/** A plain grey JPEG: decodes fine, has no face (NO_FACE). */
export function blankJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#7a7a7a' } })
    .jpeg()
    .toBuffer();
}

/** A PNG whose header reads (so the upload is accepted) but whose compressed pixel data is garbage: decoding fails in the worker. */
export async function undecodablePng(): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#468' } })
    .png()
    .toBuffer();
  const idat = png.indexOf('IDAT');
  const corrupt = Buffer.from(png);
  corrupt.fill(0xa5, idat + 4, corrupt.length - 12);
  return corrupt;
}
