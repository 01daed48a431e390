import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMutation, upload, waitForSession } from '../support/graphql-client.ts';
import { dataset } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface Labels {
  images: { path: string; face_count: number }[];
}

const dir = dataset('face-detection-multi');
const query = `query($id: ID!) { analysisSession(id: $id) { status faces { score } error { code } } }`;

describe.skipIf(!dir)('face-detection-multi through the API (default detector: SCRFD-500M with auto tiles)', () => {
  let app: TestApp;
  const labels = dir ? (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Labels) : { images: [] };
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it('runs every image; CompreFace images (suffix = face count) give exactly that count', async () => {
    const rows: string[] = [];
    for (const image of labels.images) {
      const name = basename(image.path);
      const { body } = await upload<{ analyzeImage: { id: string } }>(app.url, analyzeMutation, {
        image: { bytes: readFileSync(join(dir as string, image.path)), name },
      });
      expect(body.errors, name).toBeUndefined();
      const session = await waitForSession<{ status: string; faces: unknown[] }>(app.url, query, body.data?.analyzeImage.id as string, 120_000);
      expect(session.status, name).toBe('COMPLETED');
      rows.push(`${name.padEnd(50)} found ${String(session.faces.length).padStart(3)} / labelled ${image.face_count}`);
      if (name.startsWith('compreface_')) expect(session.faces.length, name).toBe(image.face_count);
    }
    console.log(`face-detection-multi, default detector (SCRFD-500M, auto tiles):\n${rows.join('\n')}`);
    expect(rows).toHaveLength(labels.images.length);
  }, 600_000);
});
