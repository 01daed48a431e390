import type { Person, PersonPage } from '../db/gallery.repository.ts';
import { AppError, notFound } from '../pipeline/errors.ts';
import { publishGallery } from './gallery-events.ts';
import type { Scope } from './services.ts';
import { checkOptionalText, checkText } from './text-input.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

/** The caller's person with this ID, or NOT_FOUND (other tenants' persons included). */
export async function findPerson(scope: Scope, id: string): Promise<Person> {
  const person = await scope.services.gallery.findPerson(scope.tenantId, id);
  if (!person) throw notFound('Person');
  return person;
}

/** A second person with the same externalId in a tenant is the caller's mistake, not a server error. */
async function uniqueExternalId<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof AppError) && isUniqueViolation(error)) {
      throw new AppError('BAD_USER_INPUT', 'Another person in this tenant has that externalId.');
    }
    throw error;
  }
}

/** A page of the caller's persons by name; `search` is free text like a name (MAX_STRING_LENGTH, no NUL). */
export function pagePersons(scope: Scope, page: Omit<PersonPage, 'tenantId'>): Promise<Person[]> {
  const search = checkOptionalText(page.search, 'search', scope.services.config.MAX_STRING_LENGTH);
  return scope.services.gallery.pagePersons({ ...page, tenantId: scope.tenantId, search });
}

export async function createPerson(scope: Scope, input: { name: string; externalId: string | null }): Promise<Person> {
  const max = scope.services.config.MAX_STRING_LENGTH;
  const name = checkText(input.name, 'name', max).trim();
  if (!name) throw new AppError('BAD_USER_INPUT', 'name must not be empty.');
  const externalId = checkOptionalText(input.externalId, 'externalId', max);
  const person = await uniqueExternalId(() => scope.services.gallery.createPerson(scope.tenantId, { name, externalId }));
  await publishGallery(scope, { type: 'PERSON_CREATED', personId: person.id });
  return person;
}

/** A blank or missing name leaves the name; an omitted externalId leaves it, null clears it. */
export async function updatePerson(scope: Scope, id: string, input: { name?: string | null; externalId?: string | null }): Promise<Person> {
  const max = scope.services.config.MAX_STRING_LENGTH;
  const name = checkOptionalText(input.name, 'name', max);
  const externalId = checkOptionalText(input.externalId, 'externalId', max);
  const person = await uniqueExternalId(() =>
    scope.services.gallery.updatePerson(scope.tenantId, id, {
      name: name?.trim() || null,
      ...(externalId === undefined ? {} : { externalId }),
    }),
  );
  if (!person) throw notFound('Person');
  await publishGallery(scope, { type: 'PERSON_UPDATED', personId: person.id });
  return person;
}

/** Erases the person and its enrolled faces with their embeddings; an audit row keeps only the IDs. */
export async function deletePerson(scope: Scope, id: string): Promise<{ personId: string; facesErased: number }> {
  const facesErased = await scope.services.gallery.deletePerson(scope.tenantId, id);
  if (facesErased === null) throw notFound('Person');
  scope.services.logger.info({ tenantId: scope.tenantId, personId: id, facesErased }, 'person erased');
  await publishGallery(scope, { type: 'PERSON_DELETED', personId: id, facesErased });
  return { personId: id, facesErased };
}
