import type { BlobStore } from '../transport/blob-store.ts';
import type { DecisionQueue } from '../transport/decision-queue.ts';
import type { EventBus } from '../transport/event-bus.ts';
import type { ImageStore } from '../transport/image-store.ts';
import type { JobQueue } from '../transport/job-queue.ts';
import type { VideoQueue } from '../transport/video-queue.ts';

/** How a mode moves jobs, images and events. */
export interface Transport {
  queue: JobQueue;
  decisions: DecisionQueue;
  videos: VideoQueue;
  images: ImageStore;
  /** Uploaded videos on their way to the worker that decodes them. */
  blobs: BlobStore;
  events: EventBus;
  /** Queue mode: throws while Redis does not answer (readiness). */
  ping?: () => Promise<void>;
  /** Queue mode: BullMQ's job counts by state, and the workers connected to the queue. */
  queueCounts?(): Promise<Record<string, number>>;
  workers?(): Promise<{ name: string; addr: string; age: number }[]>;
  close(): Promise<void>;
}
