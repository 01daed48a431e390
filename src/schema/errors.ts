import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
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
 * yoga's error masking, except for the use cases' expected errors: an AppError anywhere (a resolver, a
 * subscription's source, the context factory) reaches the client with its code; anything else is masked
 * as "Unexpected error." with no stack, and its details go to the log.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const wrapped = error instanceof Error && 'originalError' in error ? (error as GraphQLError) : undefined;
  const original = wrapped ? wrapped.originalError : error;
  if (isAppError(original)) return toGraphQLError(original, wrapped);
  return yogaMaskError(error, message, isDev);
}

/** Duck-typed as well: a module loaded twice (test runners, loaders) would have two AppError classes. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && isErrorCode((error as { code?: unknown }).code));
}
