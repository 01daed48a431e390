import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Face } from '../db/sessions.repository.ts';
import type { LivenessVerdictEvent } from '../pipeline/events.ts';
import type { Point } from '../pipeline/geometry.ts';
import { emotionLabels, type Emotion, type HeadPose, type QualityIssue, type QualityResult } from '../pipeline/results.ts';
import { builder } from './builder.ts';
import { notFound } from './errors.ts';
import { AnalysisSessionRef, FaceRef, PointRef } from './sessions.ts';

// Per-face results of the stages after DETECTION. Each field is null until its stage has run on the face.

const LivenessVerdictEnum = builder.enumType('LivenessVerdict', {
  description: 'From the averaged live score and the server thresholds (serverInfo).',
  values: {
    LIVE: { description: 'Live score at or above LIVENESS_LIVE_AT.' },
    SPOOF: { description: 'Live score below LIVENESS_SPOOF_BELOW: a print, a screen replay or a mask is likely.' },
    UNCERTAIN: { description: 'Between the two thresholds: ask for another capture.' },
  } as const,
});

const DeepfakeVerdictEnum = builder.enumType('DeepfakeVerdict', {
  description: 'A weak signal, not proof: see `Deepfake`.',
  values: {
    FAKE: { description: 'Manipulation score at or above DEEPFAKE_FAKE_AT.' },
    REAL: { description: 'Manipulation score below DEEPFAKE_REAL_BELOW.' },
    UNCERTAIN: { description: 'Between the two thresholds.' },
  } as const,
});

const GenderEnum = builder.enumType('Gender', { values: ['FEMALE', 'MALE'] as const });

const QualityIssueEnum = builder.enumType('QualityIssue', {
  values: {
    SMALL_FACE: { description: 'The face box is smaller than 64 px on its short side.' },
    BLURRY: { description: 'Little sharp detail in the aligned face (variance of the Laplacian below 25).' },
    TOO_DARK: { description: 'Mean brightness of the aligned face below 0.2.' },
    TOO_BRIGHT: { description: 'Mean brightness of the aligned face above 0.85.' },
    LOW_DETECTOR_SCORE: { description: 'Detector confidence below 0.6.' },
    EXTREME_POSE: { description: 'Head turned more than 45° (yaw) or tilted more than 40° (pitch).' },
  } as const,
});

const EmotionEnum = builder.enumType('Emotion', { values: emotionLabels });

const RecognitionSkipEnum = builder.enumType('RecognitionSkipReason', {
  values: { LOW_QUALITY: { description: "The face's quality score is below the quality gate (serverInfo.qualityGate)." } } as const,
});

const HeadPoseRef = builder.objectRef<HeadPose>('HeadPose').implement({
  description: 'Degrees, estimated from the 68 landmarks (a rough geometric estimate, a few degrees of bias). 0,0,0 faces the camera.',
  fields: (t) => ({
    yaw: t.exposeFloat('yaw', { description: '> 0: turned toward the image right.' }),
    pitch: t.exposeFloat('pitch', { description: '> 0: chin up.' }),
    roll: t.exposeFloat('roll', { description: '> 0: tilted clockwise.' }),
  }),
});

/** The measurements QUALITY stores next to its score (Face.qualityReasons). */
type QualityReasons = Omit<QualityResult, 'score' | 'passed' | 'issues'>;

const QualityRef = builder.objectRef<{ score: number; passed: boolean; issues: string[]; reasons: QualityReasons }>('Quality').implement({
  description: 'How usable the face is for recognition: the weakest of its factors, with the measurements behind it.',
  fields: (t) => ({
    score: t.exposeFloat('score', { description: '0..1; each factor scores 0.5 exactly at its threshold.' }),
    passed: t.exposeBoolean('passed', { description: 'score >= the quality gate; RECOGNITION (and enrollment) skip faces that fail.' }),
    issues: t.field({ type: [QualityIssueEnum], resolve: (q) => q.issues as QualityIssue[] }),
    detectorScore: t.float({ resolve: (q) => q.reasons.detectorScore }),
    faceSizePx: t.float({ description: 'Short side of the face box.', resolve: (q) => q.reasons.faceSizePx }),
    blur: t.float({ nullable: true, description: 'Variance of the Laplacian of the aligned face (higher is sharper).', resolve: (q) => q.reasons.blur }),
    brightness: t.float({ nullable: true, description: 'Mean luma of the aligned face, 0..1.', resolve: (q) => q.reasons.brightness }),
  }),
});

const RecognitionRef = builder.objectRef<Face>('Recognition').implement({
  description: "The face's identity embedding.",
  fields: (t) => ({
    model: t.string({ resolve: (f) => f.embeddingModel ?? '' }),
    skipped: t.field({ type: RecognitionSkipEnum, nullable: true, description: 'Why the face has no embedding.', resolve: (f) => f.recognitionSkipped as 'LOW_QUALITY' | null }),
    embedding: t.floatList({
      nullable: true,
      description: '512 floats, L2-normalised: compare two with the dot product (cosine). Loaded only when selected.',
      resolve: (f, _, ctx) => ctx.loaders.embeddings.load(f.id),
    }),
  }),
});

