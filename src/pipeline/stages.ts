/**
 * The stage graph. Each stage names the stages it needs; `planStages` adds them and orders the
 * result so every stage runs after its needs. ALIGNMENT is internal (no result of its own): it
 * computes each face's 112x112 ArcFace crop once for QUALITY, RECOGNITION and AGE_GENDER.
 */
export const stageNames = [
  'DETECTION',
  // Right after detection: a monitoring screen gets the liveness verdict before anything else.
  'ANTI_SPOOFING',
  'ALIGNMENT',
  'LANDMARKS',
  'QUALITY',
  'RECOGNITION',
  'AGE_GENDER',
  'DEEPFAKE',
  'EMOTION',
  // Searches the tenant's gallery; run by the job handler (it needs the database), after the models.
  'IDENTIFICATION',
] as const;
export type Stage = (typeof stageNames)[number];

export const stageNeeds: Readonly<Record<Stage, readonly Stage[]>> = {
  DETECTION: [],
  ALIGNMENT: ['DETECTION'],
  LANDMARKS: ['DETECTION'],
  // Blur and brightness are measured on the aligned crop, pose on the 68 landmarks.
  QUALITY: ['ALIGNMENT', 'LANDMARKS'],
  // Recognition respects the quality gate, so it needs QUALITY's verdict.
  RECOGNITION: ['ALIGNMENT', 'QUALITY'],
  ANTI_SPOOFING: ['DETECTION'],
  AGE_GENDER: ['ALIGNMENT'],
  DEEPFAKE: ['DETECTION'],
  EMOTION: ['DETECTION'],
  IDENTIFICATION: ['RECOGNITION'],
};

/** Stages the job handler runs itself, after the inference engine's. */
export const handlerStages: readonly Stage[] = ['IDENTIFICATION'];

export const defaultStages: readonly Stage[] = ['DETECTION'];

export function isStage(value: string): value is Stage {
  return (stageNames as readonly string[]).includes(value);
}

/** Requested stages plus everything they need, in dependency order (stable: the graph's order). */
export function planStages(requested: readonly Stage[] | null | undefined): Stage[] {
  const wanted = new Set<Stage>();
  const visit = (stage: Stage): void => {
    if (wanted.has(stage)) return;
    for (const need of stageNeeds[stage]) visit(need);
    wanted.add(stage);
  };
  for (const stage of requested?.length ? requested : defaultStages) visit(stage);
  return stageNames.filter((s) => wanted.has(s));
}
