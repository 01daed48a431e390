import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import type pg from 'pg';

/** The few raw-SQL operations the migration runner needs, on PGlite or PostgreSQL alike. */
export interface SqlDriver {
  /** Runs a script of one or more statements. */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export async function openPglite(dataDir: string): Promise<PGlite> {
  const db = new PGlite(dataDir, { extensions: { vector } });
  await db.waitReady;
  return db;
}

export function pgliteDriver(db: PGlite): SqlDriver {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await db.query<Row>(sql, params)).rows,
  };
}

export function pgClientDriver(client: pg.ClientBase): SqlDriver {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
  };
}
