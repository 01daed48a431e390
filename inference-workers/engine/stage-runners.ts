import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import { emotionLabels, type Emotion, type QualityResult, type StageResults } from '../../src/pipeline/results.ts';
import type { Stage } from '../../src/pipeline/stages.ts';
import { deepfakeVerdict, livenessVerdict } from '../../src/pipeline/verdicts.ts';
import { detectWithPaddingRetry } from '../detection/padding-retry.ts';
import { alignFace } from '../face/align.ts';
import { headPose } from '../face/head-pose.ts';
import { assessQuality } from '../face/quality.ts';
import type { RgbImage } from '../image/decode.ts';
import type { LoadedModels } from './loaded-models.ts';

/** What the stages of one image share: each is computed once and read by the stages after it. */
export interface ImageState {
  image: RgbImage;
  faces: DetectedFace[];
  aligned: RgbImage[] | null;
  landmarks: StageResults['LANDMARKS']['faces'] | null;
  quality: QualityResult[] | null;
}

type Runner<S extends Stage> = (models: LoadedModels, state: ImageState) => Promise<StageResults[S]>;

/** The stages that run models; IDENTIFICATION is the job handler's (it needs the database). */
export type EngineStage = Exclude<Stage, 'IDENTIFICATION'>;

function need<T>(value: T | null | undefined, what: string): T {
  // planStages orders every stage after its needs and loadModels loads every planned stage's model.
  if (value === null || value === undefined) throw new Error(`${what} is missing: the stage plan is out of order`);
  return value;
}

const boxes = (state: ImageState) => state.faces.map((f) => f.box);

export const stageRunners: { [S in EngineStage]: Runner<S> } = {
  DETECTION: async (models, state) => {
    const { faces, padded } = await detectWithPaddingRetry(models.detector, state.image);
    state.faces = faces;
    return { faces, padded };
  },

  ALIGNMENT: async (_models, state) => {
    state.aligned = state.faces.map((f) => alignFace(state.image, f.landmarks));
    return { faces: state.aligned.length };
  },

  LANDMARKS: async (models, state) => {
    const points = await need(models.landmarks, 'landmarks model').predict(state.image, boxes(state));
    state.landmarks = points.map((p) => ({ points: p, pose: headPose(p) }));
    return { faces: state.landmarks };
  },

  QUALITY: async (models, state) => {
    const aligned = need(state.aligned, 'aligned crops');
    const landmarks = need(state.landmarks, '68 landmarks');
    state.quality = state.faces.map((face, i) => {
      const crop = aligned[i];
      const pose = landmarks[i]?.pose;
      const report = assessQuality({
        detectorScore: face.score,
        box: face.box,
        landmarks5: face.landmarks,
        ...(crop ? { alignedCrop: crop } : {}),
        ...(pose ? { pose } : {}),
      });
      return {
        score: report.score,
        passed: report.score >= models.options.thresholds.qualityGate,
        issues: report.issues,
        detectorScore: report.reasons.detectorScore,
        faceSizePx: report.reasons.faceSizePx,
        blur: report.reasons.blur ?? null,
        brightness: report.reasons.brightness ?? null,
        poseYaw: report.reasons.poseYaw ?? null,
        posePitch: report.reasons.posePitch ?? null,
      };
    });
    return { faces: state.quality };
  },

  RECOGNITION: async (models, state) => {
    const recognizer = need(models.recognizer, 'recognition model');
    const aligned = need(state.aligned, 'aligned crops');
    const quality = need(state.quality, 'quality');
    const passing = aligned.filter((_, i) => quality[i]?.passed);
    const embeddings = await recognizer.embed(passing);
    let next = 0;
    return {
      model: stageModel(models, 'RECOGNITION') ?? recognizer.modelName,
      faces: aligned.map((_, i) =>
        quality[i]?.passed
          ? { embedding: Array.from(embeddings[next++] as Float32Array), skipped: null }
          : { embedding: null, skipped: 'LOW_QUALITY' as const },
      ),
    };
  },

  ANTI_SPOOFING: async (models, state) => {
    const results = await need(models.antiSpoof, 'anti-spoofing models').predict(state.image, boxes(state));
    return { faces: results.map((r) => ({ ...r, verdict: livenessVerdict(r.liveScore, models.options.thresholds) })) };
  },

  AGE_GENDER: async (models, state) => {
    const results = await need(models.ageGender, 'age/gender model').predict(need(state.aligned, 'aligned crops'));
    return { faces: results.map((r) => ({ age: r.age, gender: r.gender === 'male' ? 'MALE' : 'FEMALE', genderProbability: r.genderProbability })) };
  },

  DEEPFAKE: async (models, state) => {
    const results = await need(models.deepfake, 'deepfake model').predict(state.image, boxes(state));
    return { faces: results.map((r) => ({ fakeScore: r.fakeScore, verdict: deepfakeVerdict(r.fakeScore, models.options.thresholds) })) };
  },

  EMOTION: async (models, state) => {
    const results = await need(models.emotion, 'emotion model').predict(state.image, boxes(state));
    const upper = (label: string): Emotion => label.toUpperCase() as Emotion;
    return {
      faces: results.map((r) => ({
        emotion: upper(r.label),
        probability: r.probability,
        scores: emotionLabels.map((emotion) => ({ emotion, probability: r.probabilities[emotion.toLowerCase() as keyof typeof r.probabilities] })),
      })),
    };
  },
};

/** The model name a stage reports (null for the stages that run no model). */
export function stageModel(models: LoadedModels, stage: Stage): string | null {
  switch (stage) {
    case 'DETECTION':
      return models.detector.modelName;
    case 'LANDMARKS':
      return models.landmarks?.modelName ?? null;
    case 'RECOGNITION':
      return models.recognizer ? `${models.recognizer.modelName}${models.options.recognitionFlip ? '+flip' : ''}` : null;
    case 'ANTI_SPOOFING':
      return models.antiSpoof?.modelName ?? null;
    case 'AGE_GENDER':
      return models.ageGender?.modelName ?? null;
    case 'DEEPFAKE':
      return models.deepfake?.modelName ?? null;
    case 'EMOTION':
      return models.emotion?.modelName ?? null;
    case 'ALIGNMENT':
    case 'QUALITY':
    case 'IDENTIFICATION':
      return null;
  }
}
