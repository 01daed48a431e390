import { encodeGlobalID, resolveCursorConnection } from '@pothos/plugin-relay';
import { createPerson, deletePerson, findPerson, pagePersons, updatePerson } from '../analysis/persons.ts';
import { checkText } from '../analysis/text-input.ts';
import type { Person } from '../db/gallery.repository.ts';
import { AppError, notFound } from '../pipeline/errors.ts';
import { builder } from './builder.ts';
import { isUuid, parseId } from './ids.ts';
import { FaceRef, PersonRef } from './refs.ts';

builder.node(PersonRef, {
  description: 'Someone whose enrolled faces identifyFaces searches.',
  id: { resolve: (p) => p.id },
  // Unknown IDs and other tenants' persons are NOT_FOUND, through node(id) as through person(id).
  loadOne: async (id, ctx) => (parseId(id, 'Person') ? await ctx.loaders.persons.load(id) : null) ?? Promise.reject(notFound('Person')),
  fields: (t) => ({
    name: t.exposeString('name'),
    externalId: t.exposeString('externalId', { nullable: true, description: 'Your own ID for this person (unique in the tenant).' }),
    faces: t.field({ type: [FaceRef], description: 'Enrolled faces.', resolve: (p, _, ctx) => ctx.loaders.personFaces.load(p.id) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const encodeCursor = (p: Person): string => Buffer.from(JSON.stringify([p.name, p.id])).toString('base64url');
/** A cursor this server wrote: a name that is valid free text and a UUID; anything else is BAD_USER_INPUT, never a database error. */
function decodeCursor(cursor: string | undefined, maxNameLength: number): { name: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof name === 'string' && isUuid(id)) return { name: checkText(name, 'cursor', maxNameLength), id: id.toLowerCase() };
  } catch {
    // reported below
  }
  throw new AppError('BAD_USER_INPUT', 'Invalid pagination cursor.');
}

/** A person ID argument (Relay ID or UUID) as a UUID; anything else is NOT_FOUND. */
export function personIdArg(id: string | number): string {
  const uuid = parseId(id, 'Person');
  if (!uuid) throw notFound('Person');
  return uuid;
}

builder.queryFields((t) => ({
  person: t.field({
    type: PersonRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: 'One person by ID (Relay ID or UUID). Unknown IDs, and persons of other tenants, give NOT_FOUND.',
    resolve: (_, { id }, ctx) => findPerson(ctx, personIdArg(id)),
  }),
  persons: t.connection({
    type: PersonRef,
    description: 'Persons by name; `search` matches part of the name or the externalId (case-insensitive).',
    args: { search: t.arg.string({ required: false }) },
    resolve: (_, args, ctx) =>
      resolveCursorConnection<Promise<Person[]>>({ args, toCursor: encodeCursor, defaultSize: 20, maxSize: 100 }, async ({ after, limit, inverted }) => {
        if (inverted) throw new AppError('BAD_USER_INPUT', 'persons pages forward only: use first/after.');
        return pagePersons(ctx, { search: args.search ?? null, after: decodeCursor(after, ctx.services.config.MAX_STRING_LENGTH), limit });
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
    resolve: (_, { name, externalId }, ctx) => createPerson(ctx, { name, externalId: externalId ?? null }),
  }),
  updatePerson: t.field({
    type: PersonRef,
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: false }), externalId: t.arg.string({ required: false }) },
    resolve: (_, { id, name, externalId }, ctx) => updatePerson(ctx, personIdArg(id), { name, ...(externalId === undefined ? {} : { externalId }) }),
  }),
  deletePerson: t.field({
    type: DeletePersonResultRef,
    authScopes: { admin: true },
    description: 'Erases the person and every enrolled face with its embedding; an audit row keeps only the IDs. Afterwards nothing can match this person.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => deletePerson(ctx, personIdArg(id)),
  }),
}));