const ModelScoreRef = builder.objectRef<{ model: string; liveScore: number }>('ModelLiveScore').implement({
  fields: (t) => ({ model: t.exposeString('model'), liveScore: t.exposeFloat('liveScore') }),
});

const LivenessRef = builder.objectRef<Face>('Liveness').implement({
  description: 'Single-image anti-spoofing (MiniFASNet V2 + V1SE). A risk score, not a guarantee: high-quality replays and masks can pass.',
  fields: (t) => ({
    score: t.float({ description: 'Averaged p(real), 0..1.', resolve: (f) => f.liveScore ?? 0 }),
    verdict: t.field({ type: LivenessVerdictEnum, resolve: (f) => f.livenessVerdict ?? 'UNCERTAIN' }),
    models: t.field({ type: [ModelScoreRef], resolve: (f) => (f.livenessModels ?? []) as { model: string; liveScore: number }[] }),
  }),
});

const AgeGenderRef = builder.objectRef<Face>('AgeGender').implement({
  description: 'Estimated from the aligned face (InsightFace gender-age; licensed for non-commercial use only).',
  fields: (t) => ({
    age: t.int({ description: 'Years.', resolve: (f) => f.age ?? 0 }),
    gender: t.field({ type: GenderEnum, resolve: (f) => f.gender ?? 'FEMALE' }),
    genderProbability: t.float({ description: 'Probability of the given gender, 0.5..1.', resolve: (f) => f.genderProbability ?? 0 }),
  }),
});

const DeepfakeRef = builder.objectRef<Face>('Deepfake').implement({
  description:
    'Face-swap detection (MesoInception-4 DF, 2018). A weak signal, not proof: the model generalises poorly to modern ' +
    'face-swap and diffusion tools and has flagged genuine photos. Average it over several frames and never present it alone as a verdict.',
  fields: (t) => ({
    score: t.float({ description: 'Manipulation score 0..1 (1 - p(real)).', resolve: (f) => f.deepfakeScore ?? 0 }),
    verdict: t.field({ type: DeepfakeVerdictEnum, resolve: (f) => f.deepfakeVerdict ?? 'UNCERTAIN' }),
  }),
});

const EmotionScoreRef = builder.objectRef<{ emotion: Emotion; probability: number }>('EmotionScore').implement({
  fields: (t) => ({ emotion: t.field({ type: EmotionEnum, resolve: (s) => s.emotion }), probability: t.exposeFloat('probability') }),
});

const EmotionResultRef = builder.objectRef<Face>('EmotionResult').implement({
  description: 'Facial expression (7 classes; disgust, fear and surprise are unverified labels).',
  fields: (t) => ({
    emotion: t.field({ type: EmotionEnum, resolve: (f) => (f.emotion ?? 'NEUTRAL') as Emotion }),
    probability: t.float({ resolve: (f) => ((f.emotionScores ?? []) as { emotion: string; probability: number }[]).find((s) => s.emotion === f.emotion)?.probability ?? 0 }),
    scores: t.field({ type: [EmotionScoreRef], resolve: (f) => (f.emotionScores ?? []) as { emotion: Emotion; probability: number }[] }),
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
    resolve: (f) => (f.landmarks68 as Point[] | null) ?? null,
  }),
  headPose: t.field({
    type: HeadPoseRef,
    nullable: true,
    description: 'LANDMARKS: head pose from the 68 points.',
    resolve: (f) => (f.poseYaw === null || f.posePitch === null || f.poseRoll === null ? null : { yaw: f.poseYaw, pitch: f.posePitch, roll: f.poseRoll }),
  }),
  quality: t.field({
    type: QualityRef,
    nullable: true,
    description: 'QUALITY',
    resolve: (f) =>
      f.qualityScore === null ? null : { score: f.qualityScore, passed: f.qualityPassed ?? false, issues: f.qualityIssues, reasons: f.qualityReasons as unknown as QualityReasons },
  }),
  recognition: t.field({ type: RecognitionRef, nullable: true, description: 'RECOGNITION', resolve: (f) => (f.embeddingModel === null ? null : f) }),
  liveness: t.field({ type: LivenessRef, nullable: true, description: 'ANTI_SPOOFING', resolve: (f) => (f.liveScore === null ? null : f) }),
  ageGender: t.field({ type: AgeGenderRef, nullable: true, description: 'AGE_GENDER', resolve: (f) => (f.age === null ? null : f) }),
  deepfake: t.field({ type: DeepfakeRef, nullable: true, description: 'DEEPFAKE', resolve: (f) => (f.deepfakeScore === null ? null : f) }),
  emotion: t.field({ type: EmotionResultRef, nullable: true, description: 'EMOTION (optional model).', resolve: (f) => (f.emotion === null ? null : f) }),
}));

const LivenessVerdictEventRef = builder.objectRef<LivenessVerdictEvent>('LivenessVerdictEvent').implement({
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
      resolve: async (e, _, ctx) => (await ctx.services.sessions.find(ctx.tenantId, e.sessionId)) ?? Promise.reject(notFound('Analysis session')),
    }),
    face: t.field({
      type: FaceRef,
      resolve: async (e, _, ctx) => (await ctx.services.sessions.findFace(ctx.tenantId, e.faceId)) ?? Promise.reject(notFound('Face')),
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
