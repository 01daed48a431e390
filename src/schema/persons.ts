import { encodeGlobalID, resolveCursorConnection } from '@pothos/plugin-relay';
import type { Person } from '../db/gallery.repository.ts';
import type { Face } from '../db/sessions.repository.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { expectedError, notFound, userError } from './errors.ts';
import { publishGallery } from './gallery-publish.ts';
import { parseId } from './ids.ts';
import { FaceRef } from './sessions.ts';

export const PersonRef = builder.node(builder.objectRef<Person>('Person'), {
  description: 'Someone whose enrolled faces identifyFaces searches.',
  id: { resolve: (p) => p.id },
  // Unknown IDs and other tenants' persons are NOT_FOUND, through node(id) as through person(id).
  loadOne: async (id, ctx) => (parseId(id, 'Person') ? await ctx.loaders.persons.load(id) : null) ?? Promise.reject(notFound('Person')),
  fields: (t) => ({
    name: t.exposeString('name'),
    externalId: t.exposeString('externalId', { nullable: true, description: "Your own ID for this person (unique in the tenant)." }),
    faces: t.field({ type: [FaceRef], description: 'Enrolled faces.', resolve: (p, _, ctx) => ctx.loaders.personFaces.load(p.id) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const IdentityDecisionEnum = builder.enumType('IdentityDecision', {
  values: {
    MATCH: { description: "A gallery person at or above the tenant's identification threshold (recognitionSettings)." },
    UNKNOWN: { description: 'Nobody in the gallery is similar enough (or the matched person was erased).' },
    NOT_SEARCHED: { description: 'The face has no embedding (below the quality gate).' },
  } as const,
});

const FaceIdentityRef = builder.objectRef<Face>('FaceIdentity').implement({
  description: "IDENTIFICATION: this face against the tenant's gallery when the session ran.",
  fields: (t) => ({
    decision: t.field({ type: IdentityDecisionEnum, resolve: (f) => (f.identityDecision ?? 'NOT_SEARCHED') as 'MATCH' | 'UNKNOWN' | 'NOT_SEARCHED' }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (f, _, ctx) => (f.identityPersonId ? ctx.loaders.persons.load(f.identityPersonId) : null) }),
    similarity: t.exposeFloat('identitySimilarity', { nullable: true, description: "The best candidate's similarity." }),
  }),
});

builder.objectField(FaceRef, 'identification', (t) =>
  t.field({ type: FaceIdentityRef, nullable: true, description: 'IDENTIFICATION', resolve: (f) => (f.identityDecision ? f : null) }),
);

builder.objectField(FaceRef, 'person', (t) =>
  t.field({
    type: PersonRef,
    nullable: true,
    description: 'The person this face is enrolled to, if any.',
    resolve: (f, _, ctx) => (f.personId ? ctx.loaders.persons.load(f.personId) : null),
  }),
);

const encodeCursor = (p: Person): string => Buffer.from(JSON.stringify([p.name, p.id])).toString('base64url');
function decodeCursor(cursor: string | undefined): { name: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // reported below
  }
  throw userError('BAD_USER_INPUT', 'Invalid pagination cursor.');
}

/** The caller's person with this ID (Relay ID or UUID), or NOT_FOUND. */
export async function personArg(ctx: Context, id: string | number): Promise<Person> {
  const person = await ctx.services.gallery.findPerson(ctx.tenantId, personId(id));
  if (!person) throw notFound('Person');
  return person;
}

const personId = (id: string | number): string => {
  const uuid = parseId(id, 'Person');
  if (!uuid) throw notFound('Person');
  return uuid;
};

/** A second person with the same externalId in a tenant is the caller's mistake, not a server error. */
async function uniqueExternalId<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (expectedError(error) === null && /Unique constraint|P2002|duplicate key/i.test(String((error as Error).message))) {
      throw userError('BAD_USER_INPUT', 'Another person in this tenant has that externalId.');
    }
    throw error;
  }
}

builder.queryFields((t) => ({
  person: t.field({
    type: PersonRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: 'One person by ID (Relay ID or UUID). Unknown IDs, and persons of other tenants, give NOT_FOUND.',
    resolve: (_, { id }, ctx) => personArg(ctx, id),
  }),
  persons: t.connection({
    type: PersonRef,
    description: 'Persons by name; `search` matches part of the name or the externalId (case-insensitive).',
    args: { search: t.arg.string({ required: false }) },
    resolve: (_, args, ctx) =>
      resolveCursorConnection<Promise<Person[]>>({ args, toCursor: encodeCursor, defaultSize: 20, maxSize: 100 }, async ({ after, limit, inverted }) => {
        if (inverted) throw userError('BAD_USER_INPUT', 'persons pages forward only: use first/after.');
        return ctx.services.gallery.pagePersons({ tenantId: ctx.tenantId, search: args.search ?? null, after: decodeCursor(after), limit });
      }),
  }),
}));

const DeletePersonResultRef = builder.objectRef<{ personId: string; facesErased: number }>('DeletePersonResult').implement({
  fields: (t) => ({
    personId: t.id({ resolve: (r) => encodeGlobalID('Person', r.personId) }),
    facesErased: t.exposeInt('facesErased', { description: 'Enrolled faces erased with their embeddings.' }),
  }),
});

builder.mutationFields((t) => ({
  createPerson: t.field({
    type: PersonRef,
    args: { name: t.arg.string({ required: true }), externalId: t.arg.string({ required: false }) },
    resolve: async (_, { name, externalId }, ctx) => {
      if (!name.trim()) throw userError('BAD_USER_INPUT', 'name must not be empty.');
      const person = await uniqueExternalId(() => ctx.services.gallery.createPerson(ctx.tenantId, { name: name.trim(), externalId: externalId ?? null }));
      await publishGallery(ctx, { type: 'PERSON_CREATED', personId: person.id });
      return person;
    },
  }),
  updatePerson: t.field({
    type: PersonRef,
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: false }), externalId: t.arg.string({ required: false }) },
    resolve: async (_, { id, name, externalId }, ctx) => {
      const person = await uniqueExternalId(() =>
        ctx.services.gallery.updatePerson(ctx.tenantId, personId(id), { name: name?.trim() || null, ...(externalId === undefined ? {} : { externalId }) }),
      );
      if (!person) throw notFound('Person');
      await publishGallery(ctx, { type: 'PERSON_UPDATED', personId: person.id });
      return person;
    },
  }),
  deletePerson: t.field({
    type: DeletePersonResultRef,
    description: 'Erases the person and every enrolled face with its embedding; an audit row keeps only the IDs. Afterwards nothing can match this person.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      const uuid = personId(id);
      const facesErased = await ctx.services.gallery.deletePerson(ctx.tenantId, uuid);
      if (facesErased === null) throw notFound('Person');
      ctx.services.logger.info({ tenantId: ctx.tenantId, personId: uuid, facesErased }, 'person erased');
      await publishGallery(ctx, { type: 'PERSON_DELETED', personId: uuid, facesErased });
      return { personId: uuid, facesErased };
    },
  }),
}));
