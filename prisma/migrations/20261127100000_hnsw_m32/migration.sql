-- A denser HNSW graph for the gallery: with pgvector's defaults (m 16, ef_construction 64) recall@10
-- at 1 M clustered 512-d faces stayed below 0.93 whatever ef_search; with m 32, ef_construction 128 it
-- is 0.987 at ef_search 200 (npm run bench:search, README "Recognition gallery"). Costs: the build
-- takes about 2.5 times as long and each enrollment about twice as long. This rebuilds the index once:
-- roughly 10 minutes per million enrolled faces on 2 cores.

-- DropIndex
DROP INDEX IF EXISTS "Face_embedding_hnsw_idx";

-- CreateIndex
CREATE INDEX "Face_embedding_hnsw_idx" ON "Face" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 32, ef_construction = 128) WHERE "personId" IS NOT NULL;
