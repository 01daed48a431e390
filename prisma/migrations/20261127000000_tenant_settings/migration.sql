-- Per-tenant recognition thresholds (verifyFaces/verifyPerson and identifyFaces/IDENTIFICATION).

-- CreateTable
CREATE TABLE "TenantSettings" (
    "tenantId" TEXT NOT NULL,
    "verifyThreshold" DOUBLE PRECISION,
    "identifyThreshold" DOUBLE PRECISION,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TenantSettings_pkey" PRIMARY KEY ("tenantId")
);
