import { EventEmitter, on } from 'node:events';
import type { AnalysisEvent } from '../pipeline/events.ts';

/**
 * Carries analysis progress from whoever runs a job to every subscriber. Subscriptions register
 * their listener at once and buffer, so a subscriber that reads its history from the database after
 * subscribing misses nothing. Queue mode feeds the same local emitter from Redis pub/sub.
 */
export interface EventBus {
  publish(event: AnalysisEvent): Promise<void>;
  /** Events of one session. */
  session(sessionId: string): AsyncIterableIterator<AnalysisEvent>;
  /** Events of every session of one tenant (dashboards). */
  tenant(tenantId: string): AsyncIterableIterator<AnalysisEvent>;
  close(): Promise<void>;
}

const sessionTopic = (id: string): string => `session:${id}`;
const tenantTopic = (id: string): string => `tenant:${id}`;

/** Local fan-out shared by the in-memory bus and the Redis bus (which calls `deliver` for each message). */
export class LocalFanOut {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  deliver(event: AnalysisEvent): void {
    this.emitter.emit(sessionTopic(event.sessionId), event);
    this.emitter.emit(tenantTopic(event.tenantId), event);
  }

  /** `on()` registers its listener at once and buffers until read; return() removes it. */
  private subscribe(topic: string): AsyncIterableIterator<AnalysisEvent> {
    const iterator = on(this.emitter, topic);
    return {
      async next(): Promise<IteratorResult<AnalysisEvent>> {
        const result = await iterator.next();
        return result.done ? { done: true, value: undefined } : { done: false, value: (result.value as [AnalysisEvent])[0] };
      },
      async return(): Promise<IteratorResult<AnalysisEvent>> {
        await iterator.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  session(id: string): AsyncIterableIterator<AnalysisEvent> {
    return this.subscribe(sessionTopic(id));
  }

  tenant(id: string): AsyncIterableIterator<AnalysisEvent> {
    return this.subscribe(tenantTopic(id));
  }

  listenerCount(): number {
    return this.emitter.eventNames().reduce((n, name) => n + this.emitter.listenerCount(name), 0);
  }
}

export function createMemoryEventBus(): EventBus {
  const fanOut = new LocalFanOut();
  return {
    publish: async (event) => fanOut.deliver(event),
    session: (id) => fanOut.session(id),
    tenant: (id) => fanOut.tenant(id),
    close: async () => undefined,
  };
}
