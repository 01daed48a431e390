import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Caller } from '../auth/caller.ts';
import { AppError } from '../pipeline/errors.ts';
import { errorResponse, statusOf } from './http-errors.ts';

/** What the authentication step reports, for per-address limits on failed attempts. */
export interface AuthFailureGuard {
  isBlocked(address: string): Promise<boolean>;
  /** Throws RATE_LIMITED (with retryAfterSeconds) while the address is blocked. */
  refuseIfBlocked(address: string): Promise<void>;
  /** Counts a failed attempt; throws RATE_LIMITED once the address is over its limit. */
  consumeAuthFailure(address: string): Promise<void>;
}

function clientAddress(serverContext: unknown): string {
  return (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket.remoteAddress ?? 'unknown';
}

/**
 * Authenticates every HTTP request before it is parsed, so a stranger learns nothing about the schema
 * (no validation errors, no "Did you mean"): 401 / 403 with a GraphQL error body, or 429 after too
 * many failures from one address. The caller is kept for the context factory. GraphiQL's HTML page
 * needs no credentials (it sends them with each operation).
 */
export function useAuthentication(authenticator: Authenticator, guard: AuthFailureGuard | null, callers: WeakMap<Request, Caller>): Plugin {
  return {
    async onRequest(payload) {
      const { request, serverContext } = payload;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      if (request.method === 'OPTIONS') return;
      const address = clientAddress(serverContext);
      try {
        if (authenticator.enabled && guard) await guard.refuseIfBlocked(address);
        callers.set(request, await authenticator.authenticate((name) => request.headers.get(name)));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        let refusal = error;
        if (error.code !== 'RATE_LIMITED' && guard) {
          try {
            await guard.consumeAuthFailure(address);
          } catch (limited) {
            if (limited instanceof AppError) refusal = limited;
            else throw limited;
          }
        }
        const retryAfter = refusal.details['retryAfterSeconds'];
        payload.endResponse(
          errorResponse(
            statusOf(refusal.code),
            refusal.code,
            refusal.message,
            {
              ...(refusal.code === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer' } : {}),
              ...(typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : {}),
            },
            refusal.details,
          ),
        );
      }
    },
  };
}
