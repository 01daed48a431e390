import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDriver } from './sql-driver.ts';

const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

// The bookkeeping table exactly as Prisma creates it, so `prisma migrate deploy` (where its engine
// exists, e.g. in the Docker images) sees these migrations as applied.
const bookkeepingTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Replicas starting together must not apply the same migration twice.
const lockKey = 72_617_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function listMigrations(dir = migrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

class MigrationError extends Error {}

/** Applies pending migrations in name order, each in its own transaction; returns the names applied. */
export async function migrate(db: SqlDriver, dir = migrationsDir): Promise<string[]> {
  const migrations = await listMigrations(dir);
  await db.exec(bookkeepingTable);
  await db.query('SELECT pg_advisory_lock($1)', [lockKey]);
  try {
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const done: string[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.name);
      if (previous?.finished_at) {
        if (previous.checksum !== m.checksum) {
          throw new MigrationError(`Migration ${m.name} was changed after it was applied (checksum differs).`);
        }
        continue;
      }
      if (previous) throw new MigrationError(`Migration ${m.name} failed earlier; fix the database, then mark it rolled back.`);
      const id = randomUUID();
      await db.exec(`BEGIN;\n${m.sql}\n;COMMIT;`).catch(async (error: unknown) => {
        await db.exec('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`Migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [id, m.checksum, m.name],
      );
      done.push(m.name);
    }
    return done;
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [lockKey]);
  }
}
