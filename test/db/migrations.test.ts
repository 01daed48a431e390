import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { openPglite, pgliteDriver } from '../../src/db/sql-driver.ts';
import { copyPgliteTemplate } from '../support/pglite-template.ts';

interface PrismaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  unsupported: string | null;
}

/** The scalar columns of each model in schema.prisma (relations skipped). */
function prismaModels(source: string): Map<string, PrismaField[]> {
  const enums = new Set([...source.matchAll(/^enum (\w+)/gm)].map((m) => m[1] as string));
  const models = new Map<string, PrismaField[]>();
  for (const [, name, body] of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields: PrismaField[] = [];
    for (const line of (body ?? '').split('\n')) {
      const m = /^\s+(\w+)\s+(Unsupported\("([^"]+)"\)|\w+)(\[\])?(\?)?/.exec(line);
      if (!m || line.includes('@relation') || line.trim().startsWith('//')) continue;
      const type = m[2] as string;
      const isModel =
        /^[A-Z]/.test(type) &&
        !enums.has(type) &&
        !['String', 'Int', 'Float', 'Boolean', 'DateTime', 'Json', 'Decimal', 'BigInt', 'Bytes'].includes(type) &&
        !m[3];
      if (isModel) continue;
      fields.push({ name: m[1] as string, type: enums.has(type) ? 'enum' : type, optional: Boolean(m[5]), list: Boolean(m[4]), unsupported: m[3] ?? null });
    }
    models.set(name as string, fields);
  }
  return models;
}

const pgTypeFor = (f: PrismaField): string[] => {
  if (f.list) return ['ARRAY'];
  if (f.unsupported) return ['USER-DEFINED'];
  const map: Record<string, string[]> = {
    String: ['text', 'uuid'],
    Int: ['integer'],
    Float: ['double precision'],
    DateTime: ['timestamp with time zone', 'timestamp without time zone'],
    Json: ['jsonb'],
    Boolean: ['boolean'],
    Bytes: ['bytea'],
    enum: ['USER-DEFINED'],
  };
  return map[f.type] ?? [f.type];
};

describe('migrations', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof openPglite>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'facesocial-migrate-'));
    await copyPgliteTemplate(dir, { migrated: false });
    db = await openPglite(dir);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('apply to an empty database, record Prisma bookkeeping rows, and are not applied twice', async () => {
    const applied = await migrate(pgliteDriver(db));
    const all = await listMigrations();
    expect(applied).toEqual(all.map((m) => m.name));
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.rows.map((r) => [r.migration_name, r.checksum])).toEqual(all.map((m) => [m.name, m.checksum]));
    expect(rows.rows.every((r) => r.finished_at !== null)).toBe(true);
    expect(await migrate(pgliteDriver(db))).toEqual([]);
  });

  it('create exactly the tables and columns schema.prisma declares, with matching types and nullability', async () => {
    const schema = readFileSync(fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url)), 'utf8');
    const models = prismaModels(schema);
    expect(models.size).toBeGreaterThan(0);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`,
    );
    expect(tables.rows.map((t) => t.table_name).sort()).toEqual([...models.keys()].sort());
    for (const [model, fields] of models) {
      const { rows } = await db.query<{ column_name: string; data_type: string; is_nullable: string; udt_name: string }>(
        `SELECT column_name, data_type, is_nullable, udt_name FROM information_schema.columns WHERE table_name = $1`,
        [model],
      );
      expect(rows.map((c) => c.column_name).sort(), model).toEqual(fields.map((f) => f.name).sort());
      for (const field of fields) {
        const column = rows.find((c) => c.column_name === field.name);
        expect(pgTypeFor(field), `${model}.${field.name}`).toContain(column?.data_type);
        if (field.unsupported) expect(field.unsupported).toContain(column?.udt_name);
        expect(column?.is_nullable, `${model}.${field.name} nullability`).toBe(field.optional || field.list ? 'YES' : 'NO');
      }
    }
  });

  it('refuse a migration edited after it was applied', async () => {
    const [first] = await listMigrations();
    await db.query('UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2', ['0'.repeat(64), first?.name]);
    await expect(migrate(pgliteDriver(db))).rejects.toThrow(/changed after it was applied/);
  });
});
