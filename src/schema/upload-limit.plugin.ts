import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ExecutionResult, GraphQLError } from 'graphql';

/**
 * yoga stops reading a multipart body at the byte limit and answers REQUEST_ENTITY_TOO_LARGE;
 * clients of this API get the same IMAGE_TOO_LARGE code as for too many pixels.
 */
export function useImageTooLargeCode(maxBytes: number): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      const errors = (result as ExecutionResult).errors as readonly GraphQLError[] | undefined;
      if (!errors?.some((e) => e.extensions?.code === 'REQUEST_ENTITY_TOO_LARGE')) return;
      setResult({
        errors: [
          createGraphQLError(`The upload is larger than the limit of ${maxBytes} bytes.`, {
            extensions: { code: 'IMAGE_TOO_LARGE', http: { status: 413 } },
          }),
        ],
      });
    },
  };
}
