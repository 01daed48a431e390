import type { CombinedError } from '@urql/core';

/** One error of a GraphQL answer, as the server sent it. */
export interface FaceSocialErrorDetail {
  message: string;
  /** `extensions.code` (BAD_IMAGE, NO_FACE, UNAUTHENTICATED, ...); `INTERNAL_SERVER_ERROR` when the server sent none. */
  code: string;
  path: readonly (string | number)[] | undefined;
  extensions: Readonly<Record<string, unknown>>;
}

interface FaceSocialErrorInit {
  code: string;
  status?: number | undefined;
  extensions?: Readonly<Record<string, unknown>>;
  errors?: readonly FaceSocialErrorDetail[];
  /** ECONNREFUSED, ENOTFOUND, ... when the server could not be reached at all. */
  systemCode?: string | undefined;
  cause?: unknown;
}

/**
 * Everything the SDK throws for a failed request: a GraphQL error (`code` is its `extensions.code`, the
 * stable codes listed in the README), an HTTP failure without a GraphQL answer (`HTTP_ERROR`), a server
 * that cannot be reached (`NETWORK_ERROR`, with `systemCode`), or a WebSocket closed by the server
 * (`UNAUTHENTICATED` for 4403, `WEBSOCKET_CLOSED` otherwise).
 */
export class FaceSocialError extends Error {
  override readonly name = 'FaceSocialError';
  readonly code: string;
  /** The HTTP status of the answer, when there was one (401, 403, 413, 429, 503, ...). */
  readonly status: number | undefined;
  /** The first error's extensions (e.g. `issues` for LOW_QUALITY, `retryAfterSeconds` for RATE_LIMITED). */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Every GraphQL error of the answer (the first one names the error). */
  readonly errors: readonly FaceSocialErrorDetail[];
  readonly systemCode: string | undefined;

  constructor(message: string, init: FaceSocialErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.extensions = init.extensions ?? {};
    this.errors = init.errors ?? [];
    this.systemCode = init.systemCode;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function httpStatus(response: unknown): number | undefined {
  return isRecord(response) && typeof response.status === 'number' ? response.status : undefined;
}

/** The first errno-style code (ECONNREFUSED, ENOTFOUND, ...) on an error's cause chain (fetch wraps it in "fetch failed"). */
function systemErrorCode(error: unknown, depth = 0): string | undefined {
  if (!isRecord(error) || depth > 5) return undefined;
  if (typeof error.code === 'string' && /^E[A-Z0-9_]+$/.test(error.code)) return error.code;
  if (Array.isArray(error.errors)) {
    for (const inner of error.errors as unknown[]) {
      const code = systemErrorCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return systemErrorCode(error.cause, depth + 1);
}

/** A close event from the WebSocket (graphql-ws hands it over as the error). */
function closeEvent(error: unknown): { code: number; reason: string } | undefined {
  return isRecord(error) && typeof error.code === 'number' && 'reason' in error ? { code: error.code, reason: String(error.reason) } : undefined;
}

/** Close codes after which reconnecting cannot help: the credential was refused (4403). */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([4403]);

/** urql's CombinedError (or a transport failure) as a FaceSocialError. */
export function toFaceSocialError(error: CombinedError, url: string): FaceSocialError {
  const status = httpStatus(error.response);
  if (error.graphQLErrors.length > 0) {
    const errors: FaceSocialErrorDetail[] = error.graphQLErrors.map((e) => {
      const extensions: Record<string, unknown> = isRecord(e.extensions) ? { ...e.extensions } : {};
      return {
        message: e.message,
        code: typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR',
        path: e.path ?? undefined,
        extensions,
      };
    });
    const first = errors[0] as FaceSocialErrorDetail;
    const extensionStatus = isRecord(first.extensions.http) ? httpStatus(first.extensions.http) : undefined;
    return new FaceSocialError(first.message, { code: first.code, status: status ?? extensionStatus, extensions: first.extensions, errors, cause: error });
  }
  // The SDK's own refusals (a closed client) pass through as they are.
  if (error.networkError instanceof FaceSocialError) return error.networkError;
  return transportError(error.networkError ?? error, url, status);
}

/** A failure below GraphQL: no answer, a non-GraphQL HTTP answer, or a WebSocket closed by the server. */
export function transportError(cause: unknown, url: string, status?: number): FaceSocialError {
  const close = closeEvent(cause);
  if (close) {
    const code = close.code === 4403 ? 'UNAUTHENTICATED' : 'WEBSOCKET_CLOSED';
    return new FaceSocialError(`The server closed the WebSocket (${close.code}${close.reason ? `: ${close.reason}` : ''}).`, { code, cause });
  }
  if (status !== undefined) {
    return new FaceSocialError(`${url} answered HTTP ${status} without a GraphQL response.`, { code: 'HTTP_ERROR', status, cause });
  }
  const systemCode = systemErrorCode(cause);
  const reason = systemCode ?? (cause instanceof Error ? cause.message : String(cause));
  return new FaceSocialError(`Cannot reach ${url} (${reason}).`, { code: 'NETWORK_ERROR', systemCode, cause });
}
