-- Video analyses (analyzeVideo): the analysis, its face tracks, and the faces of its sampled frames.

-- CreateEnum
CREATE TYPE "VideoAnalysisStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "VideoAnalysis" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "status" "VideoAnalysisStatus" NOT NULL DEFAULT 'QUEUED',
    "stages" TEXT[],
    "requestId" TEXT,
    "fileName" TEXT,
    "bytes" INTEGER NOT NULL,
    "container" TEXT NOT NULL,
    "codec" TEXT NOT NULL,
    "durationS" DOUBLE PRECISION NOT NULL,
    "sourceFps" DOUBLE PRECISION NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "startS" DOUBLE PRECISION NOT NULL,
    "sampleFps" DOUBLE PRECISION NOT NULL,
    "maxFrames" INTEGER NOT NULL,
    "framesPlanned" INTEGER NOT NULL,
    "framesDone" INTEGER NOT NULL DEFAULT 0,
    "frameWidth" INTEGER,
    "frameHeight" INTEGER,
    "blobKey" TEXT,
    "blobExpiresAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "VideoAnalysis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoFaceTrack" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "videoAnalysisId" UUID NOT NULL,
    "trackId" INTEGER NOT NULL,
    "firstMs" DOUBLE PRECISION NOT NULL,
    "lastMs" DOUBLE PRECISION NOT NULL,
    "frames" INTEGER NOT NULL,
    "bestFrameIndex" INTEGER NOT NULL,
    "bestTimestampMs" DOUBLE PRECISION NOT NULL,
    "bestBoxX" DOUBLE PRECISION NOT NULL,
    "bestBoxY" DOUBLE PRECISION NOT NULL,
    "bestBoxWidth" DOUBLE PRECISION NOT NULL,
    "bestBoxHeight" DOUBLE PRECISION NOT NULL,
    "bestScore" DOUBLE PRECISION NOT NULL,
    "bestQuality" DOUBLE PRECISION,
    "identityDecision" TEXT,
    "identityPersonId" UUID,
    "identitySimilarity" DOUBLE PRECISION,
    "identityCandidates" JSONB,
    "liveScore" DOUBLE PRECISION,
    "livenessVerdict" TEXT,
    "livenessStrategy" TEXT,
    "deepfakeScore" DOUBLE PRECISION,
    "deepfakeVerdict" TEXT,
    "deepfakeStrategy" TEXT,
    "age" DOUBLE PRECISION,
    "gender" TEXT,
    "genderProbability" DOUBLE PRECISION,

    CONSTRAINT "VideoFaceTrack_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VideoFrameFace" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "videoAnalysisId" UUID NOT NULL,
    "frameIndex" INTEGER NOT NULL,
    "timestampMs" DOUBLE PRECISION NOT NULL,
    "faceIndex" INTEGER NOT NULL,
    "trackId" INTEGER,
    "boxX" DOUBLE PRECISION NOT NULL,
    "boxY" DOUBLE PRECISION NOT NULL,
    "boxWidth" DOUBLE PRECISION NOT NULL,
    "boxHeight" DOUBLE PRECISION NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "quality" DOUBLE PRECISION,

    CONSTRAINT "VideoFrameFace_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VideoAnalysis_tenantId_createdAt_idx" ON "VideoAnalysis"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "VideoAnalysis_status_createdAt_idx" ON "VideoAnalysis"("status", "createdAt");

-- CreateIndex
CREATE INDEX "VideoAnalysis_blobExpiresAt_idx" ON "VideoAnalysis"("blobExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "VideoFaceTrack_videoAnalysisId_trackId_key" ON "VideoFaceTrack"("videoAnalysisId", "trackId");

-- CreateIndex
CREATE INDEX "VideoFaceTrack_tenantId_idx" ON "VideoFaceTrack"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "VideoFrameFace_videoAnalysisId_frameIndex_faceIndex_key" ON "VideoFrameFace"("videoAnalysisId", "frameIndex", "faceIndex");

-- AddForeignKey
ALTER TABLE "VideoFaceTrack" ADD CONSTRAINT "VideoFaceTrack_videoAnalysisId_fkey" FOREIGN KEY ("videoAnalysisId") REFERENCES "VideoAnalysis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoFrameFace" ADD CONSTRAINT "VideoFrameFace_videoAnalysisId_fkey" FOREIGN KEY ("videoAnalysisId") REFERENCES "VideoAnalysis"("id") ON DELETE CASCADE ON UPDATE CASCADE;
