import { encodeGlobalID } from '@pothos/plugin-relay';
import type { FaceRecord } from '../db/sessions.repository.ts';
import { notFound } from '../pipeline/errors.ts';
import type { LivenessVerdictEvent } from '../pipeline/events.ts';
import {
  deepfakeVerdicts,
  emotionLabels,
  genders,
  livenessVerdicts,
  qualityIssues,
  recognitionSkipReasons,
  type AgeGenderResult,
  type DeepfakeResult,
  type EmotionResult,
  type HeadPose,
  type LivenessResult,
  type QualityResult,
} from '../pipeline/results.ts';
import { builder } from './builder.ts';
import { perEvent } from './event-memo.ts';
import { BoxRef, describedValues, PointRef } from './common.ts';
import { FaceIdentificationRef, FaceIdentityRef } from './identification.ts';
import { parseId } from './ids.ts';
import { AnalysisSessionRef, FaceRef, PersonRef } from './refs.ts';

builder.node(FaceRef, {
  description: 'A face found in an analysed image.',
  id: { resolve: (f) => f.id },
  loadOne: (id, ctx) => (parseId(id, 'Face') ? ctx.services.sessions.findFace(ctx.tenantId, id) : null),
  fields: (t) => ({
    box: t.field({ type: BoxRef, resolve: (f) => f.box }),
    score: t.exposeFloat('score', { description: 'Detector confidence, 0..1.' }),
    landmarks: t.field({
      type: [PointRef],
      description: '5 points: eye (image-left), eye (image-right), nose tip, mouth corners (image-left, image-right).',
      resolve: (f) => f.landmarks,
    }),
  }),
});

// Per-face results of the stages after DETECTION. Each field is null until its stage has run on the face.

export const LivenessVerdictEnum = builder.enumType('LivenessVerdict', {
  description: 'From the averaged live score and the server thresholds (serverInfo).',
  values: describedValues(livenessVerdicts, {
    LIVE: 'Live score at or above LIVENESS_LIVE_AT.',
    SPOOF: 'Live score below LIVENESS_SPOOF_BELOW: a print, a screen replay or a mask is likely.',
    UNCERTAIN: 'Between the two thresholds: ask for another capture.',
  }),
});

export const DeepfakeVerdictEnum = builder.enumType('DeepfakeVerdict', {
  description: 'A weak signal, not proof: see `Deepfake`.',
  values: describedValues(deepfakeVerdicts, {
    FAKE: 'Manipulation score at or above DEEPFAKE_FAKE_AT.',
    REAL: 'Manipulation score below DEEPFAKE_REAL_BELOW.',
    UNCERTAIN: 'Between the two thresholds.',
  }),
});

export const GenderEnum = builder.enumType('Gender', { values: genders });

const QualityIssueEnum = builder.enumType('QualityIssue', {
  values: describedValues(qualityIssues, {
    SMALL_FACE: 'The face box is smaller than 64 px on its short side.',
    BLURRY: 'Little sharp detail in the aligned face (variance of the Laplacian below 25).',
    TOO_DARK: 'Mean brightness of the aligned face below 0.2.',
    TOO_BRIGHT: 'Mean brightness of the aligned face above 0.85.',
    LOW_DETECTOR_SCORE: 'Detector confidence below 0.6.',
    EXTREME_POSE: 'Head turned more than 45° (yaw) or tilted more than 40° (pitch).',
  }),
});

const EmotionEnum = builder.enumType('Emotion', { values: emotionLabels });

const RecognitionSkipEnum = builder.enumType('RecognitionSkipReason', {
  values: describedValues(recognitionSkipReasons, { LOW_QUALITY: "The face's quality score is below the quality gate (serverInfo.qualityGate)." }),
});

const HeadPoseRef = builder.objectRef<HeadPose>('HeadPose').implement({
  description: 'Degrees, estimated from the 68 landmarks (a rough geometric estimate, a few degrees of bias). 0,0,0 faces the camera.',
  fields: (t) => ({
    yaw: t.exposeFloat('yaw', { description: '> 0: turned toward the image right.' }),
    pitch: t.exposeFloat('pitch', { description: '> 0: chin up.' }),
    roll: t.exposeFloat('roll', { description: '> 0: tilted clockwise.' }),
  }),
});

