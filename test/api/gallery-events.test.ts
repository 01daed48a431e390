import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectWs, gql, subscribeWs, uploadList } from '../support/graphql-client.ts';
import { blankJpeg } from '../support/images.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// galleryEvents in embedded mode: enrollFaces progress image by image, then the person's update and erasure.
interface GalleryEventView {
  type: string;
  personId: string;
  person: { name: string } | null;
  face: { id: string } | null;
  facesErased: number | null;
  enrollment: { requestId: string | null; index: number; total: number; error: { code: string } | null } | null;
}
const EVENT_FIELDS = 'type personId person { name } face { id } facesErased enrollment { requestId index total error { code } }';

describe('galleryEvents subscription', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  const createPerson = async (name: string): Promise<string> =>
    (await gql<{ createPerson: { id: string } }>(app.url, 'mutation($name: String!) { createPerson(name: $name) { id } }', { name })).data?.createPerson
      .id as string;

  it('streams each enrollFaces image as it finishes (before the mutation returns), then the update and the erasure, and ends there', async () => {
    const id = await createPerson('Kit Harington');
    const arrivals: number[] = [];
    const stream = subscribeWs<{ galleryEvents: GalleryEventView }>(
      app.url,
      `subscription($p: ID!) { galleryEvents(personId: $p) { ${EVENT_FIELDS} } }`,
      { p: id },
      120_000,
      () => arrivals.push(Date.now()),
    );
    await new Promise((r) => setTimeout(r, 500));

    const blank = await blankJpeg();
    const { body } = await uploadList<{ enrollFaces: { index: number; face: { id: string } | null }[] }>(
      app.url,
      'mutation($p: ID!, $images: [File!]!) { enrollFaces(personId: $p, images: $images, requestId: "req-1") { index face { id } } }',
      [
        { bytes: readFileSync(fixture('id_kit_harington_1.jpg')), name: 'k1.jpg' },
        { bytes: blank, name: 'blank.jpg' },
        { bytes: readFileSync(fixture('multi_two_people.jpg')), name: 'two.jpg' },
      ],
      { p: id },
    );
    const respondedAt = Date.now();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const enrolledFace = body.data?.enrollFaces[0]?.face?.id;
    await gql(app.url, 'mutation($id: ID!) { updatePerson(id: $id, name: "Kit H.") { id } }', { id });
    await gql(app.url, 'mutation($id: ID!) { deletePerson(id: $id) { facesErased } }', { id });

    const events = (await stream).map((e) => e.galleryEvents);
    expect(events.every((e) => e.personId === id)).toBe(true);
    const enrollment = events.slice(0, 3).sort((a, b) => (a.enrollment?.index ?? 0) - (b.enrollment?.index ?? 0));
    expect(enrollment.map((e) => [e.type, e.enrollment?.index, e.enrollment?.total, e.enrollment?.requestId, e.enrollment?.error?.code ?? null])).toEqual([
      ['FACE_ENROLLED', 0, 3, 'req-1', null],
      ['ENROLLMENT_REFUSED', 1, 3, 'req-1', 'NO_FACE'],
      ['ENROLLMENT_REFUSED', 2, 3, 'req-1', 'MULTIPLE_FACES'],
    ]);
    expect(enrollment[0]?.face?.id).toBe(enrolledFace);
    // Progress, not a summary: the first image's event arrived while the request was still running.
    expect(arrivals[0]).toBeLessThan(respondedAt);
    expect(events.slice(3).map((e) => [e.type, e.person?.name ?? null, e.facesErased])).toEqual([
      ['PERSON_UPDATED', 'Kit H.', null],
      ['PERSON_DELETED', null, 1],
    ]);
  });

  it('the tenant-wide stream sees persons created; an unknown personId is NOT_FOUND', async () => {
    const first = collectWs<{ galleryEvents: GalleryEventView }>(app.url, `subscription { galleryEvents { ${EVENT_FIELDS} } }`, 1);
    await new Promise((r) => setTimeout(r, 500));
    const id = await createPerson('Ada Lovelace');
    expect((await first).map((e) => [e.galleryEvents.type, e.galleryEvents.personId, e.galleryEvents.person?.name])).toEqual([
      ['PERSON_CREATED', id, 'Ada Lovelace'],
    ]);
    const unknown = await subscribeWs(app.url, 'subscription { galleryEvents(personId: "00000000-0000-4000-8000-00000000abcd") { type } }', {}, 10_000).catch(
      (e: unknown) => e,
    );
    expect(String(unknown)).toContain('NOT_FOUND');
  });
});
