-- Per-face results of the pipeline stages after DETECTION.

-- CreateEnum
CREATE TYPE "LivenessVerdict" AS ENUM ('LIVE', 'SPOOF', 'UNCERTAIN');

-- CreateEnum
CREATE TYPE "DeepfakeVerdict" AS ENUM ('FAKE', 'REAL', 'UNCERTAIN');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('FEMALE', 'MALE');

-- AlterTable
ALTER TABLE "Face"
    ADD COLUMN "detectedWithPadding" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "landmarks68" JSONB,
    ADD COLUMN "poseYaw" DOUBLE PRECISION,
    ADD COLUMN "posePitch" DOUBLE PRECISION,
    ADD COLUMN "poseRoll" DOUBLE PRECISION,
    ADD COLUMN "qualityScore" DOUBLE PRECISION,
    ADD COLUMN "qualityPassed" BOOLEAN,
    ADD COLUMN "qualityIssues" TEXT[],
    ADD COLUMN "qualityReasons" JSONB,
    ADD COLUMN "embeddingModel" TEXT,
    ADD COLUMN "recognitionSkipped" TEXT,
    ADD COLUMN "liveScore" DOUBLE PRECISION,
    ADD COLUMN "livenessVerdict" "LivenessVerdict",
    ADD COLUMN "livenessModels" JSONB,
    ADD COLUMN "age" INTEGER,
    ADD COLUMN "gender" "Gender",
    ADD COLUMN "genderProbability" DOUBLE PRECISION,
    ADD COLUMN "deepfakeScore" DOUBLE PRECISION,
    ADD COLUMN "deepfakeVerdict" "DeepfakeVerdict",
    ADD COLUMN "emotion" TEXT,
    ADD COLUMN "emotionScores" JSONB;

-- Dashboards list recent liveness verdicts per tenant.
CREATE INDEX "Face_tenantId_livenessVerdict_idx" ON "Face"("tenantId", "livenessVerdict");
