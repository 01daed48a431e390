-- Each 1:1 verification's decision, for outcome reports (live FAR/FRR metrics).

-- CreateTable
CREATE TABLE "Verification" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "match" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "correct" BOOLEAN,
    "reportedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Verification_tenantId_createdAt_idx" ON "Verification"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Verification_reportedAt_idx" ON "Verification"("reportedAt");
