import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  identifyFaces,
  reportVerificationOutcome,
  verifyFaces,
  verifyPerson,
  type Identification,
  type Verification,
  type VerificationOutcome,
} from '../analysis/recognition.ts';
import type { Severity } from '../observability/metrics.ts';
import { parseId } from './ids.ts';
import { builder } from './builder.ts';
import { faceSource } from './enrollment.ts';
import { FaceIdentificationRef } from './identification.ts';
import { personIdArg } from './persons.ts';
import { AnalysisSessionRef, FaceRef } from './refs.ts';
import { ThresholdDecisionRef } from './thresholds.ts';

// ---- 1:1 verification

const VerificationRef = builder.objectRef<Verification>('Verification').implement({
  interfaces: [ThresholdDecisionRef],
  fields: (t) => ({
    id: t.id({
      description: 'Pass it to reportVerificationOutcome once you know whether the decision was right.',
      resolve: (v) => encodeGlobalID('Verification', v.id),
    }),
    similarity: t.exposeFloat('similarity', { description: 'Cosine similarity of the embeddings, -1..1.' }),
    match: t.exposeBoolean('match', { description: 'similarity >= threshold.' }),
    faceA: t.field({ type: FaceRef, resolve: (v) => v.faceA }),
    faceB: t.field({ type: FaceRef, nullable: true, description: 'verifyPerson: the enrolled face that matched best.', resolve: (v) => v.faceB }),
  }),
});

const MIN_QUALITY =
  "This request's own quality gate, 0..1: faces whose quality score is below it are refused (LOW_QUALITY) or, in identifyFaces, not searched (NOT_SEARCHED). " +
  "None by default: every face counts (serverInfo.qualityGate is the server's own gate, 0 unless an operator set QUALITY_GATE).";

builder.mutationFields((t) => ({
  verifyFaces: t.field({
    type: VerificationRef,
    description: 'Are the main faces (the largest) of two images the same person? Errors: NO_FACE, LOW_QUALITY (below minQuality, or the server gate).',
    args: {
      imageA: t.arg({ type: 'File', required: false, description: 'The first photo; or pass livenessSessionId instead.' }),
      imageB: t.arg({ type: 'File', required: true }),
      livenessSessionId: t.arg.id({
        required: false,
        description: 'In place of imageA: the reference face of this LIVE liveness session (LIVENESS_FAILED if it did not end LIVE).',
      }),
      minQuality: t.arg.float({ required: false, description: MIN_QUALITY }),
    },
    resolve: (_, { imageA, imageB, livenessSessionId, minQuality }, ctx) =>
      verifyFaces(ctx, faceSource(imageA, livenessSessionId, 'imageA'), imageB, { minQuality }),
  }),
  verifyPerson: t.field({
    type: VerificationRef,
    description: "Is the main face of the image this person? Compared with each of the person's enrolled faces; the best one counts.",
    args: {
      personId: t.arg.id({ required: true }),
      image: t.arg({ type: 'File', required: false, description: 'The photo; or pass livenessSessionId instead.' }),
      livenessSessionId: t.arg.id({ required: false, description: 'In place of image: the reference face of this LIVE liveness session.' }),
      minQuality: t.arg.float({ required: false, description: MIN_QUALITY }),
    },
    resolve: (_, { personId, image, livenessSessionId, minQuality }, ctx) =>
      verifyPerson(ctx, personIdArg(personId), faceSource(image, livenessSessionId), { minQuality }),
  }),
}));

const SeverityEnum = builder.enumType('ErrorSeverity', {
  description: "How far a wrong decision's similarity sat from the threshold: low < 0.05 ≤ medium < 0.1 ≤ high < 0.2 ≤ critical.",
  values: {
    LOW: { value: 'low' },
    MEDIUM: { value: 'medium' },
    HIGH: { value: 'high' },
    CRITICAL: { value: 'critical' },
  } satisfies Record<string, { value: Severity }>,
});

const VerificationOutcomeRef = builder.objectRef<VerificationOutcome>('VerificationOutcome').implement({
  fields: (t) => ({
    verificationId: t.id({ resolve: (o) => encodeGlobalID('Verification', o.verificationId) }),
    correct: t.exposeBoolean('correct'),
    falseAccept: t.exposeBoolean('falseAccept', { description: 'The decision was a match, and wrong.' }),
    falseReject: t.exposeBoolean('falseReject', { description: 'The decision was no match, and wrong.' }),
    severity: t.field({ type: SeverityEnum, nullable: true, resolve: (o) => o.severity }),
  }),
});

builder.mutationField('reportVerificationOutcome', (t) =>
  t.field({
    type: VerificationOutcomeRef,
    description:
      'Says whether a verification decided right (a reviewer checked the pair, the user confirmed or disputed it). Once per verification (BAD_USER_INPUT after). ' +
      'Feeds false_accept_total / false_reject_total and the live FAR, FRR and EER metrics.',
    args: { verificationId: t.arg.id({ required: true }), correct: t.arg.boolean({ required: true }) },
    resolve: (_, { verificationId, correct }, ctx) => reportVerificationOutcome(ctx, parseId(verificationId, 'Verification'), correct),
  }),
);

// ---- 1:N identification

const IdentificationRef = builder.objectRef<Identification>('Identification').implement({
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
      threshold: t.arg.float({
        required: false,
        description: "This request's own threshold; defaults to the tenant's (recognitionSettings), else IDENTIFY_THRESHOLD.",
      }),
      minQuality: t.arg.float({ required: false, description: MIN_QUALITY }),
    },
    resolve: (_, args, ctx) => identifyFaces(ctx, args.image, { topK: args.topK, threshold: args.threshold, minQuality: args.minQuality }),
  }),
);
