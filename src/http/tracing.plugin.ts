import type { DocumentNode, ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { inSpan } from '../observability/spans.ts';
import { graphqlRuntime } from './graphql-runtime.ts';

const attributesOf = (document: DocumentNode, operationName: string | null | undefined) => {
  const operation = graphqlRuntime.getOperationAST(document, operationName);
  return { 'graphql.operation.type': operation?.operation ?? 'unknown', 'graphql.operation.name': operation?.name?.value ?? '' };
};

/**
 * GraphQL execute and subscribe spans (when tracing is on), with the resolvers running inside them:
 * what a resolver starts (a database query, Queue.add) is a child of the operation, itself a child of
 * the HTTP request's span.
 */
export function useGraphqlTracing(): Plugin {
  /** `run` inside a span named for the phase and the operation. */
  const traced =
    (phase: 'execute' | 'subscribe', run: (args: ExecutionArgs) => unknown) =>
    (args: ExecutionArgs): Promise<unknown> => {
      const attributes = attributesOf(args.document, args.operationName);
      return inSpan(`graphql.${phase} ${attributes['graphql.operation.name']}`.trim(), attributes, async (): Promise<unknown> => run(args));
    };
  return {
    onExecute: ({ setExecuteFn, executeFn }) => setExecuteFn(traced('execute', executeFn)),
    onSubscribe: ({ setSubscribeFn, subscribeFn }) => setSubscribeFn(traced('subscribe', subscribeFn)),
  };
}
