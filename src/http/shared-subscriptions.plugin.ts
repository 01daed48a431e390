import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../schema/context.ts';
import { createLoaders } from '../schema/loaders.ts';
import { graphqlRuntime } from './graphql-runtime.ts';

/** One execution of a selection per event, for every subscriber that asked for the same thing. */
type Shared = WeakMap<object, Map<string, Promise<ExecutionResult>>>;

function mapStream<T, U>(stream: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  const iterator = stream[Symbol.asyncIterator]();
  return {
    async next(): Promise<IteratorResult<U>> {
      const item = await iterator.next();
      return item.done ? { done: true, value: undefined } : { done: false, value: await map(item.value) };
    },
    async return(): Promise<IteratorResult<U>> {
      // Unsubscribing must reach the source, so the event bus drops this listener.
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Subscriptions fan out by executing the subscriber's selection on each event. The event bus hands
 * the same event object to every subscriber of a tenant, so subscribers with the same document,
 * variables, tenant and roles get one shared execution per event instead of one each: 10,000
 * dashboards on `livenessVerdicts` cost one execution per verdict. Anything that differs (another
 * selection, variables, role or tenant) executes on its own. Every execution gets fresh DataLoaders.
 */
export function useSharedSubscriptionExecution(): Plugin {
  const shared: Shared = new WeakMap();
  return {
    onSubscribe: ({ args, setSubscribeFn }) => {
      const ctx = args.contextValue as unknown as Context;
      const document = args.document as DocumentNode;
      const key = JSON.stringify([
        document.loc?.source.body ?? graphqlRuntime.print(document),
        args.operationName ?? null,
        args.variableValues ?? {},
        ctx.tenantId,
        [...ctx.caller.roles].sort(),
      ]);
      setSubscribeFn(async (subscribeArgs: ExecutionArgs) => {
        const stream = await graphqlRuntime.createSourceEventStream(subscribeArgs);
        if (!(typeof stream === 'object' && stream !== null && Symbol.asyncIterator in stream)) return stream;
        // Each event is executed with fresh DataLoaders: a subscription lives long, and its first event's
        // cached rows (a session's faces while it was QUEUED) must not answer for its later ones.
        const execute = (payload: unknown): Promise<ExecutionResult> =>
          Promise.resolve(
            graphqlRuntime.execute({ ...subscribeArgs, rootValue: payload, contextValue: { ...ctx, loaders: createLoaders(ctx.services, ctx.tenantId) } }),
          );
        return mapStream(stream, (payload) => {
          if (typeof payload !== 'object' || payload === null) return execute(payload);
          let byKey = shared.get(payload);
          if (!byKey) {
            byKey = new Map();
            shared.set(payload, byKey);
          }
          let result = byKey.get(key);
          if (!result) {
            result = execute(payload);
            byKey.set(key, result);
          }
          return result;
        });
      });
    },
  };
}
