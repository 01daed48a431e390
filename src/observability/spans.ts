import { context, trace, type Attributes, type Context } from '@opentelemetry/api';

export type { Context };

/** One tracer for the project's own spans; a no-op until tracing.ts registers a provider. */
const tracer = trace.getTracer('facesocial');

export const activeContext = (): Context => context.active();

/** A span for work timed elsewhere (an inference stage on its thread): started and ended at the given times under `parent`. */
export function recordSpan(parent: Context, name: string, attributes: Attributes, start: Date, end: Date): void {
  tracer.startSpan(name, { startTime: start, attributes }, parent).end(end);
}

/** Runs `fn` inside a new span (it ends when `fn`'s promise settles; a throw marks it as an error). */
export async function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), fn);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: 2 });
    throw error;
  } finally {
    span.end();
  }
}
