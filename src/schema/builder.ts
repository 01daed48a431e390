import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { UploadFile } from '../analysis/image-upload.ts';
import { AppError } from '../pipeline/errors.ts';
import type { Context } from './context.ts';
import { toGraphQLError } from './errors.ts';

const isUploadFile = (value: unknown): value is UploadFile =>
  typeof value === 'object' && value !== null && typeof (value as UploadFile).arrayBuffer === 'function' && typeof (value as UploadFile).size === 'number';

/** Plugins, context and scalars only; the types live in one file per domain. */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    File: { Input: UploadFile; Output: never };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 string');
    return date;
  },
});

builder.scalarType('File', {
  description: 'An uploaded file (GraphQL multipart request spec).',
  serialize: () => {
    throw new TypeError('File is an input-only scalar');
  },
  parseValue: (value) => {
    if (isUploadFile(value)) return value;
    throw toGraphQLError(
      new AppError('BAD_USER_INPUT', 'Expected an uploaded file: send the request as multipart/form-data (GraphQL multipart request spec).'),
    );
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
