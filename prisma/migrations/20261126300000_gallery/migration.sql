-- Recognition gallery: persons, enrolled faces, the vector index, and an audit trail for erasure.

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT NOT NULL,
    "externalId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" UUID NOT NULL,
    "details" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Face" ADD COLUMN "personId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Person_tenantId_externalId_key" ON "Person"("tenantId", "externalId");
CREATE INDEX "Person_tenantId_name_idx" ON "Person"("tenantId", "name");
CREATE INDEX "AuditEvent_tenantId_at_idx" ON "AuditEvent"("tenantId", "at");
CREATE INDEX "Face_personId_idx" ON "Face"("personId");

-- Approximate nearest neighbours by cosine distance, for enrolled faces only (identification never searches the rest).
CREATE INDEX "Face_embedding_hnsw_idx" ON "Face" USING hnsw ("embedding" vector_cosine_ops) WHERE "personId" IS NOT NULL;

-- AddForeignKey
ALTER TABLE "Face" ADD CONSTRAINT "Face_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
