import type { Face } from '../db/sessions.repository.ts';
import type { Person } from '../db/gallery.repository.ts';
import { planStages, type Stage } from '../pipeline/stages.ts';
import { analyzeAndWait } from './analysis-wait.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { expectedError, notFound, userError } from './errors.ts';
import { parseId } from './ids.ts';
import { readImageUpload } from './image-upload.ts';
import { PersonRef } from './persons.ts';
import { AnalysisSessionRef, ErrorInfoRef, FaceRef } from './sessions.ts';
import type { UploadFile } from './builder.ts';
import type { AnalysisSession } from '../db/sessions.repository.ts';

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

// ---- enrollment

/** Enrolls the chosen face of one image, or throws the refusal (NO_FACE, MULTIPLE_FACES, LOW_QUALITY, LIVENESS_FAILED). */
async function enrollOne(ctx: Context, person: Person, file: UploadFile, options: { faceIndex?: number | null; checkLiveness: boolean }): Promise<Face> {
  const { faces } = await analyzeAndWait(ctx, await readImageUpload(file, ctx.services.config), planStages(options.checkLiveness ? ['RECOGNITION', 'ANTI_SPOOFING'] : ['RECOGNITION']));
  if (faces.length === 0) throw userError('NO_FACE', 'No face was found in the image.');
  if (options.faceIndex === null || options.faceIndex === undefined) {
    if (faces.length > 1) throw userError('MULTIPLE_FACES', `The image has ${faces.length} faces; pass faceIndex (0-${faces.length - 1}) to pick one.`);
  } else if (!faces[options.faceIndex]) {
    throw userError('BAD_USER_INPUT', `faceIndex ${options.faceIndex} is out of range (the image has ${faces.length} faces).`);
  }
  const face = faces[options.faceIndex ?? 0] as Face;
  const minimum = ctx.services.config.ENROLLMENT_QUALITY_MIN;
  if ((face.qualityScore ?? 0) < minimum || face.recognitionSkipped) {
    throw userError('LOW_QUALITY', `The face's quality score ${(face.qualityScore ?? 0).toFixed(2)} is below ${minimum} (${face.qualityIssues.join(', ') || 'no single issue'}).`, {
      issues: face.qualityIssues,
      score: face.qualityScore,
      reasons: face.qualityReasons,
    });
  }
  if (options.checkLiveness && face.livenessVerdict !== 'LIVE') {
    throw userError('LIVENESS_FAILED', `The face was judged ${face.livenessVerdict ?? 'UNCERTAIN'} (live score ${(face.liveScore ?? 0).toFixed(2)}).`);
  }
  await ctx.services.gallery.enroll(ctx.tenantId, face.id, person.id);
  return { ...face, personId: person.id };
}

async function personArg(ctx: Context, id: string | number): Promise<Person> {
  const uuid = parseId(id, 'Person');
  const person = uuid ? await ctx.services.gallery.findPerson(ctx.tenantId, uuid) : null;
  if (!person) throw notFound('Person');
  return person;
}

builder.mutationField('enrollFace', (t) =>
  t.field({
    type: FaceRef,
    description:
      "Adds a face to a person's gallery: detection, quality, recognition (and anti-spoofing with checkLiveness). Errors: NO_FACE; " +
      'MULTIPLE_FACES unless faceIndex picks one; LOW_QUALITY below ENROLLMENT_QUALITY_MIN (the issues are in extensions.issues); LIVENESS_FAILED.',
    args: {
      personId: t.arg.id({ required: true }),
      image: t.arg({ type: 'File', required: true }),
      faceIndex: t.arg.int({ required: false, description: 'Which face to enroll when the image has several (0 = highest detector score).' }),
      checkLiveness: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: async (_, args, ctx) =>
      enrollOne(ctx, await personArg(ctx, args.personId), args.image, { faceIndex: args.faceIndex, checkLiveness: args.checkLiveness ?? false }),
  }),
);

interface EnrollmentResult {
  index: number;
  face: Face | null;
  error: { code: string; message: string } | null;
}

const EnrollmentResultRef = builder.objectRef<EnrollmentResult>('EnrollmentResult').implement({
  description: 'One image of enrollFaces: the enrolled face, or why it was refused.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the image in the request.' }),
    face: t.field({ type: FaceRef, nullable: true, resolve: (r) => r.face }),
    error: t.field({ type: ErrorInfoRef, nullable: true, resolve: (r) => r.error }),
  }),
});

