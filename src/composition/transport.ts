import type { EventBus } from '../transport/event-bus.ts';
import type { ImageStore } from '../transport/image-store.ts';
import type { JobQueue } from '../transport/job-queue.ts';

/** How a mode moves jobs, images and events. */
export interface Transport {
  queue: JobQueue;
  images: ImageStore;
  events: EventBus;
  close(): Promise<void>;
}
