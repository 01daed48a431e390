import type { Person } from '../db/gallery.repository.ts';
import type { AnalysisSession, Face } from '../db/sessions.repository.ts';
import { planStages, type Stage } from '../pipeline/stages.ts';
import { analyzeAndWait } from './analysis-wait.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { userError } from './errors.ts';
import { readImageUpload } from './image-upload.ts';
import { PersonRef, personArg } from './persons.ts';
import { checkThreshold, tenantThreshold, ThresholdDecisionRef } from './thresholds.ts';
import type { AppliedThreshold } from '../pipeline/thresholds.ts';
import { AnalysisSessionRef, FaceRef } from './sessions.ts';
import type { UploadFile } from './builder.ts';

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

/** The faces of an image with their embeddings (faces the quality gate stopped have none). */
async function embedImage(ctx: Context, file: UploadFile, stages: Stage[] = ['RECOGNITION']): Promise<{ session: AnalysisSession; faces: { face: Face; embedding: number[] | null }[] }> {
  const { session, faces } = await analyzeAndWait(ctx, await readImageUpload(file, ctx.services.config), planStages(stages));
  const embeddings = await ctx.loaders.embeddings.loadMany(faces.map((f) => f.id));
  return { session, faces: faces.map((face, i) => ({ face, embedding: Array.isArray(embeddings[i]) ? (embeddings[i] as number[]) : null })) };
}

/** The one face a 1:1 request is about: the only face, or the largest. */
function mainFace(faces: { face: Face; embedding: number[] | null }[], which: string): { face: Face; embedding: number[] } {
  if (faces.length === 0) throw userError('NO_FACE', `No face was found in ${which}.`);
  const best = [...faces].sort((a, b) => b.face.boxWidth * b.face.boxHeight - a.face.boxWidth * a.face.boxHeight)[0] as (typeof faces)[number];
  if (!best.embedding) throw userError('LOW_QUALITY', `The face in ${which} is below the quality gate (${best.face.qualityIssues.join(', ') || 'low score'}).`);
  return { face: best.face, embedding: best.embedding };
}

// ---- 1:1 verification

interface Verification {
  similarity: number;
  match: boolean;
  applied: AppliedThreshold;
  faceA: Face;
  faceB: Face | null;
}

const VerificationRef = builder.objectRef<Verification>('Verification').implement({
  interfaces: [ThresholdDecisionRef],
  fields: (t) => ({
    similarity: t.exposeFloat('similarity', { description: 'Cosine similarity of the embeddings, -1..1.' }),
    match: t.exposeBoolean('match', { description: 'similarity >= threshold.' }),
    faceA: t.field({ type: FaceRef, resolve: (v) => v.faceA }),
    faceB: t.field({ type: FaceRef, nullable: true, description: 'verifyPerson: the enrolled face that matched best.', resolve: (v) => v.faceB }),
  }),
});

builder.mutationFields((t) => ({
  verifyFaces: t.field({
    type: VerificationRef,
    description: 'Are the main faces (the largest) of two images the same person? Errors: NO_FACE, LOW_QUALITY.',
    args: { imageA: t.arg({ type: 'File', required: true }), imageB: t.arg({ type: 'File', required: true }) },
    resolve: async (_, { imageA, imageB }, ctx) => {
      const [a, b] = await Promise.all([embedImage(ctx, imageA), embedImage(ctx, imageB)]);
      const faceA = mainFace(a.faces, 'imageA');
      const faceB = mainFace(b.faces, 'imageB');
      const similarity = dot(faceA.embedding, faceB.embedding);
      const applied = await tenantThreshold(ctx, 'verification');
      return { similarity, match: similarity >= applied.threshold, applied, faceA: faceA.face, faceB: faceB.face };
    },
  }),
  verifyPerson: t.field({
    type: VerificationRef,
    description: "Is the main face of the image this person? Compared with each of the person's enrolled faces; the best one counts.",
    args: { personId: t.arg.id({ required: true }), image: t.arg({ type: 'File', required: true }) },
    resolve: async (_, { personId, image }, ctx) => {
      const person = await personArg(ctx, personId);
      const enrolled = await ctx.services.gallery.personEmbeddings(ctx.tenantId, person.id);
      if (enrolled.length === 0) throw userError('BAD_USER_INPUT', 'This person has no enrolled face yet.');
      const probe = mainFace((await embedImage(ctx, image)).faces, 'the image');
      const scored = enrolled.map((e) => ({ ...e, similarity: dot(probe.embedding, e.embedding) })).sort((x, y) => y.similarity - x.similarity);
      const best = scored[0] as (typeof scored)[number];
      const faceB = await ctx.services.sessions.findFace(ctx.tenantId, best.faceId);
      const applied = await tenantThreshold(ctx, 'verification');
      return { similarity: best.similarity, match: best.similarity >= applied.threshold, applied, faceA: probe.face, faceB };
    },
  }),
}));

