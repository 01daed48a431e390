import type { DocumentNode, GraphQLError, OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from '../observability/metrics.ts';
import { errorCodeOf } from '../schema/errors.ts';
import { graphqlRuntime } from './graphql-runtime.ts';

/** Whether a subscribe result is a stream (errors come back as a plain result instead). */
const isStream = (value: unknown): boolean => typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * GraphQL errors by code (facesocial_errors_total, source "graphql": INTERNAL counts bugs, never the
 * caller's own mistakes; refusals before parsing are counted where they happen), and the subscriptions open
 * now by root field (facesocial_active_subscriptions).
 */
export function useGraphqlMetrics(metrics: Metrics): Plugin {
  const countErrors = (result: unknown): void => {
    for (const error of (result as { errors?: readonly GraphQLError[] } | null)?.errors ?? []) metrics.error(errorCodeOf(error), 'graphql');
  };
  return {
    onExecute: () => ({ onExecuteDone: ({ result }) => countErrors(result) }),
    onSubscribe: ({ args }) => {
      const operation = (args.document as DocumentNode).definitions.find(
        (d): d is OperationDefinitionNode => d.kind === graphqlRuntime.Kind.OPERATION_DEFINITION,
      );
      const first = operation?.selectionSet.selections[0];
      const field = first?.kind === graphqlRuntime.Kind.FIELD ? first.name.value : 'unknown';
      return {
        onSubscribeResult: ({ result }) => {
          if (!isStream(result)) {
            countErrors(result);
            return undefined;
          }
          metrics.subscription(field, 1);
          return {
            onNext: ({ result: next }) => countErrors(next),
            onEnd: () => metrics.subscription(field, -1),
          };
        },
      };
    },
  };
}
