-- Batches of images (analyzeImages): one session per image under a batch.

-- CreateTable
CREATE TABLE "AnalysisBatch" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalysisBatch_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "AnalysisSession" ADD COLUMN "batchId" UUID, ADD COLUMN "batchIndex" INTEGER;

-- CreateIndex
CREATE INDEX "AnalysisSession_batchId_idx" ON "AnalysisSession"("batchId");

-- AddForeignKey
ALTER TABLE "AnalysisSession" ADD CONSTRAINT "AnalysisSession_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "AnalysisBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
