// npm run bench:search [-- --sizes 100000,1000000 --queries 200 --ef 40,100,200,400 --m 32 --ef-construction 128]: HNSW search on PostgreSQL + pgvector.
// For each gallery size: bulk load and HNSW build time, enrollment throughput (one face per call through
// GalleryRepository.enroll, the index maintained), search p50/p95 latency through GalleryRepository (the
// API's query) and as plain SQL, and recall@10 against exact search.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { GalleryRepository } from '../src/db/gallery.repository.ts';
import { queueServices } from '../test/support/services.ts';
import { fmt, median } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    queries: { type: 'string', default: '200' },
    ef: { type: 'string', default: '40,100,200,400' },
    // Index parameters to try instead of the migration's (m 32, ef_construction 128).
    m: { type: 'string' },
    'ef-construction': { type: 'string' },
  },
});
const efs = args.ef.split(',').map(Number);
const indexParams = [args.m ? `m = ${Number(args.m)}` : '', args['ef-construction'] ? `ef_construction = ${Number(args['ef-construction'])}` : '']
  .filter(Boolean)
  .join(', ');
const sizes = args.sizes.split(',').map(Number);
const queries = Number(args.queries);
const DIM = 512;
const CLUSTERS = 1000;
const ENROLL_SAMPLE = 2000;
const SEARCHED = `"tenantId" = 'bench' AND "personId" IS NOT NULL AND "embedding" IS NOT NULL`;

const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? Number.NaN;

/** The person (cluster) c's ID, as the SQL below writes it. */
const personOf = (c: number): string => `00000000-0000-4000-9000-${c.toString(16).padStart(12, '0')}`;

