import sharp from 'sharp';

/** A PNG whose header reads (so the upload is accepted) but whose compressed pixel data is garbage: decoding fails in the worker. */
export async function undecodablePng(): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#468' } }).png().toBuffer();
  const idat = png.indexOf('IDAT');
  const corrupt = Buffer.from(png);
  corrupt.fill(0xa5, idat + 4, corrupt.length - 12);
  return corrupt;
}
