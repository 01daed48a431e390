import { createGraphQLError } from 'graphql-yoga';
import { errorCodes, type ErrorCode } from '../pipeline/errors.ts';

/** An expected error for the client: a stable `extensions.code` and a message a person can read. */
export function userError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): Error {
  return createGraphQLError(message, { extensions: { ...details, code } });
}

export const notFound = (what: string): Error => userError('NOT_FOUND', `${what} not found.`);

/**
 * The code and message of an expected error raised by userError, or null for anything else. Duck-typed:
 * under some loaders graphql's GraphQLError class exists twice, so instanceof is not reliable.
 */
export function expectedError(error: unknown): { code: ErrorCode; message: string } | null {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return error instanceof Error && typeof code === 'string' && (errorCodes as readonly string[]).includes(code)
    ? { code: code as ErrorCode, message: error.message }
    : null;
}
