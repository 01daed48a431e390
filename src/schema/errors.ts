import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { dependencyOutage } from '../observability/outage.ts';
import { AppError, isErrorCode } from '../pipeline/errors.ts';

/** An AppError as the client sees it: its stable code (and details) in `extensions`, its message as is. */
export function toGraphQLError(error: AppError, from?: GraphQLError): GraphQLError {
  return createGraphQLError(error.message, {
    ...(from ? { nodes: from.nodes, source: from.source, positions: from.positions, path: from.path } : {}),
    extensions: { ...error.details, code: error.code },
    originalError: error,
  });
}

/**
 * yoga's error masking, except for the use cases' expected errors and for outages: an AppError anywhere
 * (a resolver, a subscription's source, the context factory) reaches the client with its code; an error
 * that says the database or Redis is unreachable becomes SERVICE_UNAVAILABLE with HTTP 503 and
 * Retry-After, so a client can tell an outage (retry later) from a bug; anything else is masked as
 * "Unexpected error." with no stack, and its details go to the log.
 */
export function createMaskError(options: { retryAfterSeconds: number; logger: Logger }): (error: unknown, message: string, isDev?: boolean) => Error {
  return (error, message, isDev) => {
    const wrapped = error instanceof Error && 'originalError' in error ? (error as GraphQLError) : undefined;
    const original = innermostError(error);
    if (isAppError(original)) return toGraphQLError(original, wrapped);
    // Pothos' own argument checks (a negative `first`, `last` without `before`): the caller's mistake.
    if (original instanceof Error && original.name === 'PothosValidationError')
      return toGraphQLError(new AppError('BAD_USER_INPUT', original.message), wrapped);
    const dependency = dependencyOutage(original);
    if (dependency) {
      options.logger.warn({ err: original, dependency }, 'request failed: a dependency is unreachable');
      const name = dependency === 'database' ? 'The database' : 'The job queue (Redis)';
      return createGraphQLError(`${name} is unavailable; retry in ${options.retryAfterSeconds} s.`, {
        ...(wrapped ? { nodes: wrapped.nodes, source: wrapped.source, positions: wrapped.positions, path: wrapped.path } : {}),
        extensions: { code: 'SERVICE_UNAVAILABLE', dependency, http: { status: 503, headers: { 'Retry-After': String(options.retryAfterSeconds) } } },
      });
    }
    return yogaMaskError(error, message, isDev);
  };
}

/** The error a GraphQL error wraps: graphql-js wraps a resolver's error once, plugins sometimes twice. */
export function innermostError(error: unknown): unknown {
  let inner = error;
  for (let i = 0; i < 5 && inner instanceof Error && 'originalError' in inner && (inner as GraphQLError).originalError; i++) {
    inner = (inner as GraphQLError).originalError;
  }
  return inner;
}

/**
 * The stable code of a GraphQL error, masked or not yet: on its extensions, else on the AppError
 * inside it; INTERNAL for anything else (a bug). The audit log and the error metrics read it here.
 */
export function errorCodeOf(error: GraphQLError): string {
  const code = (error.extensions as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  const inner = innermostError(error);
  return isAppError(inner) ? inner.code : 'INTERNAL';
}

/** Duck-typed as well: a module loaded twice (test runners, loaders) would have two AppError classes. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && isErrorCode((error as { code?: unknown }).code));
}
