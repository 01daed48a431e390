import { createGraphQLError } from 'graphql-yoga';
import type { ErrorCode } from '../pipeline/errors.ts';

/** An expected error for the client: a stable `extensions.code` and a message a person can read. */
export function userError(code: ErrorCode, message: string): Error {
  return createGraphQLError(message, { extensions: { code } });
}

export const notFound = (what: string): Error => userError('NOT_FOUND', `${what} not found.`);
