// The urql client: queries and multipart uploads over fetch, subscriptions over graphql-ws, and the
// credential (a JWT or an API key the user typed in) on every request and in the socket's connectionParams.
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, type CombinedError, fetchExchange, mapExchange, subscriptionExchange } from 'urql';

export interface Credential {
  kind: 'token' | 'apiKey';
  value: string;
}

/** The sign-in is kept for this tab only (sessionStorage), never in localStorage or a cookie. */
const STORAGE_KEY = 'facesocial.dashboard.credential';

/** graphql-ws close code for refused or expired credentials (src/http/ws-server.ts). */
const CLOSE_FORBIDDEN = 4403;

/** What the user pasted: an API key (`fsk_…`) or a JWT, with or without a `Bearer ` prefix. */
export function parseCredential(input: string): Credential | null {
  const value = input.trim().replace(/^Bearer\s+/i, '');
  if (!value) return null;
  return { kind: value.startsWith('fsk_') ? 'apiKey' : 'token', value };
}

export function loadCredential(): Credential | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Credential> | null;
    return stored && (stored.kind === 'token' || stored.kind === 'apiKey') && typeof stored.value === 'string'
      ? { kind: stored.kind, value: stored.value }
      : null;
  } catch {
    return null;
  }
}

export function saveCredential(credential: Credential | null): void {
  if (credential) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credential));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** The claims of a JWT for display (tenant, roles): read, not verified — the server verifies it on every request. */
export function tokenClaims(credential: Credential): { tenant: string | null; roles: string[]; expiresAt: Date | null } | null {
  if (credential.kind !== 'token') return null;
  try {
    const payload = credential.value.split('.')[1] ?? '';
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const roles = Array.isArray(claims.roles)
      ? claims.roles.filter((r): r is string => typeof r === 'string')
      : typeof claims.role === 'string'
        ? [claims.role]
        : [];
    return {
      tenant: typeof claims.tenant === 'string' ? claims.tenant : null,
      roles,
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

function credentialHeaders(credential: Credential | null): Record<string, string> {
  if (!credential) return {};
  return credential.kind === 'apiKey' ? { 'x-api-key': credential.value } : { authorization: `Bearer ${credential.value}` };
}

/** The GraphQL endpoint beside the dashboard: /graphql, or <prefix>/graphql behind a proxy that serves the app under a prefix. */
function endpoint(): URL {
  const prefix = location.pathname.replace(/\/dashboard(\/.*)?$/, '');
  return new URL(`${prefix}/graphql`, location.origin);
}

/** A stable code for an error: the server's extensions.code, or NETWORK_ERROR when no answer came. */
export function errorOf(error: CombinedError): { code: string; message: string; issues: string[] } {
  const first = error.graphQLErrors[0];
  if (first) {
    const { code, issues } = first.extensions as { code?: unknown; issues?: unknown };
    return {
      code: typeof code === 'string' ? code : 'ERROR',
      message: first.message,
      issues: Array.isArray(issues) ? issues.filter((i): i is string => typeof i === 'string') : [],
    };
  }
  return { code: error.response instanceof Response ? `HTTP_${error.response.status}` : 'NETWORK_ERROR', message: error.message, issues: [] };
}

export const isUnauthenticated = (error: CombinedError): boolean =>
  error.graphQLErrors.some((e) => e.extensions.code === 'UNAUTHENTICATED') || (error.response instanceof Response && error.response.status === 401);

export type SocketState = 'connecting' | 'connected' | 'closed';

export interface ApiClient {
  client: Client;
  dispose(): void;
}

/**
 * One urql client per credential (signing in or out makes a new one, and so a new socket).
 * `onUnauthenticated` runs when an HTTP answer is 401 UNAUTHENTICATED or the socket is closed with 4403.
 */
export function createApiClient(
  credential: Credential | null,
  events: { onUnauthenticated: (message: string) => void; onSocket: (state: SocketState) => void },
): ApiClient {
  const url = endpoint();
  const wsUrl = new URL(url);
  wsUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws: WsClient = createWsClient({
    url: wsUrl.href,
    connectionParams: () => credentialHeaders(credential),
    // Reconnect after a dropped connection, but not after refused credentials.
    shouldRetry: (event) => !(typeof event === 'object' && event !== null && 'code' in event && event.code === CLOSE_FORBIDDEN),
    retryAttempts: 20,
    on: {
      connecting: () => events.onSocket('connecting'),
      connected: () => events.onSocket('connected'),
      closed: (event) => {
        events.onSocket('closed');
        if (typeof event === 'object' && event !== null && 'code' in event && event.code === CLOSE_FORBIDDEN) {
          events.onUnauthenticated('The server closed the live connection: the credentials were refused or have expired.');
        }
      },
    },
  });
  const client = new Client({
    url: url.href,
    // Results are live data: always ask the server (subscriptions keep the screen current).
    requestPolicy: 'network-only',
    // POST for queries too: no operation (or variables) in URLs, proxy logs or the browser history.
    preferGetMethod: false,
    // graphql-preflight: the API's CSRF guard requires it on multipart uploads and GET requests.
    fetchOptions: () => ({ headers: { 'graphql-preflight': '1', ...credentialHeaders(credential) } }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) events.onUnauthenticated(errorOf(error).message);
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const operation = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(operation, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
