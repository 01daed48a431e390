-- pgvector: embeddings live in vector(512) columns.
CREATE EXTENSION IF NOT EXISTS "vector";

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "StageRunStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "AnalysisSession" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "status" "SessionStatus" NOT NULL DEFAULT 'QUEUED',
    "stages" TEXT[],
    "imageWidth" INTEGER NOT NULL,
    "imageHeight" INTEGER NOT NULL,
    "imageFormat" TEXT NOT NULL,
    "imageBytes" INTEGER NOT NULL,
    "imageSha256" TEXT NOT NULL,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AnalysisSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageRun" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "sessionId" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "status" "StageRunStatus" NOT NULL,
    "model" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "durationMs" DOUBLE PRECISION,

    CONSTRAINT "StageRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Face" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "sessionId" UUID NOT NULL,
    "faceIndex" INTEGER NOT NULL,
    "boxX" DOUBLE PRECISION NOT NULL,
    "boxY" DOUBLE PRECISION NOT NULL,
    "boxWidth" DOUBLE PRECISION NOT NULL,
    "boxHeight" DOUBLE PRECISION NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "landmarks" JSONB NOT NULL,
    "embedding" vector(512),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Face_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AnalysisSession_tenantId_createdAt_idx" ON "AnalysisSession"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "AnalysisSession_tenantId_status_idx" ON "AnalysisSession"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "StageRun_sessionId_stage_key" ON "StageRun"("sessionId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "Face_sessionId_faceIndex_key" ON "Face"("sessionId", "faceIndex");

-- CreateIndex
CREATE INDEX "Face_tenantId_idx" ON "Face"("tenantId");

-- AddForeignKey
ALTER TABLE "StageRun" ADD CONSTRAINT "StageRun_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "AnalysisSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Face" ADD CONSTRAINT "Face_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "AnalysisSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
