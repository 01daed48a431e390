import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeMutation, gql, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// 50 malformed images, built here from the sample photos: truncations, byte flips, zeroed runs, fake
// magic bytes, non-images and headers that claim a huge size. Each goes through analyzeImage
// (DETECTION) on the real embedded app and must be refused at upload (BAD_IMAGE, IMAGE_TOO_LARGE) or
// end COMPLETED, or FAILED with BAD_IMAGE: no crash, no retry, no half-written rows.

interface Variant {
  name: string;
  bytes: Uint8Array;
  /** Where the outcome is known in advance (a header that claims too many pixels). */
  expected?: 'IMAGE_TOO_LARGE';
}

/** A deterministic pseudo-random sequence (mulberry32), so every run builds the same images. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240601);
const randomBytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

const truncate = (bytes: Buffer, length: number): Buffer => Buffer.from(bytes.subarray(0, Math.max(0, Math.floor(length))));
const flip = (bytes: Buffer, ...offsets: number[]): Buffer => {
  const out = Buffer.from(bytes);
  for (const offset of offsets) out[offset] = (out[offset] ?? 0) ^ 0xff;
  return out;
};
const zero = (bytes: Buffer, start: number, length: number): Buffer => {
  const out = Buffer.from(bytes);
  out.fill(0, start, start + length);
  return out;
};
/** The offset of a JPEG marker (0xFF, code), after the SOI. */
const jpegMarker = (bytes: Buffer, code: number): number => {
  const at = bytes.indexOf(Buffer.from([0xff, code]), 2);
  if (at < 0) throw new Error(`no JPEG marker ${code.toString(16)}`);
  return at;
};
/** The offset of a PNG chunk's type (its length is the 4 bytes before it). */
const pngChunk = (bytes: Buffer, type: string): number => {
  const at = bytes.indexOf(type, 8, 'latin1');
  if (at < 0) throw new Error(`no PNG chunk ${type}`);
  return at;
};
/** A PNG whose IHDR claims width × height, with the chunk's CRC recomputed so that only the size is wrong. */
const pngClaiming = (png: Buffer, width: number, height: number): Buffer => {
  const out = Buffer.from(png);
  const ihdr = pngChunk(out, 'IHDR');
  out.writeUInt32BE(width, ihdr + 4);
  out.writeUInt32BE(height, ihdr + 8);
  out.writeUInt32BE(crc32(out.subarray(ihdr, ihdr + 4 + 13)), ihdr + 4 + 13);
  return out;
};
/** A JPEG whose SOF0 claims width × height (the scan data stays as it was). */
const jpegClaiming = (jpeg: Buffer, width: number, height: number): Buffer => {
  const out = Buffer.from(jpeg);
  const sof = jpegMarker(out, 0xc0);
  out.writeUInt16BE(height, sof + 5);
  out.writeUInt16BE(width, sof + 7);
  return out;
};
/** A lossy WebP (a `VP8 ` chunk) whose frame header claims width × height (14 bits each, at most 16383). */
const webpClaiming = (webp: Buffer, width: number, height: number): Buffer => {
  const out = Buffer.from(webp);
  const vp8 = out.indexOf('VP8 ', 12, 'latin1');
  if (vp8 < 0) throw new Error('not a lossy WebP');
  // chunk header (8) + frame tag (3) + start code (3), then width and height as 16-bit little-endian.
  out.writeUInt16LE(width & 0x3fff, vp8 + 14);
  out.writeUInt16LE(height & 0x3fff, vp8 + 16);
  return out;
};

