/**
 * A push-fed async iterator: the SDK pushes subscription events in, the caller reads them with
 * `for await`. Leaving the loop early (`break`, `return`, a throw) calls `onClose`, which unsubscribes.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private readonly readers: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  private ended = false;
  private failure: { error: unknown } | null = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  /** Queues an event (ignored once the stream has ended). */
  push(value: T): void {
    if (this.ended) return;
    const reader = this.readers.shift();
    if (reader) reader.resolve({ value, done: false });
    else this.buffer.push(value);
  }

  /** Ends the stream after the events already queued. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.close();
    for (const reader of this.readers.splice(0)) reader.resolve({ value: undefined, done: true });
  }

  /** Ends the stream with an error, thrown after the events already queued. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = { error };
    this.ended = true;
    this.close();
    for (const reader of this.readers.splice(0)) reader.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.readers.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.failure = null;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