// ---- 1:N identification

interface CandidateView {
  person: Person;
  similarity: number;
}
interface FaceIdentification {
  face: Face;
  decision: 'MATCH' | 'UNKNOWN' | 'NOT_SEARCHED';
  person: Person | null;
  similarity: number | null;
  margin: number | null;
  candidates: CandidateView[];
}

const DecisionEnum = builder.enumType('IdentificationDecision', {
  values: {
    MATCH: { description: 'The best candidate is at or above the threshold: `person`.' },
    UNKNOWN: { description: 'Nobody in the gallery is similar enough: not the nearest neighbour, unknown.' },
    NOT_SEARCHED: { description: 'The face has no embedding (below the quality gate).' },
  } as const,
});

const CandidateRef = builder.objectRef<CandidateView>('IdentificationCandidate').implement({
  fields: (t) => ({ person: t.field({ type: PersonRef, resolve: (c) => c.person }), similarity: t.exposeFloat('similarity') }),
});

const FaceIdentificationRef = builder.objectRef<FaceIdentification>('FaceIdentification').implement({
  fields: (t) => ({
    face: t.field({ type: FaceRef, resolve: (f) => f.face }),
    decision: t.field({ type: DecisionEnum, resolve: (f) => f.decision }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (f) => f.person }),
    similarity: t.exposeFloat('similarity', { nullable: true, description: "The best candidate's similarity." }),
    margin: t.exposeFloat('margin', { nullable: true, description: 'Best minus second-best similarity (null with fewer than two candidates): small margins are ambiguous.' }),
    candidates: t.field({ type: [CandidateRef], description: 'Up to topK persons, best first.', resolve: (f) => f.candidates }),
  }),
});

const IdentificationRef = builder.objectRef<{ session: AnalysisSession; applied: AppliedThreshold; faces: FaceIdentification[] }>('Identification').implement({
  interfaces: [ThresholdDecisionRef],
  fields: (t) => ({
    session: t.field({ type: AnalysisSessionRef, resolve: (r) => r.session }),
    faces: t.field({ type: [FaceIdentificationRef], resolve: (r) => r.faces }),
  }),
});

builder.mutationField('identifyFaces', (t) =>
  t.field({
    type: IdentificationRef,
    description: "Who is in the image? For each face: the top candidates in the caller's gallery and MATCH or UNKNOWN at the threshold.",
    args: {
      image: t.arg({ type: 'File', required: true }),
      topK: t.arg.int({ required: false, defaultValue: 5 }),
      threshold: t.arg.float({ required: false, description: "This request's own threshold; defaults to the tenant's (recognitionSettings), else IDENTIFY_THRESHOLD." }),
    },
    resolve: async (_, args, ctx) => {
      const topK = args.topK ?? 5;
      if (topK < 1 || topK > 100) throw userError('BAD_USER_INPUT', 'topK must be between 1 and 100.');
      if (args.threshold !== null && args.threshold !== undefined) checkThreshold(args.threshold, 'threshold');
      const applied = await tenantThreshold(ctx, 'identification', args.threshold);
      const { threshold } = applied;
      const { session, faces } = await embedImage(ctx, args.image);
      const identified = await Promise.all(
        faces.map(async ({ face, embedding }): Promise<FaceIdentification> => {
          if (!embedding) return { face, decision: 'NOT_SEARCHED', person: null, similarity: null, margin: null, candidates: [] };
          const found = await ctx.services.gallery.candidates(ctx.tenantId, embedding, topK);
          const persons = await ctx.loaders.persons.loadMany(found.map((c) => c.personId));
          const candidates = found.flatMap((c, i) => (persons[i] && !(persons[i] instanceof Error) ? [{ person: persons[i] as Person, similarity: c.similarity }] : []));
          const [first, second] = candidates;
          const match = first !== undefined && first.similarity >= threshold;
          return {
            face,
            decision: match ? 'MATCH' : 'UNKNOWN',
            person: match ? first.person : null,
            similarity: first?.similarity ?? null,
            margin: first && second ? first.similarity - second.similarity : null,
            candidates,
          };
        }),
      );
      return { session, applied, faces: identified };
    },
  }),
);