function unit(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

console.log(
  `bench:search: sizes ${sizes.join(', ')}, HNSW ${indexParams || 'as migrated (m 32, ef_construction 128)'}, ${queries} queries each, 512-d clustered unit vectors (${CLUSTERS} clusters); ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
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
    await client.query(
      `CREATE TEMP TABLE centre AS SELECT c, (SELECT array_agg(random() - 0.5) FROM generate_series(1, ${DIM}) WHERE c > 0) AS v FROM generate_series(1, ${CLUSTERS}) c`,
    );
    await client.query(`INSERT INTO "AnalysisSession" ("id", "tenantId", "stages", "imageWidth", "imageHeight", "imageFormat", "imageBytes", "imageSha256", "status")
      VALUES ('00000000-0000-4000-8000-000000000001', 'bench', '{RECOGNITION}', 1, 1, 'jpeg', 1, 'x', 'COMPLETED')`);
    await client.query(
      `INSERT INTO "Person" ("id", "tenantId", "name") SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(c), 12, '0'))::uuid, 'bench', 'p' || c FROM generate_series(1, ${CLUSTERS}) c`,
    );
    // Bulk load without the index, then build it (how a large gallery is imported), then time
    // enrollment one face per call through the repository, with the index maintained (the API's path).
    const migrated = (await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'Face_embedding_hnsw_idx'`)).rows[0]
      ?.indexdef;
    if (!migrated) throw new Error('Face_embedding_hnsw_idx is missing: run the migrations');
    const indexDef = indexParams ? migrated.replace(/WITH \([^)]*\)/, `WITH (${indexParams})`) : migrated;
    if (indexParams && indexDef === migrated) throw new Error(`cannot add ${indexParams} to: ${migrated}`);
    await client.query('DROP INDEX "Face_embedding_hnsw_idx"');
    const insertFaces = (from: number, to: number, enrolled: boolean) =>
      client.query(
        `INSERT INTO "Face" ("id", "tenantId", "sessionId", "faceIndex", "boxX", "boxY", "boxWidth", "boxHeight", "score", "landmarks", "personId", "embedding")
         SELECT gen_random_uuid(), 'bench', '00000000-0000-4000-8000-000000000001', i, 0, 0, 1, 1, 1, '[]',
                ${enrolled ? `('00000000-0000-4000-9000-' || lpad(to_hex(1 + i % ${CLUSTERS}), 12, '0'))::uuid` : 'NULL'},
                l2_normalize((SELECT array_agg(x + (random() - 0.5) * 0.6) FROM unnest(centre.v) x)::vector(${DIM}))
         FROM generate_series($1::int, $2::int) i JOIN centre ON centre.c = 1 + i % ${CLUSTERS}`,
        [from, to - 1],
      );
    const loadStarted = performance.now();
    for (let from = 0; from < size; from += 20_000) await insertFaces(from, Math.min(size, from + 20_000), true);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    // Parallel HNSW build needs the graph to fit in maintenance_work_mem; otherwise it is many times slower.
    await client.query(`SET maintenance_work_mem = '${Math.max(1, Math.ceil((size * 2.6) / 1e6))}GB'`);
    await client.query(`SET max_parallel_maintenance_workers = ${Math.max(1, cpus().length - 1)}`);
    const buildStarted = performance.now();
    await client.query(indexDef);
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    await client.query('ANALYZE "Face"');
    console.log(`  ${size.toLocaleString('en')}: loaded in ${fmt(loadSeconds, 0)} s, HNSW index built in ${fmt(buildSeconds, 0)} s`);

    const enroller = new GalleryRepository(db.prisma, { efSearch: Math.max(...efs) });
    await insertFaces(size, size + ENROLL_SAMPLE, false);
    const pending = (
      await client.query<{ id: string; c: number }>(`SELECT "id"::text AS id, 1 + "faceIndex" % ${CLUSTERS} AS c FROM "Face" WHERE "personId" IS NULL`)
    ).rows;
    const enrollStarted = performance.now();
    for (const face of pending) {
      const ok = await enroller.enroll('bench', face.id, personOf(face.c));
      if (!ok) throw new Error(`enroll ${face.id} failed`);
    }
    const enrollPerSecond = (pending.length * 1000) / (performance.now() - enrollStarted);
    await client.query('ANALYZE "Face"');

    // Probes near random cluster centres, and their exact top 10 (sequential scan), shared by every ef_search.
    const centres = (await client.query<{ c: number; v: number[] }>(`SELECT c, v FROM centre ORDER BY random() LIMIT ${queries}`)).rows;
    const probes: { probe: number[]; truth: Set<string>; person: string }[] = [];
    for (const { c, v } of centres) {
      const probe = unit(v.map((x) => x + (Math.random() - 0.5) * 0.6));
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_indexscan = off');
      const exact = await client.query<{ id: string }>(`SELECT "id"::text AS id FROM "Face" WHERE ${SEARCHED} ORDER BY "embedding" <=> $1::vector LIMIT 10`, [
        `[${probe.join(',')}]`,
      ]);
      await client.query('COMMIT');
      probes.push({ probe, truth: new Set(exact.rows.map((r) => r.id)), person: personOf(c) });
    }
    // One untimed pass first, so the first ef_search measured does not pay for reading the index from disk.
    const warm = new GalleryRepository(db.prisma, { efSearch: Math.max(...efs) });
    for (const { probe } of probes) await warm.nearestFaces('bench', probe, 10);
    for (const ef of efs) {
      const gallery = new GalleryRepository(db.prisma, { efSearch: ef });
      const latencies: number[] = [];
      const sqlLatencies: number[] = [];
      const recalls: number[] = [];
      let personHits = 0;
      for (const { probe, truth, person } of probes) {
        const t = performance.now();
        const approx = await gallery.nearestFaces('bench', probe, 10);
        latencies.push(performance.now() - t);
        recalls.push(approx.filter((a) => truth.has(a.faceId)).length / Math.max(1, truth.size));
        if (approx[0]?.personId === person) personHits++;
        // The same search as plain SQL on one pg connection: what PostgreSQL itself takes.
        await client.query('BEGIN');
        await client.query(`SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = ${ef}`);
        const s0 = performance.now();
        await client.query(`SELECT "id" FROM "Face" WHERE ${SEARCHED} ORDER BY "embedding" <=> $1::vector LIMIT 10`, [`[${probe.join(',')}]`]);
        sqlLatencies.push(performance.now() - s0);
        await client.query('COMMIT');
      }
      const line = `| ${size.toLocaleString('en')} | ${ef} | ${fmt(size / loadSeconds, 0)} / ${fmt(buildSeconds, 0)} s | ${fmt(enrollPerSecond, 0)} | ${fmt(median(latencies), 1)} | ${fmt(percentile(latencies, 0.95), 1)} | ${fmt(median(sqlLatencies), 1)} / ${fmt(percentile(sqlLatencies, 0.95), 1)} | ${fmt(recalls.reduce((s, r) => s + r, 0) / recalls.length, 3)} | ${fmt(personHits / probes.length, 3)} |`;
      console.log(line);
      rows.push(line);
    }
    const plan = (
      await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT "id" FROM "Face" WHERE ${SEARCHED} ORDER BY "embedding" <=> $1::vector LIMIT 10`, [
        `[${probes[0]?.probe.join(',')}]`,
      ])
    ).rows;
    console.log(
      `  plan: ${plan
        .map((r) => r['QUERY PLAN'])
        .join(' / ')
        .replace(/'\[[^\]]*\]'/g, "'[...]'")
        .slice(0, 300)}`,
    );
  } finally {
    await client.end();
    await db.close();
    await services.cleanup();
  }
}
console.log(
  "\n| gallery size | hnsw.ef_search | bulk load rows/s / HNSW build | enrollment faces/s (GalleryRepository.enroll, index maintained) | search p50 ms (repository) | search p95 ms (repository) | SQL alone p50 / p95 ms | recall@10 vs exact | top-1 is the probe's person |",
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
