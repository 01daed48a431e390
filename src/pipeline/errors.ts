/** Stable codes for failures a user can cause; GraphQL errors and failed sessions carry them. */
export const errorCodes = [
  'BAD_IMAGE',
  'IMAGE_TOO_LARGE',
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
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** An expected failure with a code and a message a person can read. */
export class PipelineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PipelineError';
  }
}
