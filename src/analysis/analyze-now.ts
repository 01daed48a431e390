import type { FaceRecord, SessionRecord } from '../db/sessions.repository.ts';
import type { Stage } from '../pipeline/stages.ts';
import { analyzeAndWait } from './analyze-and-wait.ts';
import { readImageUpload, type UploadFile } from './image-upload.ts';
import type { Scope } from './services.ts';
import { planAvailableStages } from './submit-analysis.ts';

export interface AnalysisResult {
  session: SessionRecord;
  /** The stages that ran, in execution order (requested plus what they need). */
  stages: Stage[];
  faces: FaceRecord[];
}

/**
 * Analyses an image and waits for its result (ANALYSIS_WAIT_MS, TIMEOUT past it), running only
 * `requested` and what those stages need. A failed analysis is thrown as its error (BAD_IMAGE, ...),
 * as enrollFace does.
 */
export async function analyzeNow(scope: Scope, file: UploadFile, requested: readonly Stage[]): Promise<AnalysisResult> {
  const stages = planAvailableStages(scope.services, requested);
  const { session, faces } = await analyzeAndWait(scope, await readImageUpload(file, scope.services.config), stages);
  return { session, stages: session.stages, faces };
}
