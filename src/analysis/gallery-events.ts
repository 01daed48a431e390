import type { GalleryEvent } from '../pipeline/events.ts';
import type { AppServices, Scope } from './services.ts';

export type GalleryChange = Pick<GalleryEvent, 'type' | 'personId'> & Partial<Pick<GalleryEvent, 'faceId' | 'facesErased' | 'enrollment'>>;

/** Publishes a gallery change of the caller's tenant (after it is stored). Failing to notify never fails the change. */
export async function publishGallery(scope: Scope, event: GalleryChange): Promise<void> {
  await scope.services.events
    .publishGallery({ faceId: null, facesErased: null, enrollment: null, ...event, tenantId: scope.tenantId, at: new Date() })
    .catch((error: unknown) => scope.services.logger.warn({ err: error, type: event.type }, 'gallery event not published'));
}

/**
 * Live gallery events of the tenant, optionally of one person; that stream ends after the person is
 * erased. Listens from the moment it is called, not from the first read of the stream.
 */
export function galleryEvents(services: Pick<AppServices, 'events'>, tenantId: string, personId: string | null): AsyncGenerator<GalleryEvent> {
  const live = services.events.gallery(tenantId);
  return (async function* () {
    try {
      for await (const event of live) {
        if (personId && event.personId !== personId) continue;
        yield event;
        if (personId && event.type === 'PERSON_DELETED') return;
      }
    } finally {
      await live.return?.();
    }
  })();
}
