import type { Stage } from './stages.ts';

/**
 * Which model files a deployment runs. Pure data, shared by the API (which stages it may accept)
 * and the workers (which sessions to load); licences from models/README.md.
 */
export type ModelProfile = 'full' | 'permissive';
export type DetectorKind = 'scrfd_500m' | 'scrfd_2.5g' | 'yunet';

export const DETECTOR_FILES: Readonly<Record<DetectorKind, string>> = {
  scrfd_500m: 'face_det_scrfd_500m_kps.onnx',
  'scrfd_2.5g': 'face_det_scrfd_2.5g_kps.onnx',
  yunet: 'face_det_yunet_2023mar_dynamic.onnx',
};

export const RECOGNITION_FILE = 'face_rec_mobilefacenet_512_faceplugin.onnx';
export const ANTI_SPOOFING_FILES = ['antispoof_minifasnet_v2_80.onnx', 'antispoof_minifasnet_v1se_80.onnx'] as const;
export const AGE_GENDER_FILE = 'age_gender_insightface_mnet025_112.onnx';
export const DEEPFAKE_FILE = 'deepfake_mesoinception4_df_256.onnx';
export const LANDMARKS_FILE = 'landmarks68_faceplugin_64gray.onnx';
export const EMOTION_FILE = 'emotion7_faceplugin_224.onnx';

/** Model files each stage loads (DETECTION's depends on the detector). */
const stageFiles: Readonly<Record<Exclude<Stage, 'DETECTION'>, readonly string[]>> = {
  ANTI_SPOOFING: ANTI_SPOOFING_FILES,
  ALIGNMENT: [],
  IDENTIFICATION: [],
  LANDMARKS: [LANDMARKS_FILE],
  QUALITY: [],
  RECOGNITION: [RECOGNITION_FILE],
  AGE_GENDER: [AGE_GENDER_FILE],
  DEEPFAKE: [DEEPFAKE_FILE],
  EMOTION: [EMOTION_FILE],
};

/** InsightFace licence: research and non-commercial use only. */
export const NON_COMMERCIAL_FILES: ReadonlySet<string> = new Set([DETECTOR_FILES.scrfd_500m, DETECTOR_FILES['scrfd_2.5g'], AGE_GENDER_FILE]);

export const defaultDetector: Readonly<Record<ModelProfile, DetectorKind>> = { full: 'scrfd_500m', permissive: 'yunet' };

export interface ModelPlan {
  profile: ModelProfile;
  detector: DetectorKind;
  /** Stages this deployment can run, in graph order. */
  stages: Stage[];
  /** Why each missing stage is missing. */
  unavailable: Partial<Record<Stage, string>>;
  /** Every model file the available stages load (each verified against the manifest). */
  files: string[];
}

export class ModelProfileError extends Error {
  override name = 'ModelProfileError';
}

/**
 * Resolves a profile to stages and files. EMOTION is optional: it is available only when its file
 * is installed (`npm run models:fetch`). The permissive profile refuses non-commercial files.
 */
export function planModels(input: {
  profile: ModelProfile;
  detector?: DetectorKind | undefined;
  allStages: readonly Stage[];
  fileExists: (file: string) => boolean;
}): ModelPlan {
  const detector = input.detector ?? defaultDetector[input.profile];
  if (input.profile === 'permissive' && NON_COMMERCIAL_FILES.has(DETECTOR_FILES[detector])) {
    throw new ModelProfileError(`DETECTOR=${detector} is licensed for non-commercial use only; MODEL_PROFILE=permissive needs DETECTOR=yunet.`);
  }
  const stages: Stage[] = [];
  const unavailable: Partial<Record<Stage, string>> = {};
  const files = new Set<string>([DETECTOR_FILES[detector]]);
  for (const stage of input.allStages) {
    if (stage === 'DETECTION') {
      stages.push(stage);
      continue;
    }
    const needed = stageFiles[stage];
    if (input.profile === 'permissive' && needed.some((f) => NON_COMMERCIAL_FILES.has(f))) {
      unavailable[stage] = 'Not available with MODEL_PROFILE=permissive: its model is licensed for non-commercial use only.';
      continue;
    }
    if (stage === 'EMOTION' && !needed.every(input.fileExists)) {
      unavailable[stage] = 'The optional emotion model is not installed (run `npm run models:fetch`).';
      continue;
    }
    stages.push(stage);
    for (const f of needed) files.add(f);
  }
  return { profile: input.profile, detector, stages, unavailable, files: [...files] };
}
