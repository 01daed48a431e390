import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImagesMutation, batchOf20, batchProgressSubscription, type BatchEvent } from '../support/batches.ts';
import { subscribeWs, uploadList, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('analyzeImages + batchProgress (embedded mode)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it('a batch of 20 with one undecodable image: 19 COMPLETED, 1 FAILED with BAD_IMAGE; batchProgress reports all 20, then a summary', async () => {
    const { body } = await uploadList<{ analyzeImages: { id: string; size: number; sessions: { id: string; status: string }[] } }>(
      app.url,
      analyzeImagesMutation,
      await batchOf20(7),
      { stages: ['DETECTION'] },
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const batch = body.data?.analyzeImages;
    expect(batch?.size).toBe(20);
    expect(batch?.sessions).toHaveLength(20);
    const events = await subscribeWs<BatchEvent>(app.url, batchProgressSubscription, { id: batch?.id });
    const items = events.filter((e) => e.batchProgress.type !== 'SUMMARY').map((e) => e.batchProgress);
    expect(items.map((e) => e.index).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(items.filter((e) => e.type === 'ITEM_FAILED').map((e) => [e.index, e.error?.code])).toEqual([[7, 'BAD_IMAGE']]);
    expect(events.at(-1)?.batchProgress).toMatchObject({ type: 'SUMMARY', summary: { total: 20, completed: 19, failed: 1 } });
    // The order of the sessions is the upload order.
    expect(items.find((e) => e.index === 7)?.session?.id).toBe(batch?.sessions[7]?.id);
  });

  it('an unreadable file fails its own item at once; a late subscriber still gets every item and the summary', async () => {
    const files = [
      { bytes: Buffer.from('not an image'), name: 'notes.txt', type: 'text/plain' },
      { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'obama.jpg' },
    ];
    const { body } = await uploadList<{ analyzeImages: { id: string; sessions: { id: string; status: string }[] } }>(app.url, analyzeImagesMutation, files);
    expect(body.errors).toBeUndefined();
    const batch = body.data?.analyzeImages;
    expect(batch?.sessions[0]?.status).toBe('FAILED');
    await waitForSession(app.url, 'query($id: ID!) { analysisSession(id: $id) { status } }', batch?.sessions[1]?.id as string);
    const events = await subscribeWs<BatchEvent>(app.url, batchProgressSubscription, { id: batch?.id });
    expect(events.map((e) => [e.batchProgress.type, e.batchProgress.index, e.batchProgress.error?.code ?? null])).toEqual([
      ['ITEM_FAILED', 0, 'BAD_IMAGE'],
      ['ITEM_COMPLETED', 1, null],
      ['SUMMARY', null, null],
    ]);
  });

  it('refuses more files than MAX_BATCH_FILES with a typed error', async () => {
    const files = Array.from({ length: 21 }, () => ({ bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'x.jpg' }));
    const { body } = await uploadList(app.url, analyzeImagesMutation, files);
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body.errors)).toBe('BAD_USER_INPUT');
  });
});
