import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { outageReporter } from '../observability/outage.ts';
import { PrismaClient } from './generated/client.ts';
import { migrate } from './migrate.ts';
import { openPglite, pgClientDriver, pgliteDriver } from './sql-driver.ts';

export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  kind: 'postgres' | 'pglite';
  /** SQL statements run so far (tests check that lists are batched, not one query per row). */
  queryCount(): number;
  /** Milliseconds those statements took, as Prisma timed them (bench:pipeline: where the API's time goes). */
  queryMs(): number;
  close(): Promise<void>;
}

/** A client whose statements are counted. */
function countingClient(
  adapter: PrismaPg | PrismaPGlite,
  onQuery: () => void = () => undefined,
): { prisma: Db; queryCount: () => number; queryMs: () => number } {
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event' as const, level: 'query' as const }] });
  let count = 0;
  let ms = 0;
  prisma.$on('query', (event) => {
    count++;
    ms += event.duration;
    onQuery();
  });
  // The log option only changes the client's event typing; it is used as the plain client everywhere else.
  return { prisma: prisma, queryCount: () => count, queryMs: () => ms };
}

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite on disk) and migrates it. */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>, logger: Logger = createLogger({ LOG_LEVEL: 'warn' })): Promise<Database> {
  if (config.DATABASE_URL) {
    // The pool's and each connection's errors are logged once per outage: an unheard 'error' from an idle
    // client whose server went away would crash the process. Queries then fail as SERVICE_UNAVAILABLE.
    const report = outageReporter(logger, 'postgres');
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    client.on('error', (error) => report.error(error));
    await client.connect();
    try {
      await migrate(pgClientDriver(client));
    } finally {
      await client.end();
    }
    const adapter = new PrismaPg(
      { connectionString: config.DATABASE_URL },
      { onPoolError: (error) => report.error(error), onConnectionError: (error) => report.error(error) },
    );
    const { prisma, queryCount, queryMs } = countingClient(adapter, () => report.ready());
    return { prisma, kind: 'postgres', queryCount, queryMs, close: () => prisma.$disconnect() };
  }
  const pglite: PGlite = await openPglite(config.DATA_DIR);
  await migrate(pgliteDriver(pglite));
  const { prisma, queryCount, queryMs } = countingClient(new PrismaPGlite(pglite));
  return {
    prisma,
    kind: 'pglite',
    queryCount,
    queryMs,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