const QualityRef = builder.objectRef<QualityResult>('Quality').implement({
  description: 'How usable the face is for recognition: the weakest of its factors, with the measurements behind it.',
  fields: (t) => ({
    score: t.exposeFloat('score', { description: '0..1; each factor scores 0.5 exactly at its threshold.' }),
    passed: t.exposeBoolean('passed', { description: 'score >= the quality gate; RECOGNITION (and enrollment) skip faces that fail.' }),
    issues: t.field({ type: [QualityIssueEnum], resolve: (q) => q.issues }),
    detectorScore: t.exposeFloat('detectorScore'),
    faceSizePx: t.exposeFloat('faceSizePx', { description: 'Short side of the face box.' }),
    blur: t.exposeFloat('blur', { nullable: true, description: 'Variance of the Laplacian of the aligned face (higher is sharper).' }),
    brightness: t.exposeFloat('brightness', { nullable: true, description: 'Mean luma of the aligned face, 0..1.' }),
  }),
});

const RecognitionRef = builder.objectRef<FaceRecord & { recognition: NonNullable<FaceRecord['recognition']> }>('Recognition').implement({
  description: "The face's identity embedding.",
  fields: (t) => ({
    model: t.string({ resolve: (f) => f.recognition.model }),
    skipped: t.field({ type: RecognitionSkipEnum, nullable: true, description: 'Why the face has no embedding.', resolve: (f) => f.recognition.skipped }),
    embedding: t.floatList({
      nullable: true,
      // A biometric template: the admin role only (a viewer reads results, not the gallery itself).
      authScopes: { embeddings: true },
      description:
        '512 floats, L2-normalised: compare two with the dot product (cosine). Loaded only when selected; a biometric template, readable with the admin role only (FORBIDDEN otherwise).',
      resolve: (f, _, ctx) => ctx.loaders.embeddings.load(f.id),
    }),
  }),
});

const ModelScoreRef = builder.objectRef<{ model: string; liveScore: number }>('ModelLiveScore').implement({
  fields: (t) => ({ model: t.exposeString('model'), liveScore: t.exposeFloat('liveScore') }),
});

const LivenessRef = builder.objectRef<LivenessResult>('Liveness').implement({
  description: 'Single-image anti-spoofing (MiniFASNet V2 + V1SE). A risk score, not a guarantee: high-quality replays and masks can pass.',
  fields: (t) => ({
    score: t.exposeFloat('liveScore', { description: 'Averaged p(real), 0..1.' }),
    verdict: t.field({ type: LivenessVerdictEnum, resolve: (l) => l.verdict }),
    models: t.field({ type: [ModelScoreRef], resolve: (l) => l.perModel }),
  }),
});

const AgeGenderRef = builder.objectRef<AgeGenderResult>('AgeGender').implement({
  description: 'Estimated from the aligned face (InsightFace gender-age; licensed for non-commercial use only).',
  fields: (t) => ({
    age: t.exposeInt('age', { description: 'Years.' }),
    gender: t.field({ type: GenderEnum, resolve: (a) => a.gender }),
    genderProbability: t.exposeFloat('genderProbability', { description: 'Probability of the given gender, 0.5..1.' }),
  }),
});

const DeepfakeRef = builder.objectRef<DeepfakeResult>('Deepfake').implement({
  description:
    'Face-swap detection (MesoInception-4 DF, 2018). A weak signal, not proof: the model generalises poorly to modern ' +
    'face-swap and diffusion tools and has flagged genuine photos. Average it over several frames and never present it alone as a verdict.',
  fields: (t) => ({
    score: t.exposeFloat('fakeScore', { description: 'Manipulation score 0..1 (1 - p(real)).' }),
    verdict: t.field({ type: DeepfakeVerdictEnum, resolve: (d) => d.verdict }),
  }),
});

const EmotionScoreRef = builder.objectRef<EmotionResult['scores'][number]>('EmotionScore').implement({
  fields: (t) => ({ emotion: t.field({ type: EmotionEnum, resolve: (s) => s.emotion }), probability: t.exposeFloat('probability') }),
});

const EmotionResultRef = builder.objectRef<EmotionResult>('EmotionResult').implement({
  description: 'Facial expression (7 classes; disgust, fear and surprise are unverified labels).',
  fields: (t) => ({
    emotion: t.field({ type: EmotionEnum, resolve: (e) => e.emotion }),
    probability: t.exposeFloat('probability'),
    scores: t.field({ type: [EmotionScoreRef], resolve: (e) => e.scores }),
  }),
});

