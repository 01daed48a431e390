import { encodeGlobalID } from '@pothos/plugin-relay';
import { galleryEvents } from '../analysis/gallery-events.ts';
import { findPerson } from '../analysis/persons.ts';
import type { GalleryEvent, GalleryEventType } from '../pipeline/events.ts';
import { builder } from './builder.ts';
import { ErrorInfoRef } from './common.ts';
import { personIdArg } from './persons.ts';
import { FaceRef, PersonRef } from './refs.ts';

const GalleryEventTypeEnum = builder.enumType('GalleryEventType', {
  values: {
    PERSON_CREATED: {},
    PERSON_UPDATED: {},
    PERSON_DELETED: { description: 'The person and its enrolled faces were erased (facesErased says how many).' },
    FACE_ENROLLED: { description: 'One image of enrollFace/enrollFaces was enrolled: `face`, and `enrollment` for its place in the request.' },
    ENROLLMENT_REFUSED: { description: 'One image was refused: `enrollment.error` says why (NO_FACE, MULTIPLE_FACES, LOW_QUALITY, ...).' },
  } satisfies Record<GalleryEventType, object>,
});

type Enrollment = NonNullable<GalleryEvent['enrollment']> & { completed?: number };

const EnrollmentProgressRef = builder.objectRef<Enrollment>('EnrollmentProgress').implement({
  description: "One image's outcome within an enrollFace/enrollFaces request, as soon as that image is done.",
  fields: (t) => ({
    requestId: t.exposeString('requestId', {
      nullable: true,
      description: 'The requestId the caller passed to enrollFaces, to tell concurrent requests apart.',
    }),
    index: t.exposeInt('index', { description: 'Position of the image in the request.' }),
    total: t.exposeInt('total', { description: 'Images in the request.' }),
    error: t.field({ type: ErrorInfoRef, nullable: true, resolve: (e) => e.error }),
  }),
});

const GalleryEventRef = builder.objectRef<GalleryEvent>('GalleryEvent').implement({
  description: "A change to the caller's gallery, published once it is stored.",
  fields: (t) => ({
    type: t.field({ type: GalleryEventTypeEnum, resolve: (e) => e.type }),
    personId: t.id({ resolve: (e) => encodeGlobalID('Person', e.personId) }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person now (null once erased).',
      resolve: (e, _, ctx) => ctx.loaders.persons.load(e.personId),
    }),
    face: t.field({
      type: FaceRef,
      nullable: true,
      description: 'FACE_ENROLLED: the enrolled face.',
      resolve: (e, _, ctx) => (e.faceId ? ctx.services.sessions.findFace(ctx.tenantId, e.faceId) : null),
    }),
    facesErased: t.exposeInt('facesErased', { nullable: true, description: 'PERSON_DELETED: enrolled faces erased with their embeddings.' }),
    enrollment: t.field({ type: EnrollmentProgressRef, nullable: true, resolve: (e) => e.enrollment }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.subscriptionField('galleryEvents', (t) =>
  t.field({
    type: GalleryEventRef,
    description:
      "Changes to the caller's gallery as they are stored: persons created, updated and erased, and each image of enrollFace/enrollFaces as it is enrolled or refused " +
      '(subscribe with personId before calling enrollFaces to show its progress). Live only, no replay. With personId, unknown persons give NOT_FOUND and the stream ends after PERSON_DELETED.',
    args: { personId: t.arg.id({ required: false }) },
    subscribe: async (_, { personId }, ctx) => {
      const person = personId ? await findPerson(ctx, personIdArg(personId)) : null;
      return galleryEvents(ctx.services, ctx.tenantId, person?.id ?? null);
    },
    // Each event executes with fresh loaders (http/shared-subscriptions.plugin.ts): `person` is never a stale cached row.
    resolve: (event) => event,
  }),
);
