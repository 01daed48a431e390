import { createRequire } from 'node:module';
import type * as Graphql from 'graphql';

/**
 * graphql as yoga, Pothos and graphql-ws load it (Node's resolution: its CommonJS build). A bundler that
 * resolves `graphql` to its ESM build (vitest) would otherwise give this module a second copy, whose
 * GraphQLError fails their `instanceof` checks; errors and rules handed to them come from here.
 */
export const graphqlRuntime = createRequire(import.meta.url)('graphql') as typeof Graphql;
