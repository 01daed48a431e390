import type { Redis } from 'ioredis';
import type { AnalysisEvent, GalleryEvent, LivenessSessionEvent, LivenessVerdictEvent, VideoEvent } from '../pipeline/events.ts';
import { LocalFanOut, type EventBus } from './event-bus.ts';

type Envelope =
  | { kind: 'analysis'; event: AnalysisEvent }
  | { kind: 'liveness'; event: LivenessVerdictEvent }
  | { kind: 'gallery'; event: GalleryEvent }
  | { kind: 'liveness-session'; event: LivenessSessionEvent }
  | { kind: 'video'; event: VideoEvent };

/**
 * Queue mode's event bus: workers PUBLISH each event on one Redis channel; every API replica
 * subscribes to it once and hands events to its local fan-out, so a client sees every event whichever
 * replica it is connected to. Redis pub/sub delivers to whoever listens at that moment; the
 * subscription's replay from the database covers anything before.
 */
export async function createRedisEventBus(options: {
  publisher: Redis;
  subscriber?: Redis;
  prefix: string;
  onDeliver?: (lagSeconds: number) => void;
}): Promise<EventBus> {
  const channel = `${options.prefix}:events`;
  const fanOut = new LocalFanOut(options.onDeliver);
  const { subscriber } = options;
  if (subscriber) {
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      const envelope = JSON.parse(message) as Envelope;
      const event = { ...envelope.event, at: new Date(envelope.event.at) };
      if (envelope.kind === 'analysis') fanOut.deliver(event as AnalysisEvent);
      else if (envelope.kind === 'liveness') fanOut.deliverLiveness(event as LivenessVerdictEvent);
      else if (envelope.kind === 'liveness-session') fanOut.deliverLivenessSession(event as LivenessSessionEvent);
      else if (envelope.kind === 'video') fanOut.deliverVideo(event as VideoEvent);
      else fanOut.deliverGallery(event as GalleryEvent);
    });
    await subscriber.subscribe(channel);
  }
  const send = async (envelope: Envelope): Promise<void> => {
    await options.publisher.publish(channel, JSON.stringify(envelope));
  };
  return {
    publish: (event) => send({ kind: 'analysis', event }),
    publishLiveness: (event) => send({ kind: 'liveness', event }),
    publishGallery: (event) => send({ kind: 'gallery', event }),
    publishLivenessSession: (event) => send({ kind: 'liveness-session', event }),
    publishVideo: (event) => send({ kind: 'video', event }),
    session: (id) => fanOut.session(id),
    tenant: (id) => fanOut.tenant(id),
    liveness: (tenantId) => fanOut.liveness(tenantId),
    gallery: (tenantId) => fanOut.gallery(tenantId),
    livenessSession: (id) => fanOut.livenessSession(id),
    video: (id) => fanOut.video(id),
    close: async () => {
      await subscriber?.unsubscribe(channel).catch(() => undefined);
    },
  };
}
