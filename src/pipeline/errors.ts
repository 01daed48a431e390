/** Stable codes for failures a user can cause; GraphQL errors and failed sessions carry them. */
export const errorCodes = [
  'BAD_IMAGE',
  'IMAGE_TOO_LARGE',
  'REQUEST_TOO_LARGE',
  'NO_FACE',
  'MULTIPLE_FACES',
  'LOW_QUALITY',
  'LIVENESS_FAILED',
  'TIMEOUT',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'STAGE_UNAVAILABLE',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'IMAGE_EXPIRED',
  'INTERRUPTED',
  'WORKER_CRASHED',
  'SERVICE_UNAVAILABLE',
  'CSRF_PREFLIGHT_REQUIRED',
  'UNSUPPORTED_MEDIA_TYPE',
  'QUERY_TOO_COMPLEX',
  'LIVENESS_SESSION_CLOSED',
  'LIVENESS_SESSION_EXPIRED',
  'FRAME_OUT_OF_ORDER',
  'FRAME_REPLAYED',
  'FRAME_TIMESTAMP_INVALID',
  'FRAME_BUDGET_EXCEEDED',
  'BAD_VIDEO',
  'VIDEO_TOO_LARGE',
  'VIDEO_EXPIRED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * An expected failure with a stable code and a message a person can read: what the use cases and the
 * pipeline throw for the caller's own mistakes (or a refusal), never for bugs. The GraphQL layer turns
 * it into an error with `extensions.code` (and `details` beside it); anything else is masked.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A job that crashed its worker (thread or process) each time it ran: a poison image, not retried further. */
export const workerCrashed = {
  code: 'WORKER_CRASHED',
  message: 'Processing this image crashed the inference worker each time it was tried (a fault in decoding or inference); it is not retried.',
} as const satisfies { code: ErrorCode; message: string };

/** Anything unexpected that ended a session: the details stay in the logs. */
export const internalFailure = {
  code: 'INTERNAL',
  message: 'An internal error stopped this analysis; it has been logged.',
} as const satisfies { code: ErrorCode; message: string };

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found.`);

export const isErrorCode = (code: unknown): code is ErrorCode => (errorCodes as readonly unknown[]).includes(code);
