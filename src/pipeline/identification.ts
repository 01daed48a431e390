import type { IdentificationResult } from './results.ts';
import type { TenantThresholds } from './thresholds.ts';

/** A person's best face among the nearest enrolled faces. */
export interface Candidate {
  personId: string;
  faceId: string;
  similarity: number;
}

/** What identification needs from the gallery (GalleryRepository implements it). */
export interface GalleryPort {
  /** Up to `topK` persons nearest to `embedding` in the tenant, best first, each with its best face. */
  candidates(tenantId: string, embedding: readonly number[], topK: number): Promise<Candidate[]>;
  tenantSettings(tenantId: string): Promise<TenantThresholds | null>;
}

/** Persons offered per face: identifyFaces' default topK, and what the IDENTIFICATION stage stores. */
export const DEFAULT_TOP_K = 5;

/**
 * 1:N identification of one face, for the identifyFaces mutation and the IDENTIFICATION stage alike:
 * the gallery's nearest persons, and MATCH only when the best is at or above the threshold (never
 * just the nearest neighbour). A face without an embedding (stopped by the quality gate) is not searched.
 */
export async function identifyFace(
  gallery: Pick<GalleryPort, 'candidates'>,
  tenantId: string,
  embedding: readonly number[] | null,
  options: { threshold: number; topK: number },
): Promise<IdentificationResult> {
  if (!embedding) return { decision: 'NOT_SEARCHED', personId: null, similarity: null, margin: null, candidates: [] };
  const candidates = await gallery.candidates(tenantId, embedding, options.topK);
  const [first, second] = candidates;
  const match = first !== undefined && first.similarity >= options.threshold;
  return {
    decision: match ? 'MATCH' : 'UNKNOWN',
    personId: match ? first.personId : null,
    similarity: first?.similarity ?? null,
    margin: first && second ? first.similarity - second.similarity : null,
    candidates: candidates.map(({ personId, similarity }) => ({ personId, similarity })),
  };
}
