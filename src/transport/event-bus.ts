import { EventEmitter, on } from 'node:events';
import type { AnalysisEvent, GalleryEvent, LivenessSessionEvent, LivenessVerdictEvent, VideoEvent } from '../pipeline/events.ts';

/**
 * Carries analysis progress and liveness verdicts from whoever runs a job to every subscriber.
 * Subscriptions register their listener at once and buffer, so a subscriber that reads its history
 * from the database after subscribing misses nothing. Queue mode feeds the same local fan-out from
 * Redis pub/sub.
 */
export interface EventBus {
  publish(event: AnalysisEvent): Promise<void>;
  publishLiveness(event: LivenessVerdictEvent): Promise<void>;
  publishGallery(event: GalleryEvent): Promise<void>;
  publishLivenessSession(event: LivenessSessionEvent): Promise<void>;
  publishVideo(event: VideoEvent): Promise<void>;
  /** Events of one session. */
  session(sessionId: string): AsyncIterableIterator<AnalysisEvent>;
  /** Events of every session of one tenant (dashboards). */
  tenant(tenantId: string): AsyncIterableIterator<AnalysisEvent>;
  /** Liveness verdicts of every face of one tenant (monitoring screens). */
  liveness(tenantId: string): AsyncIterableIterator<LivenessVerdictEvent>;
  /** Person and enrollment changes of one tenant (gallery screens, enrollment progress). */
  gallery(tenantId: string): AsyncIterableIterator<GalleryEvent>;
  /** Feedback and the verdict of one liveness session (its camera UI). */
  livenessSession(livenessSessionId: string): AsyncIterableIterator<LivenessSessionEvent>;
  /** Progress and tracks of one video analysis. */
  video(videoAnalysisId: string): AsyncIterableIterator<VideoEvent>;
  close(): Promise<void>;
}

const sessionTopic = (id: string): string => `session:${id}`;
const tenantTopic = (id: string): string => `tenant:${id}`;
const livenessTopic = (id: string): string => `liveness:${id}`;
const galleryTopic = (id: string): string => `gallery:${id}`;
const livenessSessionTopic = (id: string): string => `liveness-session:${id}`;
const videoTopic = (id: string): string => `video:${id}`;

/** `on()` registers its listener at once and buffers until read; return() removes it. */
function subscribe<T>(emitter: EventEmitter, topic: string): AsyncIterableIterator<T> {
  const iterator = on(emitter, topic);
  return {
    async next(): Promise<IteratorResult<T>> {
      const result = await iterator.next();
      return result.done ? { done: true, value: undefined } : { done: false, value: (result.value as [T])[0] };
    },
    async return(): Promise<IteratorResult<T>> {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Local fan-out shared by the in-memory bus and the Redis bus (which calls `deliver*` for each message). */
export class LocalFanOut {
  private readonly emitter = new EventEmitter();

  /** `onDeliver` hears each event's lag (its creation to this delivery, in seconds): the event-bus lag metric. */
  constructor(private readonly onDeliver: (lagSeconds: number) => void = () => undefined) {
    this.emitter.setMaxListeners(0);
  }

  private lag(event: { at: Date }): void {
    this.onDeliver((Date.now() - event.at.getTime()) / 1000);
  }

  deliver(event: AnalysisEvent): void {
    this.lag(event);
    this.emitter.emit(sessionTopic(event.sessionId), event);
    this.emitter.emit(tenantTopic(event.tenantId), event);
  }

  deliverLiveness(event: LivenessVerdictEvent): void {
    this.lag(event);
    this.emitter.emit(livenessTopic(event.tenantId), event);
  }

  deliverGallery(event: GalleryEvent): void {
    this.lag(event);
    this.emitter.emit(galleryTopic(event.tenantId), event);
  }

  deliverLivenessSession(event: LivenessSessionEvent): void {
    this.lag(event);
    this.emitter.emit(livenessSessionTopic(event.livenessSessionId), event);
  }

  deliverVideo(event: VideoEvent): void {
    this.lag(event);
    this.emitter.emit(videoTopic(event.videoAnalysisId), event);
  }

  video(id: string): AsyncIterableIterator<VideoEvent> {
    return subscribe(this.emitter, videoTopic(id));
  }

  session(id: string): AsyncIterableIterator<AnalysisEvent> {
    return subscribe(this.emitter, sessionTopic(id));
  }

  livenessSession(id: string): AsyncIterableIterator<LivenessSessionEvent> {
    return subscribe(this.emitter, livenessSessionTopic(id));
  }

  tenant(id: string): AsyncIterableIterator<AnalysisEvent> {
    return subscribe(this.emitter, tenantTopic(id));
  }

  liveness(tenantId: string): AsyncIterableIterator<LivenessVerdictEvent> {
    return subscribe(this.emitter, livenessTopic(tenantId));
  }

  gallery(tenantId: string): AsyncIterableIterator<GalleryEvent> {
    return subscribe(this.emitter, galleryTopic(tenantId));
  }

  listenerCount(): number {
    return this.emitter.eventNames().reduce((n, name) => n + this.emitter.listenerCount(name), 0);
  }
}

export function createMemoryEventBus(onDeliver?: (lagSeconds: number) => void): EventBus {
  const fanOut = new LocalFanOut(onDeliver);
  return {
    publish: async (event) => fanOut.deliver(event),
    publishLiveness: async (event) => fanOut.deliverLiveness(event),
    publishGallery: async (event) => fanOut.deliverGallery(event),
    publishLivenessSession: async (event) => fanOut.deliverLivenessSession(event),
    publishVideo: async (event) => fanOut.deliverVideo(event),
    session: (id) => fanOut.session(id),
    tenant: (id) => fanOut.tenant(id),
    liveness: (tenantId) => fanOut.liveness(tenantId),
    gallery: (tenantId) => fanOut.gallery(tenantId),
    livenessSession: (id) => fanOut.livenessSession(id),
    video: (id) => fanOut.video(id),
    close: async () => undefined,
  };
}
