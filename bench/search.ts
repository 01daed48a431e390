// npm run bench:search [-- --sizes 100000,1000000 --queries 200]: HNSW search on PostgreSQL + pgvector.
// For each gallery size: enrollment throughput (rows/s into the HNSW-indexed table), search p50/p95
// latency through GalleryRepository (the API's query), and recall@10 against exact search.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { GalleryRepository } from '../src/db/gallery.repository.ts';
import { queueServices } from '../test/support/services.ts';
import { fmt, median } from './stats.ts';

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '100000' }, queries: { type: 'string', default: '200' } } });
const sizes = args.sizes.split(',').map(Number);
const queries = Number(args.queries);
const DIM = 512;
const CLUSTERS = 1000;

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? Number.NaN;

function unit(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

console.log(`bench:search: sizes ${sizes.join(', ')}, ${queries} queries each, 512-d clustered unit vectors (${CLUSTERS} clusters); ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
const rows: string[] = [];
for (const size of sizes) {
  const services = await queueServices(`bench_search_${size}`);
  if (!services) {
    console.log('skipped: PostgreSQL with pgvector is not reachable (scripts/services-up.sh).');
    break;
  }
  const db = await openDatabase(loadConfig({ DATABASE_URL: services.databaseUrl }));
  const client = new pg.Client({ connectionString: services.databaseUrl });
  await client.connect();
  try {
    // Cluster centres, then members = centre + noise, normalised: faces of one person resemble each other.
    await client.query(`CREATE TEMP TABLE centre AS SELECT c, (SELECT array_agg(random() - 0.5) FROM generate_series(1, ${DIM}) WHERE c > 0) AS v FROM generate_series(1, ${CLUSTERS}) c`);
    await client.query(`INSERT INTO "AnalysisSession" ("id", "tenantId", "stages", "imageWidth", "imageHeight", "imageFormat", "imageBytes", "imageSha256", "status")
      VALUES ('00000000-0000-4000-8000-000000000001', 'bench', '{RECOGNITION}', 1, 1, 'jpeg', 1, 'x', 'COMPLETED')`);
    await client.query(`INSERT INTO "Person" ("id", "tenantId", "name") SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(c), 12, '0'))::uuid, 'bench', 'p' || c FROM generate_series(1, ${CLUSTERS}) c`);
    const batch = 10_000;
    const started = performance.now();
    for (let from = 0; from < size; from += batch) {
      await client.query(
        `INSERT INTO "Face" ("id", "tenantId", "sessionId", "faceIndex", "boxX", "boxY", "boxWidth", "boxHeight", "score", "landmarks", "personId", "embedding")
         SELECT gen_random_uuid(), 'bench', '00000000-0000-4000-8000-000000000001', i, 0, 0, 1, 1, 1, '[]',
                ('00000000-0000-4000-9000-' || lpad(to_hex(1 + i % ${CLUSTERS}), 12, '0'))::uuid,
                l2_normalize((SELECT array_agg(x + (random() - 0.5) * 0.6) FROM unnest(centre.v) x)::vector(${DIM}))
         FROM generate_series($1::int, $2::int) i JOIN centre ON centre.c = 1 + i % ${CLUSTERS}`,
        [from, Math.min(size, from + batch) - 1],
      );
    }
    const enrollPerSecond = (size * 1000) / (performance.now() - started);
    await client.query('ANALYZE "Face"');

    const gallery = new GalleryRepository(db.prisma);
    const centres = (await client.query<{ v: number[] }>(`SELECT v FROM centre ORDER BY random() LIMIT ${queries}`)).rows;
    const latencies: number[] = [];
    const sqlLatencies: number[] = [];
    const recalls: number[] = [];
    let plan = '';
    for (const { v } of centres) {
      const probe = unit(v.map((x) => x + (Math.random() - 0.5) * 0.6));
      const t = performance.now();
      const approx = await gallery.nearestFaces('bench', probe, 10);
      latencies.push(performance.now() - t);
      // The same search as plain SQL on one pg connection: what PostgreSQL itself takes.
      const vec = `[${probe.join(',')}]`;
      await client.query('BEGIN');
      await client.query('SET LOCAL hnsw.iterative_scan = relaxed_order');
      const sql = `SELECT "id" FROM "Face" WHERE "tenantId" = 'bench' AND "personId" IS NOT NULL AND "embedding" IS NOT NULL ORDER BY "embedding" <=> $1::vector LIMIT 10`;
      const s0 = performance.now();
      await client.query(sql, [vec]);
      sqlLatencies.push(performance.now() - s0);
      if (!plan) plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [vec])).rows.map((r) => r['QUERY PLAN']).join(' / ');
      await client.query('COMMIT');
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_indexscan = off');
      const exact = await client.query<{ id: string }>(
        `SELECT "id"::text AS id FROM "Face" WHERE "tenantId" = 'bench' AND "personId" IS NOT NULL AND "embedding" IS NOT NULL ORDER BY "embedding" <=> $1::vector LIMIT 10`,
        [`[${probe.join(',')}]`],
      );
      await client.query('COMMIT');
      const truth = new Set(exact.rows.map((r) => r.id));
      recalls.push(approx.filter((a) => truth.has(a.faceId)).length / Math.max(1, truth.size));
    }
    console.log(`  plan: ${plan.slice(0, 300)}`);
    const line = `| ${size.toLocaleString('en')} | ${fmt(enrollPerSecond, 0)} | ${fmt(median(latencies), 1)} | ${fmt(percentile(latencies, 0.95), 1)} | ${fmt(median(sqlLatencies), 1)} / ${fmt(percentile(sqlLatencies, 0.95), 1)} | ${fmt(recalls.reduce((s, r) => s + r, 0) / recalls.length, 3)} |`;
    console.log(line);
    rows.push(line);
  } finally {
    await client.end();
    await db.close();
    await services.cleanup();
  }
}
console.log('\n| gallery size | enrollment rows/s (HNSW maintained) | search p50 ms (repository) | search p95 ms (repository) | SQL alone p50 / p95 ms | recall@10 vs exact |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
