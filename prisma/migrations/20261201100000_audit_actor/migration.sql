-- The audit log records every mutation: who (actor kind and id: the token's subject, never the token),
-- which request, what it targeted and how it ended. Rows are only ever inserted.

-- AlterTable
ALTER TABLE "AuditEvent"
    ALTER COLUMN "subjectType" DROP NOT NULL,
    ALTER COLUMN "subjectId" DROP NOT NULL,
    ADD COLUMN "actorKind" TEXT NOT NULL DEFAULT 'system',
    ADD COLUMN "actorId" TEXT,
    ADD COLUMN "requestId" TEXT,
    ADD COLUMN "targetIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "outcome" TEXT NOT NULL DEFAULT 'OK',
    ADD COLUMN "errorCode" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_action_at_idx" ON "AuditEvent"("tenantId", "action", "at");
