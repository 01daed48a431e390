import type { DetectorKind } from './detectors.ts';

/**
 * The stages, in execution order. What each stage needs, which model files it loads and how it runs
 * live in its stage module (inference-workers/stages/); this list is the shared vocabulary: the
 * GraphQL enum, the job contract and the stored rows use it. ALIGNMENT is internal (no result of its
 * own): it computes each face's 112x112 ArcFace crop once for QUALITY, RECOGNITION and AGE_GENDER.
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
  // Searches the tenant's gallery; a host stage (it needs the database), after the models.
  'IDENTIFICATION',
] as const;
export type Stage = (typeof stageNames)[number];

const defaultStages: readonly Stage[] = ['DETECTION'];

export function isStage(value: string): value is Stage {
  return (stageNames as readonly string[]).includes(value);
}

/** What the planner and the model profile read of a stage module (plain data, no models). */
export interface StageDescriptor {
  readonly name: Stage;
  /** `inference`: runs in an inference thread on the image; `host`: run by the job handler with the database. */
  readonly kind: 'inference' | 'host';
  readonly needs: readonly Stage[];
  /** Model files it loads with this detector (verified against the manifest before threads start). */
  files(detector: DetectorKind): readonly string[];
  /** Optional stages only: why the stage is unavailable when its files are not installed. A required stage's missing file stops the start. */
  readonly optional?: string;
}

/** The stage graph of a list of stage modules: needs, and plans in execution order. */
export interface StageGraph {
  readonly stages: Readonly<Record<Stage, StageDescriptor>>;
  /** Requested stages plus everything they need, in execution order (stable: `stageNames` order). */
  plan(requested: readonly Stage[] | null | undefined): Stage[];
}

export function createStageGraph(stages: Readonly<Record<Stage, StageDescriptor>>): StageGraph {
  for (const stage of stageNames) {
    const index = stageNames.indexOf(stage);
    for (const need of stages[stage].needs) {
      // Execution follows stageNames, so a need must come earlier in it.
      if (stageNames.indexOf(need) >= index) throw new Error(`stage ${stage} needs ${need}, which runs after it`);
    }
  }
  return {
    stages,
    plan(requested) {
      const wanted = new Set<Stage>();
      const visit = (stage: Stage): void => {
        if (wanted.has(stage)) return;
        for (const need of stages[stage].needs) visit(need);
        wanted.add(stage);
      };
      for (const stage of requested?.length ? requested : defaultStages) visit(stage);
      return stageNames.filter((s) => wanted.has(s));
    },
  };
}
