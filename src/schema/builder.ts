import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { UploadFile } from '../analysis/image-upload.ts';
import { AppError } from '../pipeline/errors.ts';
import type { Context } from './context.ts';
import { toGraphQLError } from './errors.ts';
import { decodeNodeId } from './ids.ts';

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
  /** The caller's roles (admin ⊇ operator ⊇ viewer) and the scope for reading embeddings. */
  AuthScopes: { admin: boolean; operator: boolean; viewer: boolean; embeddings: boolean };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Subscriptions are authorized when they start, not on each event.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      admin: ctx.caller.roles.has('admin'),
      operator: ctx.caller.roles.has('operator'),
      viewer: ctx.caller.roles.has('viewer'),
      // Embeddings are biometric templates: exported only with the admin role.
      embeddings: ctx.caller.roles.has('admin'),
    }),
    unauthorizedError: (_parent, ctx, info) =>
      new AppError('FORBIDDEN', `${info.parentType.name}.${info.fieldName} needs another role than ${[...ctx.caller.roles].join(', ') || 'none'}.`),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // A global ID that does not hold a UUID of a node type never reaches the database.
    decodeGlobalID: decodeNodeId,
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

// Every field's rule sits next to it; these are the defaults of the root types (a field may ask for more).
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });
