-- IDENTIFICATION stage: each analysed face's gallery match. Erasing the person clears the link.

-- AlterTable
ALTER TABLE "Face"
    ADD COLUMN "identityDecision" TEXT,
    ADD COLUMN "identityPersonId" UUID,
    ADD COLUMN "identitySimilarity" DOUBLE PRECISION;

-- AddForeignKey
ALTER TABLE "Face" ADD CONSTRAINT "Face_identityPersonId_fkey" FOREIGN KEY ("identityPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
