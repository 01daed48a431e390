import { builder } from './builder.ts';
import type { ServerInfo } from './context.ts';

const ServerInfoRef = builder.objectRef<ServerInfo>('ServerInfo').implement({
  description: 'How this server runs: useful in GraphiQL and for dashboards.',
  fields: (t) => ({
    version: t.exposeString('version'),
    mode: t.exposeString('mode', { description: 'embedded (PGlite, in-process queue) or queue (PostgreSQL + Redis workers).' }),
    database: t.exposeString('database'),
    detector: t.exposeString('detector', { description: 'The configured face detector.' }),
  }),
});

builder.queryField('serverInfo', (t) => t.field({ type: ServerInfoRef, resolve: (_, __, ctx) => ctx.services.info }));