async function buildVariants(): Promise<Variant[]> {
  const jpeg = readFileSync(fixture('deepfake_real_00240.jpg'));
  const png = readFileSync(fixture('emotion_anger.png'));
  const webp = await sharp(readFileSync(fixture('deepfake_real_00772.jpg')))
    .webp({ quality: 80 })
    .toBuffer();
  const tiff = await sharp(jpeg).tiff().toBuffer();
  const sos = jpegMarker(jpeg, 0xda);
  const idat = pngChunk(png, 'IDAT');
  const text = (s: string): Buffer => Buffer.from(s.repeat(Math.ceil(2000 / s.length)));

  const variants: Variant[] = [
    // Truncations at several lengths.
    { name: 'JPEG cut to its SOI', bytes: truncate(jpeg, 2) },
    { name: 'JPEG cut to 20 bytes', bytes: truncate(jpeg, 20) },
    { name: 'JPEG cut to 200 bytes (in its tables)', bytes: truncate(jpeg, 200) },
    { name: 'JPEG cut just after SOS', bytes: truncate(jpeg, sos + 14) },
    { name: 'JPEG cut to 25 %', bytes: truncate(jpeg, jpeg.length * 0.25) },
    { name: 'JPEG cut to 50 %', bytes: truncate(jpeg, jpeg.length * 0.5) },
    { name: 'JPEG cut to 75 %', bytes: truncate(jpeg, jpeg.length * 0.75) },
    { name: 'JPEG without its EOI', bytes: truncate(jpeg, jpeg.length - 2) },
    { name: 'PNG cut to its signature', bytes: truncate(png, 8) },
    { name: 'PNG cut inside IHDR', bytes: truncate(png, 16) },
    { name: 'PNG cut after IHDR', bytes: truncate(png, 33) },
    { name: 'PNG cut to 50 %', bytes: truncate(png, png.length * 0.5) },
    { name: 'PNG without IEND', bytes: truncate(png, png.length - 12) },
    { name: 'WebP cut to its RIFF header', bytes: truncate(webp, 12) },
    { name: 'WebP cut to 30 bytes', bytes: truncate(webp, 30) },
    { name: 'WebP cut to 50 %', bytes: truncate(webp, webp.length * 0.5) },
    // Byte flips.
    { name: 'JPEG with its SOF height flipped', bytes: flip(jpeg, jpegMarker(jpeg, 0xc0) + 5) },
    { name: 'JPEG with a Huffman table byte flipped', bytes: flip(jpeg, jpegMarker(jpeg, 0xc4) + 10) },
    { name: 'JPEG with a quantisation table byte flipped', bytes: flip(jpeg, jpegMarker(jpeg, 0xdb) + 8) },
    { name: 'JPEG with one scan byte flipped', bytes: flip(jpeg, sos + 200) },
    {
      name: 'JPEG with 16 scan bytes flipped',
      bytes: flip(jpeg, ...Array.from({ length: 16 }, () => sos + 20 + Math.floor(random() * (jpeg.length - sos - 30)))),
    },
    { name: 'PNG with an IHDR byte flipped (CRC mismatch)', bytes: flip(png, pngChunk(png, 'IHDR') + 12) },
    { name: 'PNG with an IDAT byte flipped', bytes: flip(png, idat + 100) },
    { name: 'PNG with its IDAT CRC flipped', bytes: flip(png, idat + 4 + png.readUInt32BE(idat - 4)) },
    { name: 'WebP with its VP8 frame tag flipped', bytes: flip(webp, webp.indexOf('VP8', 12, 'latin1') + 8) },
    // Zeroed runs.
    { name: 'JPEG with 1 KB of its scan zeroed', bytes: zero(jpeg, sos + 100, 1024) },
    { name: 'JPEG with its SOF segment zeroed', bytes: zero(jpeg, jpegMarker(jpeg, 0xc0), 19) },
    { name: 'PNG with 4 KB of IDAT zeroed', bytes: zero(png, idat + 50, 4096) },
    { name: 'WebP with 1 KB zeroed in the middle', bytes: zero(webp, Math.floor(webp.length / 2), 1024) },
    // Fake magic bytes.
    { name: 'a JPEG header on PNG data', bytes: Buffer.concat([jpeg.subarray(0, 20), png.subarray(8)]) },
    { name: 'a PNG signature on random bytes', bytes: Buffer.concat([png.subarray(0, 8), randomBytes(4096)]) },
    { name: 'a PNG signature on JPEG data', bytes: Buffer.concat([png.subarray(0, 8), jpeg.subarray(2)]) },
    { name: 'a WebP RIFF claiming 4 GB', bytes: Buffer.concat([Buffer.from('RIFF'), Buffer.from([0xff, 0xff, 0xff, 0xff]), webp.subarray(8)]) },
    { name: 'a WebP RIFF claiming 0 bytes', bytes: Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), webp.subarray(8)]) },
    {
      name: 'a WebP whose VP8 chunk is longer than the file',
      bytes: (() => {
        const b = Buffer.from(webp);
        b.writeUInt32LE(0x7fffffff, b.indexOf('VP8', 12, 'latin1') + 4);
        return b;
      })(),
    },
    { name: 'a GIF header on random bytes', bytes: Buffer.concat([Buffer.from('GIF89a'), randomBytes(2048)]) },
    { name: 'a BMP header on random bytes', bytes: Buffer.concat([Buffer.from('BM'), randomBytes(2048)]) },
    // Not images at all, or not a format this API takes.
    { name: 'an empty file', bytes: Buffer.alloc(0) },
    { name: 'a 1-byte file', bytes: Buffer.from([0xff]) },
    { name: 'a text file renamed .jpg', bytes: text('this is not an image, just text\n') },
    { name: 'an HTML page renamed .png', bytes: text('<!doctype html><html><body><img src=x onerror=alert(1)></body></html>\n') },
    { name: 'an SVG renamed .jpg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>') },
    { name: 'a real TIFF', bytes: tiff },
    { name: '1 KB of random bytes', bytes: randomBytes(1024) },
    { name: '100 KB of random bytes', bytes: randomBytes(100 * 1024) },
    // Headers that claim a huge size: IMAGE_TOO_LARGE from the header, before any decoder's own limit.
    { name: 'a PNG claiming 20000×20000', bytes: pngClaiming(png, 20_000, 20_000), expected: 'IMAGE_TOO_LARGE' },
    { name: 'a PNG claiming 7000×7000', bytes: pngClaiming(png, 7000, 7000), expected: 'IMAGE_TOO_LARGE' },
    { name: 'a JPEG claiming 30000×30000', bytes: jpegClaiming(jpeg, 30_000, 30_000), expected: 'IMAGE_TOO_LARGE' },
    { name: 'a WebP claiming 16383×16383', bytes: webpClaiming(webp, 16_383, 16_383), expected: 'IMAGE_TOO_LARGE' },
    { name: 'a PNG claiming 0×0', bytes: pngClaiming(png, 0, 0) },
  ];
  return variants;
}

