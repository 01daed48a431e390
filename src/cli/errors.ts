import { FaceSocialError } from '../client/index.ts';
import { UsageError } from './io.ts';

/** Codes that belong to one file (its row shows the error; the command goes on with the others). */
const FILE_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_IMAGE',
  'IMAGE_TOO_LARGE',
  'REQUEST_TOO_LARGE',
  'NO_FACE',
  'MULTIPLE_FACES',
  'LOW_QUALITY',
  'LIVENESS_FAILED',
  'TIMEOUT',
  'FILE_UNREADABLE',
]);

/** A file that could not be read from disk, as a per-file error. */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
  readonly code = 'FILE_UNREADABLE';
}

const isErrno = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';

/** Whether an error belongs to one file rather than to the whole command. */
export function isFileError(error: unknown): error is FaceSocialError | FileReadError {
  return error instanceof FileReadError || (error instanceof FaceSocialError && FILE_ERROR_CODES.has(error.code));
}

/** Why a file was refused: the server's message, with the quality issues of a LOW_QUALITY refusal. */
export function fileErrorReason(error: FaceSocialError | FileReadError): string {
  const issues = error instanceof FaceSocialError && Array.isArray(error.extensions.issues) ? ` (${error.extensions.issues.map(String).join(', ')})` : '';
  return `${error.message}${issues}`;
}

/** One readable line for anything a command throws: never a stack trace. */
export function describeError(error: unknown, context: { url: string; hasCredential: boolean }): string {
  if (error instanceof UsageError) return error.message;
  if (error instanceof FaceSocialError) {
    switch (error.code) {
      case 'NETWORK_ERROR': {
        const detail = error.systemCode && error.systemCode !== 'ECONNREFUSED' ? ` [${error.systemCode}]` : '';
        return `cannot reach ${context.url}: is the server running? (npm start)${detail}`;
      }
      case 'UNAUTHENTICATED':
        return context.hasCredential
          ? `the server refused the credentials: ${error.message}`
          : 'the server needs a token or API key (--token / --api-key, or FACESOCIAL_TOKEN / FACESOCIAL_API_KEY)';
      case 'FORBIDDEN':
        return `not allowed with these credentials: ${error.message}`;
      case 'RATE_LIMITED': {
        const retry = typeof error.extensions.retryAfterSeconds === 'number' ? ` (retry in ${error.extensions.retryAfterSeconds} s)` : '';
        return `rate limited${retry}: ${error.message}`;
      }
      case 'HTTP_ERROR':
        return `${context.url} is not a FaceSocial GraphQL endpoint (HTTP ${error.status ?? '?'})`;
      default:
        return `${error.code}: ${error.message}`;
    }
  }
  if (error instanceof FileReadError) return error.message;
  if (isErrno(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
