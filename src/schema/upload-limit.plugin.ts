import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';

/**
 * yoga's multipart parser answers its own codes when a limit is hit; clients of this API get the
 * API's codes instead: IMAGE_TOO_LARGE past the byte limit (as for too many pixels) and
 * BAD_USER_INPUT past the number of files per request.
 */
export function useUploadLimitCodes(limits: { maxBytes: number; maxFiles: number }): Plugin {
  return {
    onResultProcess(payload) {
      const { result } = payload;
      const errors = (result as ExecutionResult).errors;
      if (errors?.some((e) => e.extensions?.code === 'REQUEST_ENTITY_TOO_LARGE')) {
        payload.setResult({
          errors: [
            createGraphQLError(`The upload is larger than the limit of ${limits.maxBytes} bytes.`, {
              extensions: { code: 'IMAGE_TOO_LARGE', http: { status: 413 } },
            }),
          ],
        });
      } else if (errors?.some((e) => e.extensions?.code === 'BAD_REQUEST' && /files limit exceeded/i.test(e.message))) {
        payload.setResult({
          errors: [createGraphQLError(`At most ${limits.maxFiles} images per request.`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })],
        });
      }
    },
  };
}
