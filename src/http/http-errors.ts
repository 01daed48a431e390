import type { ErrorCode } from '../pipeline/errors.ts';

/** A response with a GraphQL error body, for requests refused before GraphQL runs (auth, CSRF, size). */
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
  details: Readonly<Record<string, unknown>> = {},
): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { ...details, code } }] }), {
    status,
    headers: { 'content-type': 'application/graphql-response+json; charset=utf-8', ...headers },
  });
}

/** The HTTP status of an error a caller caused, by its code. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
    case 'CSRF_PREFLIGHT_REQUIRED':
      return 403;
    case 'RATE_LIMITED':
      return 429;
    case 'REQUEST_TOO_LARGE':
    case 'IMAGE_TOO_LARGE':
    case 'VIDEO_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default:
      return 400;
  }
}
