import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { openPglite, pgliteDriver } from '../../src/db/sql-driver.ts';

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/facesocial', import.meta.url));

/**
 * Creating a PGlite cluster (initdb in WebAssembly) is by far the slowest part of starting an
 * embedded app on a small machine. Clusters are built once, cached under node_modules/.cache
 * (empty, and migrated per set of migrations), and every test starts from a copy.
 */
async function cached(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(cacheDir, name);
  if (existsSync(dir)) return dir;
  mkdirSync(cacheDir, { recursive: true });
  const building = mkdtempSync(join(cacheDir, 'building-'));
  await build(building);
  try {
    renameSync(building, dir); // atomic: when parallel test files both built one, the first stays
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

const emptyCluster = (): Promise<string> =>
  cached('pglite-empty', async (dir) => {
    const db = await openPglite(dir);
    await db.close();
  });

async function migratedCluster(): Promise<string> {
  const migrations = await listMigrations();
  const key = createHash('sha256')
    .update(migrations.map((m) => m.checksum).join())
    .digest('hex')
    .slice(0, 16);
  return cached(`pglite-migrated-${key}`, async (dir) => {
    cpSync(await emptyCluster(), dir, { recursive: true });
    const db = await openPglite(dir);
    await migrate(pgliteDriver(db));
    await db.close();
  });
}

/** A fresh PGlite data directory at `target`: migrated, or empty (for migration tests). */
export async function copyPgliteTemplate(target: string, { migrated = true } = {}): Promise<void> {
  cpSync(migrated ? await migratedCluster() : await emptyCluster(), target, { recursive: true });
}
