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
  return {
    onExecute: ({ setExecuteFn, executeFn }) => {
      setExecuteFn((args: ExecutionArgs) => {
        const attributes = attributesOf(args.document, args.operationName);
        return inSpan(`graphql.execute ${attributes['graphql.operation.name']}`.trim(), attributes, async (): Promise<unknown> => executeFn(args) as unknown);
      });
    },
    onSubscribe: ({ setSubscribeFn, subscribeFn }) => {
      setSubscribeFn((args: ExecutionArgs) => {
        const attributes = attributesOf(args.document, args.operationName);
        return inSpan(
          `graphql.subscribe ${attributes['graphql.operation.name']}`.trim(),
          attributes,
          async (): Promise<unknown> => subscribeFn(args) as unknown,
        );
      });
    },
  };
}
