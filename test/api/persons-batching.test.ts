import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, upload } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// A page of persons with their faces costs a fixed number of SQL statements, not one per person.
describe('persons with faces: batched loading', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    const photo = readFileSync(fixture('id_obama_1.jpg'));
    for (let i = 0; i < 50; i++) {
      const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation($n: String!) { createPerson(name: $n) { id } }', {
        n: `person ${String(i).padStart(2, '0')}`,
      });
      const { body } = await upload(
        app.url,
        'mutation($p: ID!, $image: File!) { enrollFace(personId: $p, image: $image) { id } }',
        { image: { bytes: photo, name: 'o.jpg' } },
        { p: created.data?.createPerson.id },
      );
      expect(body.errors).toBeUndefined();
    }
  });
  afterAll(async () => app?.stop());

  it('lists 50 persons with their faces and each face with its person in a constant number of queries', async () => {
    const before = app.app.queryCount();
    const { data, errors } = await gql<{ persons: { edges: { node: { name: string; faces: { id: string; person: { name: string } }[] } }[] } }>(
      app.url,
      '{ persons(first: 50) { edges { node { name faces { id person { name } } } } } }',
    );
    const queries = app.app.queryCount() - before;
    expect(errors).toBeUndefined();
    expect(data?.persons.edges).toHaveLength(50);
    expect(data?.persons.edges.every((e) => e.node.faces.length === 1 && e.node.faces[0]?.person.name === e.node.name)).toBe(true);
    console.log(`[batching] 50 persons with faces and their persons: ${queries} SQL statements`);
    expect(queries).toBeLessThanOrEqual(4);
  });
});
