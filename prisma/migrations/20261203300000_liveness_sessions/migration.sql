-- Multi-frame liveness sessions: the session (challenge, verdict), its frames, and the frames' analyses.

-- CreateEnum
CREATE TYPE "LivenessSessionStatus" AS ENUM ('OPEN', 'DECIDING', 'DECIDED');

-- CreateTable
CREATE TABLE "LivenessSession" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "challenge" TEXT[],
    "nonce" TEXT NOT NULL,
    "minFps" INTEGER NOT NULL,
    "frameBudget" INTEGER NOT NULL,
    "status" "LivenessSessionStatus" NOT NULL DEFAULT 'OPEN',
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "framesReceived" INTEGER NOT NULL DEFAULT 0,
    "lastTimestampMs" DOUBLE PRECISION,
    "violations" TEXT[],
    "verdict" TEXT,
    "reasons" TEXT[],
    "score" DOUBLE PRECISION,
    "decision" JSONB,
    "referenceFaceId" UUID,

    CONSTRAINT "LivenessSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LivenessFrame" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "livenessSessionId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "timestampMs" DOUBLE PRECISION NOT NULL,
    "sha256" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "analysisSessionId" UUID,
    "image" BYTEA,
    "imageFormat" TEXT,

    CONSTRAINT "LivenessFrame_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "AnalysisSession" ADD COLUMN "livenessSessionId" UUID;

-- CreateIndex
CREATE INDEX "LivenessSession_tenantId_createdAt_idx" ON "LivenessSession"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "LivenessSession_credentialId_decidedAt_idx" ON "LivenessSession"("credentialId", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LivenessFrame_livenessSessionId_seq_key" ON "LivenessFrame"("livenessSessionId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "LivenessFrame_livenessSessionId_sha256_key" ON "LivenessFrame"("livenessSessionId", "sha256");

-- CreateIndex
CREATE INDEX "AnalysisSession_livenessSessionId_idx" ON "AnalysisSession"("livenessSessionId");

-- AddForeignKey
ALTER TABLE "LivenessFrame" ADD CONSTRAINT "LivenessFrame_livenessSessionId_fkey" FOREIGN KEY ("livenessSessionId") REFERENCES "LivenessSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalysisSession" ADD CONSTRAINT "AnalysisSession_livenessSessionId_fkey" FOREIGN KEY ("livenessSessionId") REFERENCES "LivenessSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