builder.objectFields(FaceRef, (t) => ({
  detectedWithPadding: t.exposeBoolean('detectedWithPadding', {
    description: 'Found only on a copy of the image with a border added (a face that fills the frame); coordinates are still in the original image.',
  }),
  landmarks68: t.field({
    type: [PointRef],
    nullable: true,
    description: 'LANDMARKS: 68 points in the iBUG layout (36–41, 42–47 eyes; 30 nose tip; 48, 54 mouth corners).',
    resolve: (f) => f.landmarks68?.points ?? null,
  }),
  headPose: t.field({
    type: HeadPoseRef,
    nullable: true,
    description: 'LANDMARKS: head pose from the 68 points.',
    resolve: (f) => f.landmarks68?.pose ?? null,
  }),
  quality: t.field({
    type: QualityRef,
    nullable: true,
    description: 'QUALITY',
    resolve: (f) => f.quality,
  }),
  recognition: t.field({
    type: RecognitionRef,
    nullable: true,
    description: 'RECOGNITION',
    resolve: (f) => (f.recognition ? { ...f, recognition: f.recognition } : null),
  }),
  liveness: t.field({ type: LivenessRef, nullable: true, description: 'ANTI_SPOOFING', resolve: (f) => f.liveness }),
  ageGender: t.field({ type: AgeGenderRef, nullable: true, description: 'AGE_GENDER', resolve: (f) => f.ageGender }),
  deepfake: t.field({ type: DeepfakeRef, nullable: true, description: 'DEEPFAKE', resolve: (f) => f.deepfake }),
  emotion: t.field({ type: EmotionResultRef, nullable: true, description: 'EMOTION (optional model).', resolve: (f) => f.emotion }),
  identification: t.field({
    type: FaceIdentityRef,
    nullable: true,
    description: 'IDENTIFICATION',
    deprecationReason: 'Use `identity`: the same FaceIdentification type identifyFaces returns, with margin and candidates.',
    resolve: (f) => f.identification,
  }),
  identity: t.field({
    type: FaceIdentificationRef,
    nullable: true,
    description: "IDENTIFICATION: this face against the tenant's gallery when the session ran (at the tenant's threshold, the nearest persons).",
    resolve: (f) => (f.identification ? { ...f.identification, face: f } : null),
  }),
  person: t.field({
    type: PersonRef,
    nullable: true,
    description: 'The person this face is enrolled to, if any.',
    resolve: (f, _, ctx) => (f.personId ? ctx.loaders.persons.load(f.personId) : null),
  }),
}));

export const LivenessVerdictEventRef = builder.objectRef<LivenessVerdictEvent>('LivenessVerdictEvent').implement({
  description: "One face's liveness verdict, sent as soon as it is stored.",
  fields: (t) => ({
    sessionId: t.id({ description: 'Relay ID of the session.', resolve: (e) => encodeGlobalID('AnalysisSession', e.sessionId) }),
    faceId: t.id({ description: 'Relay ID of the face.', resolve: (e) => encodeGlobalID('Face', e.faceId) }),
    faceIndex: t.exposeInt('faceIndex'),
    score: t.exposeFloat('liveScore', { description: 'Averaged p(real), 0..1.' }),
    verdict: t.field({ type: LivenessVerdictEnum, resolve: (e) => e.verdict }),
    model: t.exposeString('model', { nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
    session: t.field({
      type: AnalysisSessionRef,
      resolve: async (e, _, ctx) =>
        (await perEvent(e, ctx.tenantId, 'session', () => ctx.services.sessions.find(ctx.tenantId, e.sessionId))) ??
        Promise.reject(notFound('Analysis session')),
    }),
    face: t.field({
      type: FaceRef,
      resolve: async (e, _, ctx) =>
        (await perEvent(e, ctx.tenantId, 'face', () => ctx.services.sessions.findFace(ctx.tenantId, e.faceId))) ?? Promise.reject(notFound('Face')),
    }),
  }),
});

builder.subscriptionField('livenessVerdicts', (t) =>
  t.field({
    type: LivenessVerdictEventRef,
    description:
      "Every face's liveness verdict in the caller's tenant, the moment its ANTI_SPOOFING stage is stored (not when the session ends). " +
      'For monitoring screens; live only, with no replay of past verdicts (query analysisSessions for those).',
    subscribe: (_, __, ctx) => ctx.services.events.liveness(ctx.tenantId),
    resolve: (event) => event,
  }),
);
