import type { Person } from '../db/gallery.repository.ts';
import type { FaceRecord } from '../db/sessions.repository.ts';
import { identificationDecisions, type IdentificationResult } from '../pipeline/results.ts';
import { builder } from './builder.ts';
import { describedValues } from './common.ts';
import { FaceRef, PersonRef } from './refs.ts';

/** One face's identification, as identifyFaces answers it and as the IDENTIFICATION stage stored it. */
export type FaceIdentificationView = IdentificationResult & { face: FaceRecord };

const DecisionEnum = builder.enumType('IdentificationDecision', {
  values: describedValues(identificationDecisions, {
    MATCH: 'The best candidate is at or above the threshold: `person`.',
    UNKNOWN: 'Nobody in the gallery is similar enough: not the nearest neighbour, unknown.',
    NOT_SEARCHED: 'The face has no embedding (below the quality gate).',
  }),
});

const CandidateRef = builder.objectRef<{ person: Person; similarity: number }>('IdentificationCandidate').implement({
  fields: (t) => ({ person: t.field({ type: PersonRef, resolve: (c) => c.person }), similarity: t.exposeFloat('similarity') }),
});

export const FaceIdentificationRef = builder.objectRef<FaceIdentificationView>('FaceIdentification').implement({
  description: "A face against the tenant's gallery: identifyFaces' answer, and Face.identity for the IDENTIFICATION stage.",
  fields: (t) => ({
    face: t.field({ type: FaceRef, resolve: (f) => f.face }),
    decision: t.field({ type: DecisionEnum, resolve: (f) => f.decision }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (f, _, ctx) => (f.personId ? ctx.loaders.persons.load(f.personId) : null) }),
    similarity: t.exposeFloat('similarity', { nullable: true, description: "The best candidate's similarity." }),
    margin: t.exposeFloat('margin', {
      nullable: true,
      description: 'Best minus second-best similarity (null with fewer than two candidates): small margins are ambiguous.',
    }),
    candidates: t.field({
      type: [CandidateRef],
      description: 'Up to topK persons, best first (persons erased since are left out).',
      resolve: async (f, _, ctx) => {
        const persons = await ctx.loaders.persons.loadMany(f.candidates.map((c) => c.personId));
        return f.candidates.flatMap((c, i) => {
          const person = persons[i];
          return person && !(person instanceof Error) ? [{ person, similarity: c.similarity }] : [];
        });
      },
    }),
  }),
});

// ---- Face.identification: the first shape of the stage's result, kept for one release.

const IdentityDecisionEnum = builder.enumType('IdentityDecision', {
  values: describedValues(identificationDecisions, {
    MATCH: "A gallery person at or above the tenant's identification threshold (recognitionSettings).",
    UNKNOWN: 'Nobody in the gallery is similar enough (or the matched person was erased).',
    NOT_SEARCHED: 'The face has no embedding (below the quality gate).',
  }),
});

export const FaceIdentityRef = builder.objectRef<IdentificationResult>('FaceIdentity').implement({
  description: "IDENTIFICATION: this face against the tenant's gallery when the session ran.",
  fields: (t) => ({
    decision: t.field({ type: IdentityDecisionEnum, resolve: (f) => f.decision }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (f, _, ctx) => (f.personId ? ctx.loaders.persons.load(f.personId) : null) }),
    similarity: t.exposeFloat('similarity', { nullable: true, description: "The best candidate's similarity." }),
  }),
});