builder.mutationField('enrollFaces', (t) =>
  t.field({
    type: [EnrollmentResultRef],
    description:
      "Enrolls many images of one person (at most MAX_BATCH_FILES): a result per image, in order. A refused image (NO_FACE, MULTIPLE_FACES, ...) " +
      'does not stop the others. Each image must show exactly one face.',
    args: {
      personId: t.arg.id({ required: true }),
      images: t.arg({ type: ['File'], required: true }),
      checkLiveness: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: async (_, args, ctx) => {
      if (args.images.length > ctx.services.config.MAX_BATCH_FILES) throw userError('BAD_USER_INPUT', `At most ${ctx.services.config.MAX_BATCH_FILES} images per request.`);
      const person = await personArg(ctx, args.personId);
      const results: EnrollmentResult[] = [];
      // Two at a time: the pipeline overlaps one image's database writes with the next one's inference.
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let index = next++; index < args.images.length; index = next++) {
          try {
            results.push({ index, face: await enrollOne(ctx, person, args.images[index] as UploadFile, { checkLiveness: args.checkLiveness ?? false }), error: null });
          } catch (error) {
            const refused = expectedError(error);
            if (!refused) throw error;
            results.push({ index, face: null, error: refused });
          }
        }
      };
      await Promise.all([worker(), worker()]);
      return results.sort((a, b) => a.index - b.index);
    },
  }),
);

// ---- 1:1 verification

interface Verification {
  similarity: number;
  match: boolean;
  threshold: number;
  falseAcceptRate: number;
  faceA: Face;
  faceB: Face | null;
}

const VerificationRef = builder.objectRef<Verification>('Verification').implement({
  fields: (t) => ({
    similarity: t.exposeFloat('similarity', { description: 'Cosine similarity of the embeddings, -1..1.' }),
    match: t.exposeBoolean('match', { description: 'similarity >= threshold.' }),
    threshold: t.exposeFloat('threshold'),
    falseAcceptRate: t.exposeFloat('falseAcceptRate', { description: 'The false-accept rate measured at this threshold (LFW developer folds).' }),
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
      const { RECOGNITION_THRESHOLD: threshold, RECOGNITION_FAR: falseAcceptRate } = ctx.services.config;
      return { similarity, match: similarity >= threshold, threshold, falseAcceptRate, faceA: faceA.face, faceB: faceB.face };
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
      const { RECOGNITION_THRESHOLD: threshold, RECOGNITION_FAR: falseAcceptRate } = ctx.services.config;
      return { similarity: best.similarity, match: best.similarity >= threshold, threshold, falseAcceptRate, faceA: probe.face, faceB };
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

const IdentificationRef = builder.objectRef<{ session: AnalysisSession; threshold: number; falseAcceptRate: number | null; faces: FaceIdentification[] }>('Identification').implement({
  fields: (t) => ({
    session: t.field({ type: AnalysisSessionRef, resolve: (r) => r.session }),
    threshold: t.exposeFloat('threshold'),
    falseAcceptRate: t.exposeFloat('falseAcceptRate', {
      nullable: true,
      description: 'The false-positive identification rate measured at the default threshold (open-set LFW developer folds, 305 identities); null for a threshold of your own.',
    }),
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
      threshold: t.arg.float({ required: false, description: 'Defaults to IDENTIFY_THRESHOLD (see serverInfo).' }),
    },
    resolve: async (_, args, ctx) => {
      const topK = args.topK ?? 5;
      if (topK < 1 || topK > 100) throw userError('BAD_USER_INPUT', 'topK must be between 1 and 100.');
      const threshold = args.threshold ?? ctx.services.config.IDENTIFY_THRESHOLD;
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
      const falseAcceptRate = args.threshold === null || args.threshold === undefined ? ctx.services.config.IDENTIFY_FAR : null;
      return { session, threshold, falseAcceptRate, faces: identified };
    },
  }),
);
