import { DETECTOR_FILES, type DetectorKind } from './detectors.ts';
import { stageNames, type Stage, type StageDescriptor } from './stages.ts';

/**
 * Which model files a deployment runs. Pure data, shared by the API (which stages it may accept)
 * and the workers (which sessions to load); licences from models/README.md.
 */
export const modelProfiles = ['full', 'permissive'] as const;
export type ModelProfile = (typeof modelProfiles)[number];

/** InsightFace licence: research and non-commercial use only. */
const NON_COMMERCIAL_FILES: ReadonlySet<string> = new Set([DETECTOR_FILES.scrfd_500m, DETECTOR_FILES['scrfd_2.5g'], 'age_gender_insightface_mnet025_112.onnx']);

const defaultDetector: Readonly<Record<ModelProfile, DetectorKind>> = { full: 'scrfd_500m', permissive: 'yunet' };

export interface ModelPlan {
  profile: ModelProfile;
  detector: DetectorKind;
  /** Stages this deployment can run, in execution order. */
  stages: Stage[];
  /** Why each missing stage is missing. */
  unavailable: Partial<Record<Stage, string>>;
  /** The same, as a list in execution order. */
  unavailableStages: { stage: Stage; reason: string }[];
  /** Every model file the available stages load (each verified against the manifest). */
  files: string[];
}

class ModelProfileError extends Error {
  override name = 'ModelProfileError';
}

/**
 * Resolves a profile to stages and files, from the stage modules' descriptors. An optional stage
 * (EMOTION) is available only when its files are installed (`npm run models:fetch`). The permissive
 * profile refuses non-commercial files.
 */
export function planModels(input: {
  profile: ModelProfile;
  detector?: DetectorKind | undefined;
  stages: Readonly<Record<Stage, StageDescriptor>>;
  fileExists: (file: string) => boolean;
}): ModelPlan {
  const detector = input.detector ?? defaultDetector[input.profile];
  if (input.profile === 'permissive' && NON_COMMERCIAL_FILES.has(DETECTOR_FILES[detector])) {
    throw new ModelProfileError(`DETECTOR=${detector} is licensed for non-commercial use only; MODEL_PROFILE=permissive needs DETECTOR=yunet.`);
  }
  const stages: Stage[] = [];
  const unavailable: Partial<Record<Stage, string>> = {};
  const files = new Set<string>();
  for (const stage of stageNames) {
    const descriptor = input.stages[stage];
    const needed = descriptor.files(detector);
    const missingNeed = descriptor.needs.find((need) => unavailable[need] !== undefined);
    if (missingNeed) {
      unavailable[stage] = `Needs ${missingNeed}, which is not available: ${unavailable[missingNeed]}`;
      continue;
    }
    if (input.profile === 'permissive' && needed.some((f) => NON_COMMERCIAL_FILES.has(f))) {
      unavailable[stage] = 'Not available with MODEL_PROFILE=permissive: its model is licensed for non-commercial use only.';
      continue;
    }
    if (descriptor.optional !== undefined && !needed.every(input.fileExists)) {
      unavailable[stage] = descriptor.optional;
      continue;
    }
    stages.push(stage);
    for (const f of needed) files.add(f);
  }
  const unavailableStages = stageNames.flatMap((stage) => {
    const reason = unavailable[stage];
    return reason === undefined ? [] : [{ stage, reason }];
  });
  return { profile: input.profile, detector, stages, unavailable, unavailableStages, files: [...files] };
}
