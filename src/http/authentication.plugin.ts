import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Authenticator, CredentialSource } from '../auth/authenticate.ts';
import type { Caller } from '../auth/caller.ts';
import type { Logger } from '../observability/logger.ts';
import { AppError } from '../pipeline/errors.ts';
import { errorResponse, statusOf } from './http-errors.ts';

/** What the authentication step reports, for per-address limits on failed attempts. */
export interface AuthFailureGuard {
  /** Throws RATE_LIMITED (with retryAfterSeconds) while the address is blocked. */
  refuseIfBlocked(address: string): Promise<void>;
  /** Counts a failed attempt; throws RATE_LIMITED once the address is over its limit. */
  consumeAuthFailure(address: string): Promise<void>;
}

/**
 * The caller behind a request's credentials, HTTP or graphql-ws alike: an address over its failed
 * attempts is refused before its credentials are checked, and each failure is counted (the failure
 * past the limit is answered RATE_LIMITED). Throws the AppError to answer.
 */
export async function authenticateGuarded(
  authenticator: Authenticator,
  guard: AuthFailureGuard | null,
  source: CredentialSource,
  address: string,
): Promise<Caller> {
  try {
    if (authenticator.enabled && guard) await guard.refuseIfBlocked(address);
    return await authenticator.authenticate(source);
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'RATE_LIMITED' || !guard) throw error;
    await guard.consumeAuthFailure(address);
    throw error;
  }
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
export function useAuthentication(
  authenticator: Authenticator,
  guard: AuthFailureGuard | null,
  callers: WeakMap<Request, Caller>,
  logger: Logger,
  onRefused: (code: string) => void,
): Plugin {
  return {
    async onRequest(payload) {
      const { request, serverContext } = payload;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      if (request.method === 'OPTIONS') return;
      const address = clientAddress(serverContext);
      try {
        callers.set(request, await authenticateGuarded(authenticator, guard, (name) => request.headers.get(name), address));
      } catch (refusal) {
        if (!(refusal instanceof AppError)) throw refusal;
        // Who was refused and why, never what they sent: a run of these is an attack to watch for.
        logger.info({ code: refusal.code, address }, 'request refused before parsing');
        onRefused(refusal.code);
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
