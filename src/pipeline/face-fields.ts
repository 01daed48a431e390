import type { Stage } from './stages.ts';

/**
 * Which stage fills each field of a face (GraphQL's `Face`): null for fields every face has without a
 * stage of its own. `analyze` plans its stages from the fields a query selects through this map, and
 * a test keeps it in step with the schema, so a new Face field has to say which stage it needs.
 */
export const faceFieldStages = {
  id: null,
  person: null,
  box: 'DETECTION',
  score: 'DETECTION',
  landmarks: 'DETECTION',
  detectedWithPadding: 'DETECTION',
  landmarks68: 'LANDMARKS',
  headPose: 'LANDMARKS',
  quality: 'QUALITY',
  recognition: 'RECOGNITION',
  liveness: 'ANTI_SPOOFING',
  ageGender: 'AGE_GENDER',
  deepfake: 'DEEPFAKE',
  emotion: 'EMOTION',
  identification: 'IDENTIFICATION',
  identity: 'IDENTIFICATION',
} as const satisfies Record<string, Stage | null>;

/** The stages the selected Face fields need (before the stage graph adds what those need in turn); DETECTION at least. */
export function stagesForFaceFields(fields: Iterable<string>): Stage[] {
  const stages = new Set<Stage>(['DETECTION']);
  for (const field of fields) {
    const stage = (faceFieldStages as Record<string, Stage | null | undefined>)[field];
    if (stage) stages.add(stage);
  }
  return [...stages];
}
