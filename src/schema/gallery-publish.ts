import type { GalleryEvent } from '../pipeline/events.ts';
import type { Context } from './context.ts';

/** Publishes a gallery change of the caller's tenant (after it is stored). Failing to notify never fails the change. */
export async function publishGallery(ctx: Context, event: Pick<GalleryEvent, 'type' | 'personId'> & Partial<Pick<GalleryEvent, 'faceId' | 'facesErased' | 'enrollment'>>): Promise<void> {
  await ctx.services.events
    .publishGallery({ faceId: null, facesErased: null, enrollment: null, ...event, tenantId: ctx.tenantId, at: new Date() })
    .catch((error: unknown) => ctx.services.logger.warn({ err: error, type: event.type }, 'gallery event not published'));
}
