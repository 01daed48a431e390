/**
 * The stage graph. Each stage names the stages it needs; `planStages` adds them and orders the
 * result so every stage runs after its needs. The next stages (LANDMARKS, RECOGNITION, ...) are
 * added here as their runners land.
 */
export const stageNames = ['DETECTION'] as const;
export type Stage = (typeof stageNames)[number];

const needs: Record<Stage, readonly Stage[]> = {
  DETECTION: [],
};

export const defaultStages: readonly Stage[] = ['DETECTION'];

export function isStage(value: string): value is Stage {
  return (stageNames as readonly string[]).includes(value);
}

/** Requested stages plus everything they need, in dependency order (stable: the graph's order). */
export function planStages(requested: readonly Stage[] | null | undefined): Stage[] {
  const wanted = new Set<Stage>();
  const visit = (stage: Stage): void => {
    if (wanted.has(stage)) return;
    for (const need of needs[stage]) visit(need);
    wanted.add(stage);
  };
  for (const stage of requested?.length ? requested : defaultStages) visit(stage);
  return stageNames.filter((s) => wanted.has(s));
}
