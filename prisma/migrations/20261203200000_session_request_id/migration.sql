-- The request that submitted a session (x-request-id): it follows the job into the worker's logs.

-- AlterTable
ALTER TABLE "AnalysisSession" ADD COLUMN "requestId" TEXT;
