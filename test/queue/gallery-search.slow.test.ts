import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { GalleryRepository } from '../../src/db/gallery.repository.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

// Filtered HNSW search on PostgreSQL + pgvector: a tenant that holds 1 % of the index still gets k rows.
const services = await queueServices('gallery_search');

describe.skipIf(!services)('gallery search with a small tenant in a large index', () => {
  const s = services as QueueServices;
  let db: Database;
  let gallery: GalleryRepository;
  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: s.databaseUrl });
    db = await openDatabase(config);
    gallery = new GalleryRepository(db.prisma, { efSearch: config.HNSW_EF_SEARCH });
    const client = new pg.Client({ connectionString: s.databaseUrl });
    await client.connect();
    try {
      // 50,000 enrolled faces with random unit vectors: 500 in tenant "small", 49,500 in "big". Loaded
      // before the migration's HNSW index is rebuilt (as an import would): inserting into it row by row is slower.
      const indexDef = (await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'Face_embedding_hnsw_idx'`)).rows[0]
        ?.indexdef as string;
      await client.query('DROP INDEX "Face_embedding_hnsw_idx"');
      await client.query(`
        INSERT INTO "AnalysisSession" ("id", "tenantId", "stages", "imageWidth", "imageHeight", "imageFormat", "imageBytes", "imageSha256", "status")
        VALUES ('00000000-0000-4000-8000-000000000001', 'big', '{RECOGNITION}', 1, 1, 'jpeg', 1, 'x', 'COMPLETED')`);
      await client.query(
        `INSERT INTO "Person" ("id", "tenantId", "name") SELECT gen_random_uuid(), CASE WHEN i <= 20 THEN 'small' ELSE 'big' END, 'p' || lpad(i::text, 4, '0') FROM generate_series(1, 2000) i`,
      );
      await client.query(`
        WITH p AS (SELECT "id", "tenantId", row_number() OVER (ORDER BY "name") AS n FROM "Person"),
        v AS (SELECT i, (SELECT array_agg(random() - 0.5) FROM generate_series(1, 512) WHERE i > 0) AS a FROM generate_series(1, 50000) i)
        INSERT INTO "Face" ("id", "tenantId", "sessionId", "faceIndex", "boxX", "boxY", "boxWidth", "boxHeight", "score", "landmarks", "personId", "embedding")
        SELECT gen_random_uuid(), p."tenantId", '00000000-0000-4000-8000-000000000001', v.i, 0, 0, 1, 1, 1, '[]', p."id", v.a::vector(512)
        FROM v JOIN p ON p.n = CASE WHEN v.i <= 500 THEN 1 + (v.i - 1) % 20 ELSE 21 + (v.i - 1) % 1980 END`);
      await client.query("SET maintenance_work_mem = '1GB'");
      await client.query(indexDef);
      await client.query('ANALYZE "Face"');
    } finally {
      await client.end();
    }
  }, 600_000);
  afterAll(async () => {
    await db?.close();
    await s?.cleanup();
  });

  it('the 1 % tenant gets k results for k = 10 and 50, all its own, nearest first', async () => {
    const probe = Array.from({ length: 512 }, () => Math.random() - 0.5);
    const norm = Math.hypot(...probe);
    const unit = probe.map((x) => x / norm);
    for (const k of [10, 50]) {
      const rows = await gallery.nearestFaces('small', unit, k);
      expect(rows).toHaveLength(k);
      const ids = new Set((await db.prisma.person.findMany({ where: { tenantId: 'small' }, select: { id: true } })).map((p) => p.id));
      expect(rows.every((r) => ids.has(r.personId))).toBe(true);
      expect(rows.map((r) => r.similarity)).toEqual([...rows.map((r) => r.similarity)].sort((a, b) => b - a));
    }
    expect(await gallery.nearestFaces('big', unit, 10)).toHaveLength(10);
    // For the big tenant the planner uses the HNSW index (for the small one it may rather read its 500
    // rows by tenant and sort them exactly: either way the tenant gets its k rows).
    const client = new pg.Client({ connectionString: s.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL hnsw.iterative_scan = relaxed_order');
      const vec = `[${unit.join(',')}]`;
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT "id" FROM "Face" WHERE "tenantId" = 'big' AND "personId" IS NOT NULL AND "embedding" IS NOT NULL ORDER BY "embedding" <=> $1::vector LIMIT 10`,
        [vec],
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Face_embedding_hnsw_idx/);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });

  it('on the HNSW index itself, the iterative scan is what gives the 1 % tenant its k rows (without it: fewer)', async () => {
    const probe = Array.from({ length: 512 }, () => Math.random() - 0.5);
    const vec = `[${probe.join(',')}]`;
    const client = new pg.Client({ connectionString: s.databaseUrl });
    await client.connect();
    const search = async (iterative: 'off' | 'relaxed_order'): Promise<{ rows: number; plan: string }> => {
      await client.query('BEGIN');
      // Keep the planner on the HNSW index (a small tenant would otherwise be read by tenant and sorted exactly).
      await client.query(
        `SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; SET LOCAL hnsw.ef_search = 40; SET LOCAL hnsw.iterative_scan = ${iterative}`,
      );
      const sql = `SELECT "id" FROM "Face" WHERE "tenantId" = 'small' AND "personId" IS NOT NULL AND "embedding" IS NOT NULL ORDER BY "embedding" <=> $1::vector LIMIT 50`;
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [vec])).rows.map((r) => r['QUERY PLAN']).join('\n');
      const rows = (await client.query(sql, [vec])).rowCount ?? 0;
      await client.query('ROLLBACK');
      return { rows, plan };
    };
    try {
      const plain = await search('off');
      const iterative = await search('relaxed_order');
      expect(plain.plan).toMatch(/Face_embedding_hnsw_idx/);
      expect(iterative.plan).toMatch(/Face_embedding_hnsw_idx/);
      expect(plain.rows).toBeLessThan(50);
      expect(iterative.rows).toBe(50);
    } finally {
      await client.end();
    }
  });
});
