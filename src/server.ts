import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetch } from '@whatwg-node/fetch';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema, execute, subscribe } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Config } from './config/config.ts';
import type { Logger } from './observability/logger.ts';
import type { AppServices } from './analysis/services.ts';
import { callerOf } from './auth/caller.ts';
import type { Context } from './schema/context.ts';
import { createMaskError, isAppError, toGraphQLError } from './schema/errors.ts';
import { schema } from './schema/index.ts';
import { createLoaders } from './schema/loaders.ts';
import { useUploadLimitCodes } from './schema/upload-limit.plugin.ts';

export interface HttpApp {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  /** Listens on config.PORT (0 picks a free port); resolves to the GraphQL URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** What yoga hands the context factory: the HTTP request, or for graphql-ws the connection parameters. */
interface InitialContext {
  request?: Request;
  connectionParams?: Readonly<Record<string, unknown>> | undefined;
}

async function contextFor(services: AppServices, initial: InitialContext): Promise<Context> {
  const fromParams = initial.connectionParams?.['authorization'];
  const authorization = initial.request?.headers.get('authorization') ?? (typeof fromParams === 'string' ? fromParams : null);
  try {
    const caller = await callerOf(services.config, authorization);
    return { services, tenantId: caller.tenantId, caller, loaders: createLoaders(services, caller.tenantId) };
  } catch (error) {
    throw isAppError(error) ? toGraphQLError(error) : error;
  }
}

/** What yoga's envelop hands graphql-ws per operation (its own typings leave these `any`). */
interface Enveloped {
  schema: GraphQLSchema;
  execute: (args: ExecutionArgs) => ReturnType<typeof execute>;
  subscribe: (args: ExecutionArgs) => ReturnType<typeof subscribe>;
  contextFactory: () => unknown;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
}

/** The HTTP + WebSocket front: yoga for queries, uploads and SSE; graphql-ws on the same path. */
export function createHttpApp(config: Config, services: AppServices, logger: Logger): HttpApp {
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    context: (initial) => contextFor(services, initial),
    graphiql: config.GRAPHIQL ? { title: 'FaceSocial', subscriptionsProtocol: 'WS' } : false,
    // Use-case errors keep their code; unexpected ones become "Unexpected error." with no stack for clients (details go to the log).
    maskedErrors: { isDev: false, maskError: createMaskError({ retryAfterSeconds: config.RETRY_AFTER_SECONDS, logger }) },
    logging: logger,
    // Uploads over the byte limit are cut off while streaming, before they are buffered whole.
    fetchAPI: createFetch({ formDataLimits: { fileSize: config.MAX_UPLOAD_BYTES, files: config.MAX_BATCH_FILES, fieldSize: 1_000_000 } }),
    plugins: [useUploadLimitCodes({ maxBytes: config.MAX_UPLOAD_BYTES, maxFiles: config.MAX_BATCH_FILES })],
  });

  const server: Server = createServer((req, res) => void yoga(req, res));
  // Longer than the idle timeout of common load balancers and HTTP clients, so a client never
  // reuses a keep-alive socket the server is closing at that moment (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  useServer(
    {
      execute: (args) => (args.rootValue as Pick<Enveloped, 'execute'>).execute(args),
      subscribe: (args) => (args.rootValue as Pick<Enveloped, 'subscribe'>).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const enveloped: Enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          connectionParams: ctx.connectionParams,
          params: payload,
        });
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = enveloped;
        const document = parse(payload.query);
        const errors = validate(envelopedSchema, document);
        if (errors.length > 0) return errors;
        let contextValue: unknown;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // UNAUTHENTICATED / FORBIDDEN: an error message for this operation, not a dropped socket.
          return [error as GraphQLError];
        }
        return {
          schema: envelopedSchema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );

  return {
    yoga,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
          resolve(`http://${host}:${port}${yoga.graphqlEndpoint}`);
        });
      }),
    close: async () => {
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