type Outcome = 'refused BAD_IMAGE' | 'refused IMAGE_TOO_LARGE' | 'COMPLETED' | 'FAILED BAD_IMAGE';

interface SessionView {
  id: string;
  status: string;
  error: { code: string; message: string } | null;
  faces: { id: string }[];
  stageRuns: { stage: string; status: string }[];
}
const sessionQuery = 'query($id: ID!) { analysisSession(id: $id) { id status error { code message } faces { id } stageRuns { stage status } } }';

describe('50 malformed images through analyzeImage (DETECTION)', () => {
  let app: TestApp;
  let variants: Variant[];

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_CREDENTIAL_PER_MINUTE: 1_000_000, RATE_LIMIT_TENANT_PER_MINUTE: 1_000_000 });
    variants = await buildVariants();
  });
  afterAll(async () => app?.stop());

  it('each is refused at upload or ends COMPLETED / FAILED BAD_IMAGE; no crash, no retry, no half-written rows', async () => {
    expect(variants).toHaveLength(50);
    const { sessions } = app.app.services;
    const markRunning = vi.spyOn(sessions, 'markRunning'); // counts the runs; the real method runs
    const outcomes = new Map<string, Outcome>();
    const accepted: { variant: Variant; id: string }[] = [];

    for (const variant of variants) {
      const { body } = await upload<{ analyzeImage: { id: string } }>(
        app.url,
        analyzeMutation,
        { image: { bytes: variant.bytes, name: 'upload.jpg' } },
        { stages: ['DETECTION'] },
      );
      const code = body.errors?.[0]?.extensions?.code;
      if (body.errors) {
        expect(['BAD_IMAGE', 'IMAGE_TOO_LARGE'], `${variant.name}: ${JSON.stringify(body)}`).toContain(code);
        outcomes.set(variant.name, `refused ${code as 'BAD_IMAGE' | 'IMAGE_TOO_LARGE'}`);
      } else {
        accepted.push({ variant, id: body.data?.analyzeImage.id as string });
      }
      if (variant.expected) expect(code, `${variant.name}: ${JSON.stringify(body)}`).toBe(variant.expected);
    }

    for (const { variant, id } of accepted) {
      const session = await waitForSession<SessionView>(app.url, sessionQuery, id);
      const uuid = Buffer.from(id, 'base64').toString().split(':')[1] as string;
      // What the database holds, read through the repository, not the API.
      const [faceRows, runRows] = await Promise.all([sessions.faces([uuid]), sessions.stageRuns([uuid])]);
      const label = `${variant.name}: ${JSON.stringify(session)}`;
      if (session.status === 'FAILED') {
        expect(session.error?.code, label).toBe('BAD_IMAGE');
        expect(faceRows, `${label}: a FAILED session has no Face rows`).toEqual([]);
        expect(
          runRows.filter((r) => r.status === 'COMPLETED'),
          `${label}: no stage of a FAILED session completed`,
        ).toEqual([]);
        outcomes.set(variant.name, 'FAILED BAD_IMAGE');
      } else {
        expect(session.status, label).toBe('COMPLETED');
        expect(
          runRows.map((r) => [r.stage, r.status]),
          label,
        ).toEqual([['DETECTION', 'COMPLETED']]);
        expect(faceRows.map((f) => f.id).sort(), label).toEqual(session.faces.map((f) => Buffer.from(f.id, 'base64').toString().split(':')[1]).sort());
        outcomes.set(variant.name, 'COMPLETED');
      }
      expect(
        markRunning.mock.calls.filter(([sessionId]) => sessionId === uuid),
        `${variant.name}: run once, never retried`,
      ).toHaveLength(1);
    }
    markRunning.mockRestore();

    // Refused uploads stored nothing: the only sessions are the accepted ones, none left QUEUED or RUNNING.
    const listed = await gql<{ analysisSessions: { edges: { node: { status: string } }[] } }>(
      app.url,
      '{ analysisSessions(first: 100) { edges { node { status } } } }',
    );
    expect(listed.data?.analysisSessions.edges).toHaveLength(accepted.length);
    expect(listed.data?.analysisSessions.edges.filter((e) => e.node.status === 'QUEUED' || e.node.status === 'RUNNING')).toEqual([]);
    expect(await gql(app.url, '{ __typename }'), 'the server still answers').toEqual({ data: { __typename: 'Query' } });

    const counts = new Map<Outcome, number>();
    for (const outcome of outcomes.values()) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    console.log(`malformed images: ${[...counts].map(([outcome, n]) => `${outcome}: ${n}`).join(', ')} (of ${variants.length}; 0 crashes, 0 retries)`);
    for (const [name, outcome] of outcomes) console.log(`  ${outcome.padEnd(24)} ${name}`);
    expect(outcomes.size).toBe(variants.length);
  });
});
