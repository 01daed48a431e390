import { DETECTOR_FILES, type DetectorKind } from '../detection/detector.ts';

/** What an inference thread needs to load its models; plain data so it crosses to worker threads. */
export interface EngineOptions {
  modelsDir: string;
  detector: DetectorKind;
  detectionScoreThreshold: number;
  intraOpThreads: number;
  executionProvider: 'cpu' | 'cuda';
}

/** Model files these options load (checked against the manifest before any thread starts). */
export function requiredModelFiles(options: EngineOptions): string[] {
  return [DETECTOR_FILES[options.detector]];
}
