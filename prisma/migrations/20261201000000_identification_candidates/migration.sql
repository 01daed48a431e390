-- IDENTIFICATION stores what identifyFaces answers too: the margin to the second-best person and the
-- nearest persons ([{personId, similarity}], best first), so both come from one identifyFace().

-- AlterTable
ALTER TABLE "Face"
    ADD COLUMN "identityMargin" DOUBLE PRECISION,
    ADD COLUMN "identityCandidates" JSONB;
