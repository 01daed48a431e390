import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config/config.ts';

/** Armor's rejections, by message: the limits of query size and shape. */
const armorMessage = /Query depth limit|Aliases limit|Directives limit|Token limit|Query Cost limit/i;

const tooComplex = (error: GraphQLError): GraphQLError =>
  createGraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });

/**
 * Query limits (graphql-armor): depth, cost, aliases, directives and tokens, checked when the operation
 * is parsed and validated, before any resolver runs; the same envelop runs HTTP and graphql-ws
 * operations, so both transports get the same limits. Armor's rejections get a stable code,
 * QUERY_TOO_COMPLEX. Field suggestions ("Did you mean") are off in production.
 */
export function queryLimitPlugins(config: Config): Plugin[] {
  // Validation limits report into the validation result instead of throwing (a throw would reach
  // graphql-ws as an internal error and drop the operation's answer); the token limit runs in the
  // parser, where throwing is how a parse fails.
  const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(tooComplex(error))] };
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: config.MAX_QUERY_DEPTH, ignoreIntrospection: true, ...report },
    costLimit: { maxCost: config.MAX_QUERY_COST, ignoreIntrospection: true, ...report },
    maxAliases: { n: config.MAX_QUERY_ALIASES, ...report },
    maxDirectives: { n: config.MAX_QUERY_DIRECTIVES, ...report },
    maxTokens: { n: config.MAX_QUERY_TOKENS },
    blockFieldSuggestion: { enabled: config.NODE_ENV === 'production' },
  });
  const codes: Plugin = {
    onParse() {
      return ({ result, replaceParseResult }) => {
        // Duck-typed: the parser's error may come from either copy of graphql (see graphql-runtime.ts).
        if (result instanceof Error && armorMessage.test(result.message)) replaceParseResult(tooComplex(result as GraphQLError));
      };
    },
    onValidate() {
      return ({ result, setResult }) => {
        const errors = result as readonly GraphQLError[];
        if (errors.some((e) => armorMessage.test(e.message))) setResult(errors.map((e) => (armorMessage.test(e.message) ? tooComplex(e) : e)));
      };
    },
  };
  return [armor as Plugin, codes];
}
