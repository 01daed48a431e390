/** One analysed frame's stage results as the tracker's input. */
import type { StageResults } from '../pipeline/results.ts';
import type { VideoFrameFaces } from './types.ts';

export type VideoStageResults = Partial<Pick<StageResults, 'DETECTION' | 'QUALITY' | 'RECOGNITION' | 'ANTI_SPOOFING' | 'DEEPFAKE' | 'AGE_GENDER'>>;

export interface FrameResultsInput {
  index: number;
  timestampMs: number;
  width: number;
  height: number;
  results: VideoStageResults;
}

/** The per-face stage arrays follow the detector's order, so face i of each stage is the same face. */
export function frameFacesFromResults(input: FrameResultsInput): VideoFrameFaces {
  const { index, timestampMs, width, height, results } = input;
  const faces = (results.DETECTION?.faces ?? []).map((f, i) => {
    const ageGender = results.AGE_GENDER?.faces[i];
    return {
      box: f.box,
      landmarks5: f.landmarks,
      score: f.score,
      quality: results.QUALITY?.faces[i]?.score ?? null,
      embedding: results.RECOGNITION?.faces[i]?.embedding ?? null,
      liveScore: results.ANTI_SPOOFING?.faces[i]?.liveScore ?? null,
      deepfakeScore: results.DEEPFAKE?.faces[i]?.fakeScore ?? null,
      age: ageGender?.age ?? null,
      gender: ageGender?.gender ?? null,
      genderProbability: ageGender?.genderProbability ?? null,
    };
  });
  return { index, timestampMs, width, height, faces };
}
